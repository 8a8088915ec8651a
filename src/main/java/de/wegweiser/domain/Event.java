package de.wegweiser.domain;

import java.time.Instant;

/**
 * One thing a contact did, as reported by the CMS. Stored append-only; the same id is stored once.
 * In journey rules: {@code $event : Event( type == EventType.DOWNLOAD )}.
 *
 * @param id      chosen by the client; unique per contact, makes retries safe
 * @param at      when it happened (millisecond precision)
 * @param itemId  the catalog item it concerns, or null
 * @param channel the touchpoint it happened at ({@code website}, {@code email}, {@code trade-fair}, ...), or null
 * @param trackingId the recommendation answer an impression or click reports on, or null
 */
public record Event(String id, EventType type, Instant at, String itemId, String channel, String trackingId) {

    /** An event that reports on no particular recommendation answer. */
    public Event(String id, EventType type, Instant at, String itemId, String channel) {
        this(id, type, at, itemId, channel, null);
    }

    /** The fields that make two events with the same id the same event. */
    public boolean samePayload(Event other) {
        return type == other.type && at.equals(other.at) && java.util.Objects.equals(itemId, other.itemId)
                && java.util.Objects.equals(channel, other.channel) && java.util.Objects.equals(trackingId, other.trackingId);
    }
}
