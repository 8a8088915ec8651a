package de.wegweiser.insights;

import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.storage.InsightRows;
import de.wegweiser.storage.InsightRows.Bumps;
import de.wegweiser.storage.InsightRows.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the insight aggregates up to date inside the transaction that writes a contact's events,
 * phase changes or erasure, so every report reads sums instead of events. Days are UTC days.
 */
public final class InsightRecorder {

    private final Tracker tracker;

    public InsightRecorder(Tracker tracker) {
        this.tracker = tracker;
    }

    public Tracker tracker() { return tracker; }

    static LocalDate day(Instant at) { return at.atZone(ZoneOffset.UTC).toLocalDate(); }

    static String channel(String channel) { return channel == null ? "" : channel; }

    /** Whole days between two times, never negative. */
    static int days(Instant from, Instant to) { return (int) Math.max(0, Duration.between(from, to).toDays()); }

    /**
     * Counts newly stored events and the phase changes they caused. Call after the journey state
     * (consumed items, changes) was written.
     */
    public void eventsStored(InsightRows rows, ContactProfile profile, List<Event> events, List<JourneyChange> changes) {
        Bumps bumps = new Bumps();
        for (Event event : events) countEvent(rows, bumps, event.type().name(), event.at(), event.itemId(), event.channel(),
                event.trackingId(), profile.role(), profile.language(), 1);
        rows.labelConsumptions(profile.id(), profile.role(), profile.language());
        movesMade(rows, bumps, profile, changes, channelsOf(rows, profile.id()));
        rows.apply(bumps);
    }

    /** Counts a phase the CMS set (no event: no channel). */
    public void phaseSet(InsightRows rows, ContactProfile profile, List<JourneyChange> changes) {
        Bumps bumps = new Bumps();
        movesMade(rows, bumps, profile, changes, eventId -> "");
        rows.apply(bumps);
    }

    /** Takes everything the contact added out of every aggregate; call before its rows are deleted. */
    public void erasing(InsightRows rows, String contactId) {
        Bumps bumps = new Bumps();
        for (InsightRows.CountedEvent e : rows.countedEvents(contactId)) {
            countEvent(rows, bumps, e.type(), e.at(), e.itemId(), e.channel(), e.trackingId(), e.role(), e.language(), -1);
        }
        for (InsightRows.CountedMove m : rows.countedMoves(contactId)) {
            bumps.add(Table.MOVE, new Object[] {day(m.at()), m.from(), m.to(), m.daysInPhase()}, m.language(), m.role(),
                    channel(m.channel()), -1);
        }
        for (InsightRows.Consumption c : rows.influenced(contactId)) {
            bumps.add(Table.INFLUENCE, new Object[] {day(c.at()), c.itemId(), c.movedDays()}, c.language(), c.role(),
                    channel(c.channel()), -1);
        }
        rows.apply(bumps);
    }

    private static final List<EventType> ITEM_COUNTERS = List.of(EventType.RECOMMENDATION_IMPRESSION, EventType.RECOMMENDATION_CLICK,
            EventType.CONTENT_VIEW, EventType.DOWNLOAD, EventType.FORM_SUBMIT);

    /**
     * What an event of the type adds to its item's row (a counter per type the item report shows,
     * in the table's order), or null for a type that no report shows.
     */
    public static double[] itemDelta(String type, int sign) {
        for (int i = 0; i < ITEM_COUNTERS.size(); i++) {
            if (ITEM_COUNTERS.get(i).name().equals(type)) {
                double[] delta = new double[Table.ITEM.counters()];
                delta[i] = sign;
                return delta;
            }
        }
        return null;
    }

    private static void countItem(Bumps bumps, LocalDate day, String itemId, String type, String language, String role, String channel,
                                  int sign) {
        double[] delta = itemDelta(type, sign);
        if (delta != null) bumps.add(Table.ITEM, new Object[] {day, itemId}, language, role, channel(channel), delta);
    }

