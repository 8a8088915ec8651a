package de.wegweiser.contacts;

import de.wegweiser.domain.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event id was stored before with a different payload. Event ids make retries safe; reusing one
 * for another event is a client bug, and nothing of the request is stored.
 */
public class EventConflictException extends RuntimeException {

    /** One field that differs, e.g. {@code type}: {@code stored 'download', sent 'content-view'}. */
    public record Difference(String field, String message) {}

    private final int index;
    private final List<Difference> differences;

    /** @param index position of the event in the request */
    public EventConflictException(int index, Event stored, Event sent) {
        super("event '%s' was stored before with a different payload; an event id stands for one event".formatted(sent.id()));
        this.index = index;
        this.differences = differences(stored, sent);
    }

    public int index() { return index; }

    public List<Difference> differences() { return differences; }

    private static List<Difference> differences(Event stored, Event sent) {
        List<Difference> out = new ArrayList<>();
        add(out, "type", stored.type().id(), sent.type().id());
        add(out, "at", stored.at().toString(), sent.at().toString());
        add(out, "itemId", stored.itemId(), sent.itemId());
        add(out, "channel", stored.channel(), sent.channel());
        add(out, "trackingId", stored.trackingId(), sent.trackingId());
        return List.copyOf(out);
    }

    private static void add(List<Difference> out, String field, String stored, String sent) {
        if (!Objects.equals(stored, sent)) out.add(new Difference(field, "stored %s, sent %s".formatted(quote(stored), quote(sent))));
    }

    private static String quote(String value) { return value == null ? "nothing" : "'" + value + "'"; }
}
