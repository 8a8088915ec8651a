package de.wegweiser.domain;

/**
 * How often a contact did something so far, the event being judged included. In journey rules:
 * {@code EventCount( type == EventType.PRICING_VIEW, count >= 2 )}. Types never seen have no fact.
 */
public record EventCount(EventType type, long count) {}