    /** Counts an anonymous impression or click of an item of the traced answer. */
    public void feedback(InsightRows rows, Trace trace, EventType type, String itemId, Instant at, String channel) {
        Bumps bumps = new Bumps();
        countItem(bumps, day(at), itemId, type.name(), trace.language(), trace.role(), channel, 1);
        countRules(bumps, trace, type.name(), itemId, at, channel, trace.role(), trace.language(), 1);
        rows.apply(bumps);
    }

    private void countEvent(InsightRows rows, Bumps bumps, String type, Instant at, String itemId, String channel, String trackingId,
                            String role, String language, int sign) {
        if (itemId == null) return;
        countItem(bumps, day(at), itemId, type, language, role, channel, sign);
        if (trackingId == null) return;
        Optional<Trace> trace = tracker.find(rows, trackingId);
        trace.ifPresent(t -> countRules(bumps, t, type, itemId, at, channel, role, language, sign));
    }

    /** An impression or click of a traced item counts for every rule that scored the item, and for the version's total (rule ''). */
    private static void countRules(Bumps bumps, Trace trace, String type, String itemId, Instant at, String channel, String role,
                                   String language, int sign) {
        boolean impression = EventType.RECOMMENDATION_IMPRESSION.name().equals(type);
        if (!impression && !EventType.RECOMMENDATION_CLICK.name().equals(type)) return;
        List<Trace.RulePoints> rules = trace.items().get(itemId);
        if (rules == null) return;
        Object[] total = {day(at), trace.rulesVersion(), ""};
        bumps.add(Table.RULE, total, language, role, channel(channel), impression ? sign : 0, impression ? 0 : sign, 0);
        for (Trace.RulePoints rule : rules) {
            Object[] key = {day(at), trace.rulesVersion(), cut(rule.rule())};
            bumps.add(Table.RULE, key, language, role, channel(channel), impression ? sign : 0, impression ? 0 : sign,
                    impression ? sign * rule.points() : 0);
        }
    }

    private static String cut(String rule) { return rule.length() <= 300 ? rule : rule.substring(0, 300); }

    private interface Channels {
        String of(String eventId);
    }

    private static Channels channelsOf(InsightRows rows, String contactId) {
        return eventId -> rows.channelOf(contactId, eventId);
    }

    private static void movesMade(InsightRows rows, Bumps bumps, ContactProfile profile, List<JourneyChange> changes, Channels channels) {
        Instant since = null;
        for (JourneyChange change : changes) {
            if (change.kind() != JourneyChange.Kind.PHASE) continue;
            if (since == null) since = rows.phaseSince(profile.id()).orElse(change.at());
            JourneyPhase from = JourneyPhase.parse(change.from()).orElseThrow();
            JourneyPhase to = JourneyPhase.parse(change.to()).orElseThrow();
            String channel = channels.of(change.eventId());
            int inPhase = days(since, change.at());
            bumps.add(Table.MOVE, new Object[] {day(change.at()), from.id(), to.id(), inPhase}, profile.language(), profile.role(),
                    channel, 1);
            rows.labelMove(profile.id(), change.at(), to.id(), change.eventId(), profile.role(), profile.language(), channel, inPhase);
            since = change.at().isAfter(since) ? change.at() : since;
            rows.setPhaseSince(profile.id(), since);
            if (!from.isBefore(to)) continue;
            // the first move to a later phase after consuming an item counts as the item's influence, once per contact
            for (InsightRows.Consumption c : rows.unmovedConsumptions(profile.id(), change.at())) {
                int moved = days(c.at(), change.at());
                bumps.add(Table.INFLUENCE, new Object[] {day(c.at()), c.itemId(), moved}, c.language(), c.role(), channel(c.channel()), 1);
                rows.setMovedDays(profile.id(), c.itemId(), moved);
            }
        }
    }
}
