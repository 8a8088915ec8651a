package de.wegweiser.domain;

/**
 * The contact's lead score at the time of the event being judged, decayed and including the
 * points other rules gave that event so far. In journey rules: {@code LeadScore( value >= 50 )}.
 */
public record LeadScore(double value) {}
