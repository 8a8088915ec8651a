package de.wegweiser.accounts;

import de.wegweiser.domain.Account;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.RoleCoverage;
import de.wegweiser.domain.ScoreMethod;
import de.wegweiser.domain.TrackedContact;
import de.wegweiser.rules.AccountEffect;
import java.time.Instant;
import java.util.List;

/**
 * An account judged as a whole by the account rules, as of a moment: its members, the buying
 * center it needs and how far each role is covered, its phase, status, engagement score and gaps,
 * each decision with the rule that made it.
 *
 * @param account      the fact the rules saw last (phase, status, covered and missing roles and concerns)
 * @param phase        the phase and the rule that decided it; null when no rule did
 * @param status       the status and the rule that decided it; null when no rule did
 * @param scoreMethod  how the members' scores were combined and the rule that said so; null: summed, no rule
 * @param coverage     for every role needed or present, what it judges by and what it has seen
 * @param gaps         in firing order, each once
 * @param lastActivity the latest engagement of any member, or null
 */
public record AccountAssessment(Account account, List<Member> members, Decision<JourneyPhase> phase, Decision<LifecycleStatus> status,
                                Decision<ScoreMethod> scoreMethod, double score, List<RoleCoverage> coverage,
                                List<AccountEffect.Gap> gaps, Instant lastActivity, String rulesVersion) {

    /** A member as the account sees it: the stored contact, its faded lead score, what it consumed, whether it is active. */
    public record Member(TrackedContact contact, double leadScore, List<ConsumedItem> consumed, boolean active) {
        public String id() { return contact.id(); }
    }

    /** What a rule decided, and why, in English and German. */
    public record Decision<T>(T value, String rule, String reasonEn, String reasonDe) {
        public String reason(String language) { return "de".equals(language) && reasonDe != null ? reasonDe : reasonEn; }
    }

    public AccountAssessment {
        members = List.copyOf(members);
        coverage = List.copyOf(coverage);
        gaps = List.copyOf(gaps);
    }

    public String id() { return account.id(); }
}
