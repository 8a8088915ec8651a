package de.wegweiser.domain;

/**
 * What the contact did since entering the current phase: {@code PhaseActivity( engagements >= 5 )}.
 * Impressions do not count; the event being judged does.
 */
public record PhaseActivity(JourneyPhase phase, long engagements) {}
