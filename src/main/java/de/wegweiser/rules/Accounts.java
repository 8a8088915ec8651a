package de.wegweiser.rules;

import de.wegweiser.domain.Account;
import de.wegweiser.domain.AccountMember;
import de.wegweiser.domain.GapKind;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.ScoreMethod;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The vocabulary of an account rule's right-hand side ({@code rules/account/*.drl}). Import in a
 * DRL file with {@code import function de.wegweiser.rules.Accounts.needsRole;}. The helpers only
 * say what the rule decided; the service applies it after the rules ran, and records the rule's
 * name with the decision, so every phase, status and gap comes back with the rule and its reason.
 *
 * <p>Texts of gaps may name the role, the concern, the member and the phases with
 * {@code {role}}, {@code {concern}}, {@code {member}}, {@code {phase}} (the member's) and
 * {@code {accountPhase}}: they are filled in with names in the reader's language.
 */
public final class Accounts {

    private Accounts() {}

    /** The buying center needs someone of the role, convinced on the concern. */
    public static void needsRole(Account account, String role, String concern) {
        needs(role, concern);
    }

    public static void needsRole(Account account, String role, String concern, String another) {
        needs(role, concern, another);
    }

    public static void needsRole(Account account, String role, String concern, String another, String third) {
        needs(role, concern, another, third);
    }

    private static void needs(String role, String... concerns) {
        if (role == null || role.isBlank()) throw new IllegalArgumentException("needsRole needs a role id, e.g. \"finance\"");
        Set<String> set = new LinkedHashSet<>();
        for (String concern : concerns) if (concern != null && !concern.isBlank()) set.add(concern);
        Journal journal = Journal.current();
        journal.add(new AccountEffect.RoleNeeded(journal.rule, role, set));
    }

    /** The account's phase. If several rules decide it, the furthest phase wins. */
    public static void decidePhase(Account account, JourneyPhase phase, String english, String german) {
        if (phase == null) throw new IllegalArgumentException("decidePhase needs a phase, e.g. JourneyPhase.CONSIDERATION");
        Journal journal = Journal.current();
        journal.add(new AccountEffect.PhaseDecision(journal.rule, phase, english, german));
    }

    /** The account's status. If several rules decide it, the most advanced status wins. */
    public static void decideStatus(Account account, LifecycleStatus status, String english, String german) {
        if (status == null) throw new IllegalArgumentException("decideStatus needs a status, e.g. LifecycleStatus.CUSTOMER");
        Journal journal = Journal.current();
        journal.add(new AccountEffect.StatusDecision(journal.rule, status, english, german));
    }

    /** How the members' lead scores make the account's engagement score. The first rule that says so wins. */
    public static void combineScores(Account account, ScoreMethod method, String english, String german) {
        if (method == null) throw new IllegalArgumentException("combineScores needs a method, e.g. ScoreMethod.SUM");
        Journal journal = Journal.current();
        journal.add(new AccountEffect.ScoreDecision(journal.rule, method, english, german));
    }

    /** A gap: nobody of a role the buying center needs is known. */
    public static void roleMissing(Account account, String role, String english, String german) {
        Journal journal = Journal.current();
        journal.add(new AccountEffect.Gap(journal.rule, GapKind.MISSING_ROLE, role, null, null, english, german));
    }

    /** A gap: the members of a role have seen nothing on a concern they judge by. */
    public static void concernUnseen(Account account, String role, String concern, String english, String german) {
        Journal journal = Journal.current();
        journal.add(new AccountEffect.Gap(journal.rule, GapKind.UNSEEN_CONCERN, role, concern, null, english, german));
    }

    /** A gap: the member is behind the account. */
    public static void memberBehind(Account account, AccountMember member, String english, String german) {
        Journal journal = Journal.current();
        journal.add(new AccountEffect.Gap(journal.rule, GapKind.LAGGING_MEMBER, member.role(), null, member.contactId(), english, german));
    }

    /** What the account rules say during one session run, bound to the evaluating thread. */
    static final class Journal {
        private static final ThreadLocal<Journal> CURRENT = new ThreadLocal<>();

        private final List<AccountEffect> effects = new ArrayList<>();
        private String rule = "?";

        void bind() { CURRENT.set(this); }

        static void unbind() { CURRENT.remove(); }

        static Journal current() {
            Journal journal = CURRENT.get();
            if (journal == null) throw new IllegalStateException("an account helper was called outside an account rule evaluation");
            return journal;
        }

        void enterRule(String name) { rule = name; }

        void add(AccountEffect effect) { effects.add(effect); }

        List<AccountEffect> effects() { return List.copyOf(effects); }
    }
}
