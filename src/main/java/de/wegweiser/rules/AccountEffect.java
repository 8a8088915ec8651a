package de.wegweiser.rules;

import de.wegweiser.domain.GapKind;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.ScoreMethod;
import java.util.Set;

/** What an account rule said about the account it judged: one call of an {@link Accounts} helper. */
public sealed interface AccountEffect {

    /** The name of the rule that said it. */
    String rule();

    /** The buying center needs the role, and the role must see content on these concerns. */
    record RoleNeeded(String rule, String role, Set<String> concerns) implements AccountEffect {
        public RoleNeeded {
            concerns = Set.copyOf(concerns);
        }
    }

    record PhaseDecision(String rule, JourneyPhase phase, String reasonEn, String reasonDe) implements AccountEffect {}

    record StatusDecision(String rule, LifecycleStatus status, String reasonEn, String reasonDe) implements AccountEffect {}

    record ScoreDecision(String rule, ScoreMethod method, String reasonEn, String reasonDe) implements AccountEffect {}

    /**
     * A gap; texts may hold {@code {role}}, {@code {concern}}, {@code {member}}, {@code {phase}} and
     * {@code {accountPhase}}, filled in with names in the reader's language.
     *
     * @param role      the role concerned, or null
     * @param concern   the concern not seen, or null
     * @param contactId the member lagging behind, or null
     */
    record Gap(String rule, GapKind kind, String role, String concern, String contactId, String textEn, String textDe)
            implements AccountEffect {}
}
