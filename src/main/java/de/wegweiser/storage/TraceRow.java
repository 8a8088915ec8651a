package de.wegweiser.storage;

import java.time.Instant;

/**
 * A recommendation answer's trace as stored: the items with the rules that scored them, the rules
 * named by their index in the version's rule names ({@code item:3=10.0,5=2.5;item-2:...}).
 */
public record TraceRow(String trackingId, Instant answeredAt, String rulesVersion, String role, String language, String items) {}
