package de.wegweiser.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a contact stands, derived from their events by the journey rules.
 *
 * @param lifecycle         null until a rule or the CMS sets a status
 * @param score             the lead score as of {@code scoreAsOf}; it decays from there
 * @param scoreAsOf         the time the score refers to, null before the first points
 * @param events            events stored for the contact; also the sequence number of the last one
 * @param phaseEngagements  engagements since the contact entered the current phase
 * @param lastEngagementAt  the latest time the contact did something, or null
 */
public record ContactState(JourneyPhase phase, LifecycleStatus lifecycle, double score, Instant scoreAsOf,
                           long events, long phaseEngagements, Instant lastEngagementAt) {

    public static ContactState initial() {
        return new ContactState(JourneyPhase.NON_AWARENESS, null, 0, null, 0, 0, null);
    }

    /**
     * The score at a given time: it halves every {@code halfLife}. Before {@code scoreAsOf} the score
     * does not grow back; the stored value is the best we know.
     */
    public double scoreAt(Instant time, Duration halfLife) {
        if (scoreAsOf == null || !time.isAfter(scoreAsOf)) return score;
        return score * decay(Duration.between(scoreAsOf, time), halfLife);
    }

    /** 0.5 per half-life; no decay without a half-life. */
    public static double decay(Duration elapsed, Duration halfLife) {
        if (halfLife == null || halfLife.isZero() || halfLife.isNegative()) return 1;
        return Math.pow(0.5, (double) elapsed.toMillis() / halfLife.toMillis());
    }
}
