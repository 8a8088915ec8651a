package de.wegweiser.domain;

import java.time.Instant;

/** A catalog item the contact consumed, when, and through which event. */
public record ConsumedItem(String itemId, Instant at, String eventId) {}
