package de.wegweiser.accounts;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Account;
import de.wegweiser.domain.AccountMember;
import de.wegweiser.domain.ConcernCoverage;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.PhaseReach;
import de.wegweiser.domain.RoleCoverage;
import de.wegweiser.domain.ScoreMethod;
import de.wegweiser.rules.AccountEffect;
import de.wegweiser.rules.AccountRuleBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Judges an account with the account rules, from its members' stored state alone (no database).
 *
 * <p>The rules run in rounds, like the journey rules for an event: the first round knows the
 * members and how far each phase is reached; the buying center the rules ask for
 * ({@code needsRole}) and the phase and status they decide go into the facts of the next round
 * (coverage per role and concern, the account's phase), where the gap rules see them. The rounds
 * end when a round decides what the one before did; rules that undo each other end in an
 * {@link AccountRulesLoopException}.
 */
public final class AccountInference {

    /** The bundled rules settle in two rounds. */
    static final int MAX_ROUNDS = 6;

    private final AccountRuleBook rules;
    private final Catalog catalog;

    public AccountInference(AccountRuleBook rules, Catalog catalog) {
        this.rules = rules;
        this.catalog = catalog;
    }

    /**
     * @param members the account's members, each with its lead score as of {@code now} and what it consumed
     * @param now     what "active" is measured from
     */
    public AccountAssessment assess(String accountId, List<AccountAssessment.Member> members, Instant now) {
        Duration window = rules.settings().activeWindow();
        List<AccountAssessment.Member> judged = new ArrayList<>();
        for (AccountAssessment.Member m : members) {
            Instant last = m.contact().state().lastEngagementAt();
            boolean active = last != null && (window == null || !last.isBefore(now.minus(window)));
            judged.add(new AccountAssessment.Member(m.contact(), m.leadScore(), m.consumed(), active));
        }
        List<AccountMember> facts = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        Instant lastActivity = null;
        for (AccountAssessment.Member m : judged) {
            var profile = m.contact().profile();
            var state = m.contact().state();
            facts.add(new AccountMember(m.id(), profile.role(), profile.concerns(), state.phase(), state.lifecycle(), m.leadScore(),
                    m.active(), seenConcerns(m.consumed())));
            roles.add(profile.role());
            Instant last = state.lastEngagementAt();
            if (last != null && (lastActivity == null || last.isAfter(lastActivity))) lastActivity = last;
        }
        int active = (int) judged.stream().filter(AccountAssessment.Member::active).count();
        List<PhaseReach> reach = new ArrayList<>();
        for (JourneyPhase phase : JourneyPhase.values()) {
            int all = 0;
            int activeHere = 0;
            for (AccountMember member : facts) {
                if (!member.phase().isBefore(phase)) {
                    all++;
                    if (member.active()) activeHere++;
                }
            }
            reach.add(new PhaseReach(phase, all, activeHere));
        }

        Map<String, Set<String>> needs = new LinkedHashMap<>();
        AccountAssessment.Decision<JourneyPhase> phase = null;
        AccountAssessment.Decision<LifecycleStatus> status = null;
        for (int round = 1; ; round++) {
            List<RoleCoverage> coverage = coverage(needs, facts);
            Account account = account(accountId, facts, active, phase, status, roles, needs, coverage);
            List<Object> roundFacts = new ArrayList<>();
            roundFacts.add(account);
            roundFacts.addAll(facts);
            roundFacts.addAll(reach);
            roundFacts.addAll(coverage);
            for (RoleCoverage role : coverage) {
                for (String concern : role.concerns()) {
                    roundFacts.add(new ConcernCoverage(role.role(), concern, role.members(), role.seenConcerns().contains(concern)));
                }
            }
            Round said = Round.of(rules.evaluate(roundFacts));
            if (said.needs().equals(needs) && Objects.equals(said.phase(), phase) && Objects.equals(said.status(), status)) {
                double score = (said.scoreMethod() == null ? ScoreMethod.SUM : said.scoreMethod().value())
                        .combine(judged.stream().map(AccountAssessment.Member::leadScore).toList());
                return new AccountAssessment(account, judged, phase, status, said.scoreMethod(), score, coverage, said.gaps(),
                        lastActivity, rules.version());
            }
            if (round == MAX_ROUNDS) throw new AccountRulesLoopException(accountId, round);
            needs = said.needs();
            phase = said.phase();
            status = said.status();
        }
    }

    private Set<String> seenConcerns(List<ConsumedItem> consumed) {
        Set<String> seen = new LinkedHashSet<>();
        for (ConsumedItem item : consumed) catalog.item(item.itemId()).map(ContentItem::concerns).ifPresent(seen::addAll);
        return seen;
    }

    /** Every role the rules need and every role a member has: what it judges by and what its members have seen. */
    private static List<RoleCoverage> coverage(Map<String, Set<String>> needs, List<AccountMember> members) {
        Map<String, Set<String>> concerns = new LinkedHashMap<>();
        needs.forEach((role, wanted) -> concerns.put(role, new LinkedHashSet<>(wanted)));
        for (AccountMember member : members) concerns.computeIfAbsent(member.role(), r -> new LinkedHashSet<>()).addAll(member.concerns());
        List<RoleCoverage> coverage = new ArrayList<>();
        concerns.forEach((role, judgedBy) -> {
            int count = 0;
            Set<String> seen = new LinkedHashSet<>();
            for (AccountMember member : members) {
                if (!member.role().equals(role)) continue;
                count++;
                for (String concern : judgedBy) if (member.hasSeen(concern)) seen.add(concern);
            }
            Set<String> missing = new LinkedHashSet<>(judgedBy);
            missing.removeAll(seen);
            coverage.add(new RoleCoverage(role, count, judgedBy, seen, missing));
        });
        return coverage;
    }

    private static Account account(String id, List<AccountMember> members, int active, AccountAssessment.Decision<JourneyPhase> phase,
                                   AccountAssessment.Decision<LifecycleStatus> status, Set<String> roles,
                                   Map<String, Set<String>> needs, List<RoleCoverage> coverage) {
        Set<String> missingRoles = new LinkedHashSet<>();
        Set<String> covered = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>();
        for (RoleCoverage role : coverage) {
            if (role.members() == 0 && needs.containsKey(role.role())) missingRoles.add(role.role());
            covered.addAll(role.seenConcerns());
            missing.addAll(role.missingConcerns());
        }
        return new Account(id, members.size(), active, phase == null ? null : phase.value(), status == null ? null : status.value(),
                roles, missingRoles, covered, missing);
    }

    /** What one round of the rules said. */
    private record Round(Map<String, Set<String>> needs, AccountAssessment.Decision<JourneyPhase> phase,
                         AccountAssessment.Decision<LifecycleStatus> status, AccountAssessment.Decision<ScoreMethod> scoreMethod,
                         List<AccountEffect.Gap> gaps) {

        static Round of(List<AccountEffect> effects) {
            Map<String, Set<String>> needs = new LinkedHashMap<>();
            AccountAssessment.Decision<JourneyPhase> phase = null;
            AccountAssessment.Decision<LifecycleStatus> status = null;
            AccountAssessment.Decision<ScoreMethod> method = null;
            Set<AccountEffect.Gap> gaps = new LinkedHashSet<>();
            for (AccountEffect effect : effects) {
                if (effect instanceof AccountEffect.RoleNeeded n) {
                    needs.computeIfAbsent(n.role(), r -> new LinkedHashSet<>()).addAll(n.concerns());
                } else if (effect instanceof AccountEffect.PhaseDecision p) {
                    // several decisions: the furthest phase wins, the first rule on a tie
                    if (phase == null || p.phase().ordinal() > phase.value().ordinal()) {
                        phase = new AccountAssessment.Decision<>(p.phase(), p.rule(), p.reasonEn(), p.reasonDe());
                    }
                } else if (effect instanceof AccountEffect.StatusDecision s) {
                    if (status == null || s.status().ordinal() > status.value().ordinal()) {
                        status = new AccountAssessment.Decision<>(s.status(), s.rule(), s.reasonEn(), s.reasonDe());
                    }
                } else if (effect instanceof AccountEffect.ScoreDecision d) {
                    if (method == null) method = new AccountAssessment.Decision<>(d.method(), d.rule(), d.reasonEn(), d.reasonDe());
                } else if (effect instanceof AccountEffect.Gap g) {
                    gaps.add(g);
                }
            }
            return new Round(needs, phase, status, method, List.copyOf(gaps));
        }
    }
}
