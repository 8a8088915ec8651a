package de.wegweiser.domain;

import java.time.Instant;

/**
 * How the contact reacted to the event's item when we recommended it: impressions since the last
 * click, view or pause, counting the event being judged. One fact, for the event's item only.
 *
 * @param pausedUntil end of the current pause of the item, or null
 */
public record Exposure(String itemId, int impressionsWithoutClick, Instant pausedUntil) {}
