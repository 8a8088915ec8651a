package de.wegweiser.scenarios;

import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import java.time.Duration;
import java.time.Instant;

/**
 * One thing a scenario's contact did, as written under {@code events:}.
 *
 * @param line    the line of the scenario file it was written on
 * @param id      the event id; generated ({@code e1}, {@code e2}, ...) when the scenario gives none
 * @param itemId  the catalog item, or null
 * @param at      when it happened, or null to place it {@code daysAgo} days before the check's time
 * @param daysAgo days before the check's time (noon of the day); 0 when not given
 */
public record ScenarioEvent(int line, String id, EventType type, String itemId, Instant at, int daysAgo) {

    /** The event as the CMS would report it, on the day of the check. */
    public Event toEvent(Instant now) {
        return new Event(id, type, at != null ? at : now.minus(Duration.ofDays(daysAgo)), itemId, null);
    }

    public String describe() {
        return id + " (" + type.id() + (itemId == null ? "" : " " + itemId) + ")";
    }
}
