package de.wegweiser.domain;

import java.time.Instant;

/**
 * One change of a contact's journey state, with the rule and the reason: an entry of the history.
 *
 * @param at      the time of the event that caused it, or of the explicit change
 * @param from    the value before (phase or status id), null for points and pauses
 * @param to      the value after (phase or status id), the paused item's id, or null for points
 * @param points  points added (score changes only)
 * @param eventId the event that caused it, or null when the CMS set it
 */
public record JourneyChange(Instant at, Kind kind, String from, String to, double points, String rule,
                            String reasonEn, String reasonDe, String eventId) {

    public enum Kind {
        PHASE, STATUS, SCORE, PAUSE;

        public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
    }

    public String reason(String language) {
        return "de".equals(language) && reasonDe != null && !reasonDe.isBlank() ? reasonDe : reasonEn;
    }
}
