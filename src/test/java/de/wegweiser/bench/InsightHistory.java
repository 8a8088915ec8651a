package de.wegweiser.bench;

import de.wegweiser.contacts.ContactService;
import de.wegweiser.contacts.JourneyInference;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TermKind;
import de.wegweiser.insights.InsightRecorder;
import de.wegweiser.insights.Trace;
import de.wegweiser.insights.Tracker;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.InsightRows.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An event history for the insight reports that can be written two ways with the same result:
 * event by event through the real event path ({@link ContactService#record}, what the HTTP API
 * calls), or in bulk as the aggregate and contact rows that path leaves behind
 * ({@link de.wegweiser.storage.InsightRows#load}), which reaches 10 million events in under two
 * minutes (the event path would take hours). {@code InsightHistoryTest} proves that both give the same reports.
 *
 * <p>The history is made of templates: a contact profile with a few visits, each an answer of the
 * live rules (traced), impressions of its items, some clicks, reads or downloads and forms,
 * inferred once with the real journey rules ({@link JourneyInference}). Every contact of the
 * history is a template moved in time by whole days: the journey rules and the aggregates look
 * only at time differences and UTC days, so a moved contact's figures are the template's, moved.
 * What the event path does for the aggregates ({@code InsightRecorder}) is done again here in
 * memory; the test keeps the two in step.
 */
public final class InsightHistory {

    static final String[] CHANNELS = {"website", "website", "website", "email", "email", "social", "trade-fair", null};
    static final Set<String> DOWNLOADS = Set.of("whitepaper", "e-book", "study", "checklist", "datasheet");
    /**
     * Longest span of one template's events. The templates start this many days before the year
     * that the reports look at, and contacts are moved by 0 to 365 days: every day of that year
     * gets about as many events as any other.
     */
    static final int SPAN_DAYS = 60;

    /** One aggregate row a template adds: the table, the split columns' values, the key (day first) and counters. */
    record Bump(Table table, String language, String role, String channel, Object[] key, double[] delta) {
        String split(String column) {
            return switch (column) {
                case "language" -> language;
                case "role" -> role;
                default -> channel;
            };
        }
    }

    /**
     * A contact profile with its visits (the events of each visit are sent as one request), what
     * the event path adds to the aggregates for it, and its state after the last event.
     *
     * @param phaseSince the time of its last phase move, or null without one
     */
    record Template(ContactProfile profile, List<List<Event>> visits, List<Bump> bumps, ContactState state, Instant phaseSince) {
        int events() { return visits.stream().mapToInt(List::size).sum(); }
    }

    /** The n-th contact of the history: a template moved by whole days. */
    record Member(int template, int shiftDays) {}

    final Instant origin;
    final Instant now;
    final List<Template> templates;
    final List<Member> members;

    private InsightHistory(Instant origin, Instant now, List<Template> templates, List<Member> members) {
        this.origin = origin;
        this.now = now;
        this.templates = templates;
        this.members = members;
    }

    /**
     * A history of about {@code events} events of the year before {@code now}.
     *
     * @param tracker traces the templates' answers (the event path finds them there)
     */
    static InsightHistory generate(RecommendationService service, Tracker tracker, Instant now, int templates, long events, long seed) {
        Random random = new Random(seed);
        Instant origin = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(365 + SPAN_DAYS));
        List<Template> made = new ArrayList<>();
        for (int t = 0; t < templates; t++) made.add(template(service, tracker, origin, "template-" + t, random));
        List<Member> members = new ArrayList<>();
        InsightHistory history = new InsightHistory(origin, now, made, members);
        long count = 0;
        while (count < events) {
            Member member = new Member(random.nextInt(made.size()), random.nextInt(366));
            members.add(member);
            count += history.eventsInYear(member);
        }
        return history;
    }

    /** All events, also those before the year the reports look at (the early visits of contacts that started then). */
    long events() { return members.stream().mapToLong(m -> templates.get(m.template()).events()).sum(); }

    /** The events of the year before today, the window the reports look at. */
    long eventsInYear() { return members.stream().mapToLong(this::eventsInYear).sum(); }

    private long eventsInYear(Member member) {
        LocalDate first = day(now).minusDays(365);
        return templates.get(member.template()).visits().stream().flatMap(List::stream)
                .filter(e -> !day(e.at()).plusDays(member.shiftDays()).isBefore(first)).count();
    }

    static String contactId(int member) { return "history-" + member; }

    private static Template template(RecommendationService service, Tracker tracker, Instant origin, String id, Random random) {
        var snapshot = service.snapshot();
        var taxonomy = snapshot.catalog().taxonomy();
        List<String> roles = taxonomy.ids(TermKind.ROLE);
        ContactProfile profile = new ContactProfile(id, roles.get(random.nextInt(roles.size())), Set.of(), Set.of(),
                random.nextInt(10) < 6 ? "de" : "en", null, null, false);
        JourneyInference inference = new JourneyInference(snapshot.journey(), snapshot.catalog(), profile, ContactState.initial(),
                JourneyInference.History.none(Set.of()));
        Recorder recorder = new Recorder(profile);
        List<List<Event>> visits = new ArrayList<>();
        Instant at = origin.plus(Duration.ofHours(random.nextInt(24 * 10)));
        Instant end = origin.plus(Duration.ofDays(SPAN_DAYS - 1)); // the last visit's clicks and reads still end inside the span
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        int count = 2 + random.nextInt(12);
        for (int v = 0; v < count && at.isBefore(end); v++) {
            RecommendationResult answer = service.recommend(profile.toContact(inference.state(), inference.consumed()), 5);
            String trackingId = tracker.track(answer);
            Trace trace = tracker.find(trackingId).orElseThrow();
            List<Event> visit = new ArrayList<>();
            for (Recommendation r : answer.recommendations()) {
                ContentItem item = r.item();
                String eventId = "v" + v + "-" + visit.size();
                visit.add(new Event(eventId, EventType.RECOMMENDATION_IMPRESSION, at, item.id(), channel, trackingId));
                if (random.nextInt(4) != 0) continue;
                Instant click = at.plus(Duration.ofMinutes(1 + random.nextInt(30)));
                visit.add(new Event("v" + v + "-" + visit.size(), EventType.RECOMMENDATION_CLICK, click, item.id(), channel, trackingId));
                visit.add(new Event("v" + v + "-" + visit.size(), DOWNLOADS.contains(item.format()) ? EventType.DOWNLOAD
                        : EventType.CONTENT_VIEW, click.plusSeconds(30), item.id(), channel));
                if (item.gated() || random.nextInt(8) == 0) {
                    visit.add(new Event("v" + v + "-" + visit.size(), EventType.FORM_SUBMIT, click.plusSeconds(60), item.id(), channel));
                }
            }
            recorder.visit(inference, visit, trace);
            visits.add(visit);
            at = at.plus(Duration.ofHours(12 + random.nextInt(24 * 5)));
            if (random.nextInt(3) == 0) channel = CHANNELS[random.nextInt(CHANNELS.length)];
        }
        return new Template(profile, visits, recorder.bumps, inference.state(), recorder.phaseSince);
    }

    /**
     * What {@code InsightRecorder} adds for a contact's requests, in memory: events per item, type
     * and day; impressions, clicks and points per traced rule; phase moves with the days spent in
     * the phase; influence of consumed items on the first later move.
     */
    private static final class Recorder {
        private record Consumed(String itemId, Instant at, String channel) {}

        final ContactProfile profile;
        final List<Bump> bumps = new ArrayList<>();
        final Map<String, Consumed> unmoved = new LinkedHashMap<>();
        final Set<String> consumedBefore = new LinkedHashSet<>();
        Instant firstEvent;
        Instant phaseSince;

        Recorder(ContactProfile profile) {
            this.profile = profile;
        }

        /** One request: the events applied in order, then the moves they caused (as the event path does, after the whole request). */
        void visit(JourneyInference inference, List<Event> events, Trace trace) {
            int changesBefore = inference.changes().size();
            Map<String, String> channels = new HashMap<>();
            for (Event event : events) {
                inference.apply(event);
                if (firstEvent == null || event.at().isBefore(firstEvent)) firstEvent = event.at();
                channels.put(event.id(), channel(event.channel()));
                for (String item : inference.consumed()) {
                    if (consumedBefore.add(item)) unmoved.put(item, new Consumed(item, event.at(), channel(event.channel())));
                }
                double[] counts = InsightRecorder.itemDelta(event.type().name(), 1);
                if (event.itemId() == null || counts == null) continue;
                System.arraycopy(counts, 0, add(Table.ITEM, channel(event.channel()), day(event.at()), event.itemId()).delta, 0, counts.length);
                if (event.trackingId() != null) rules(trace, event);
            }
            List<JourneyChange> changes = inference.changes();
            Instant since = phaseSince == null ? firstEvent : phaseSince;
            for (JourneyChange change : changes.subList(changesBefore, changes.size())) {
                if (change.kind() != JourneyChange.Kind.PHASE) continue;
                JourneyPhase from = JourneyPhase.parse(change.from()).orElseThrow();
                JourneyPhase to = JourneyPhase.parse(change.to()).orElseThrow();
                String channel = change.eventId() == null ? "" : channels.getOrDefault(change.eventId(), "");
                add(Table.MOVE, channel, day(change.at()), from.id(), to.id(), days(since, change.at())).delta[0] = 1;
                since = change.at().isAfter(since) ? change.at() : since;
                phaseSince = since;
                if (!from.isBefore(to)) continue;
                for (var it = unmoved.values().iterator(); it.hasNext(); ) {
                    Consumed c = it.next();
                    if (c.at().isAfter(change.at())) continue;
                    add(Table.INFLUENCE, c.channel(), day(c.at()), c.itemId(), days(c.at(), change.at())).delta[0] = 1;
                    it.remove();
                }
            }
        }

        private void rules(Trace trace, Event event) {
            boolean impression = event.type() == EventType.RECOMMENDATION_IMPRESSION;
            if (!impression && event.type() != EventType.RECOMMENDATION_CLICK) return;
            List<Trace.RulePoints> rules = trace.items().get(event.itemId());
            if (rules == null) return;
            String channel = channel(event.channel());
            double[] total = add(Table.RULE, channel, day(event.at()), trace.rulesVersion(), "").delta;
            total[impression ? 0 : 1] = 1;
            for (Trace.RulePoints rule : rules) {
                String name = rule.rule().length() <= 300 ? rule.rule() : rule.rule().substring(0, 300);
                double[] d = add(Table.RULE, channel, day(event.at()), trace.rulesVersion(), name).delta;
                d[impression ? 0 : 1] = 1;
                if (impression) d[2] = rule.points();
            }
        }

        private Bump add(Table table, String channel, Object... key) {
            Bump bump = new Bump(table, profile.language(), profile.role(), channel, key, new double[table.counters()]);
            bumps.add(bump);
            return bump;
        }
    }

    static LocalDate day(Instant at) { return at.atZone(ZoneOffset.UTC).toLocalDate(); }

    static String channel(String channel) { return channel == null ? "" : channel; }

    static int days(Instant from, Instant to) { return (int) Math.max(0, Duration.between(from, to).toDays()); }

    // ------------------------------------------------------------------ the event path

    /** Sends every contact's events through the event path, one request per visit, as a CMS would. */
    void send(ContactService contacts) {
        for (int m = 0; m < members.size(); m++) {
            Template t = templates.get(members.get(m).template());
            Duration shift = Duration.ofDays(members.get(m).shiftDays());
            ContactProfile p = t.profile();
            String id = contactId(m);
            contacts.save(new ContactProfile(id, p.role(), p.concerns(), p.topics(), p.language(), p.account(), p.industry(),
                    p.existingCustomer()), null, null);
            for (List<Event> visit : t.visits()) {
                contacts.record(id, visit.stream().map(e -> new Event(e.id(), e.type(), e.at().plus(shift), e.itemId(), e.channel(),
                        e.trackingId())).toList());
            }
        }
    }

    // ------------------------------------------------------------------ in bulk

    /**
     * Writes the aggregate rows and the contact rows the event path would leave, in bulk, into
     * empty tables. The events themselves are not written: no report reads them.
     *
     * @return rows written per table
     */
    Map<String, Long> load(Database database) {
        ContactStore store = new ContactStore(database);
        Map<String, Long> written = new LinkedHashMap<>();
        // members that are the same template moved by the same days add the same rows: count them once
        Map<Long, Integer> multiples = new HashMap<>();
        for (Member m : members) multiples.merge((long) m.template() << 32 | m.shiftDays(), 1, Integer::sum);
        LocalDate first = day(origin);
        int days = 366 + SPAN_DAYS + 1;
        for (Table table : Table.values()) {
            for (String split : splits()) {
                // a grid of days x keys (the key without its day, interned), each cell: how many bumps, then the counters
                Map<List<Object>, Integer> keyIds = new HashMap<>();
                List<List<Object>> keys = new ArrayList<>();
                List<int[]> cells = new ArrayList<>();
                List<double[]> deltas = new ArrayList<>();
                int width = table.counters();
                for (Template t : templates) {
                    List<Bump> bumps = t.bumps().stream().filter(b -> b.table() == table).toList();
                    int[] cell = new int[bumps.size() * 2];
                    double[] delta = new double[bumps.size() * width];
                    for (int i = 0; i < bumps.size(); i++) {
                        Bump b = bumps.get(i);
                        List<Object> key = new ArrayList<>(List.of(b.key()).subList(1, b.key().length));
                        if (split != null) key.add(b.split(split));
                        cell[2 * i] = (int) (((LocalDate) b.key()[0]).toEpochDay() - first.toEpochDay());
                        cell[2 * i + 1] = keyIds.computeIfAbsent(key, k -> {
                            keys.add(k);
                            return keys.size() - 1;
                        });
                        System.arraycopy(b.delta(), 0, delta, i * width, width);
                    }
                    cells.add(cell);
                    deltas.add(delta);
                }
                int n = keys.size();
                double[] grid = new double[days * n * (width + 1)];
                for (var multiple : multiples.entrySet()) {
                    int template = (int) (multiple.getKey() >>> 32);
                    int shift = (int) (multiple.getKey() & 0xffffffffL);
                    int times = multiple.getValue();
                    int[] cell = cells.get(template);
                    double[] delta = deltas.get(template);
                    for (int i = 0; i < cell.length / 2; i++) {
                        int at = ((cell[2 * i] + shift) * n + cell[2 * i + 1]) * (width + 1);
                        grid[at] += times;
                        for (int c = 0; c < width; c++) grid[at + 1 + c] += times * delta[i * width + c];
                    }
                }
                List<Map.Entry<Object[], double[]>> rows = new ArrayList<>();
                for (int d = 0; d < days; d++) {
                    for (int k = 0; k < n; k++) {
                        int at = (d * n + k) * (width + 1);
                        if (grid[at] == 0) continue;
                        Object[] key = new Object[keys.get(k).size() + 1];
                        key[0] = first.plusDays(d);
                        for (int i = 1; i < key.length; i++) key[i] = keys.get(k).get(i - 1);
                        rows.add(new AbstractMap.SimpleEntry<>(key, java.util.Arrays.copyOfRange(grid, at + 1, at + 1 + width)));
                    }
                }
                written.put(table.name().toLowerCase(java.util.Locale.ROOT) + "_" + (split == null ? "total" : split), (long) rows.size());
                store.insights(r -> {
                    r.load(table, split, rows);
                    return null;
                });
            }
        }
        written.put("contact", (long) members.size());
        database.transaction(c -> {
            loadContacts(c);
            return null;
        });
        store.insights(r -> {
            r.countFunnel();
            return null;
        });
        return written;
    }

    private static List<String> splits() {
        List<String> splits = new ArrayList<>();
        splits.add(null);
        splits.addAll(Table.SPLITS);
        return splits;
    }

    /** The contacts as the event path leaves them: created now, in their last phase since their last move. */
    private void loadContacts(Connection connection) throws java.sql.SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO contact (id, role, concerns, topics, language, "
                + "existing_customer, phase, score, score_as_of, events, phase_engagements, last_engagement_at, created_at, updated_at, "
                + "phase_since) VALUES (?, ?, '', '', ?, FALSE, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            java.time.OffsetDateTime created = now.atOffset(ZoneOffset.UTC);
            for (int m = 0; m < members.size(); m++) {
                Template t = templates.get(members.get(m).template());
                Duration shift = Duration.ofDays(members.get(m).shiftDays());
                ContactState state = t.state();
                s.setString(1, contactId(m));
                s.setString(2, t.profile().role());
                s.setString(3, t.profile().language());
                s.setString(4, state.phase().id());
                s.setDouble(5, state.score());
                time(s, 6, state.scoreAsOf(), shift);
                s.setLong(7, state.events());
                s.setLong(8, state.phaseEngagements());
                time(s, 9, state.lastEngagementAt(), shift);
                s.setObject(10, created);
                s.setObject(11, created);
                time(s, 12, t.phaseSince(), shift);
                s.addBatch();
                if (m % 10_000 == 9_999) s.executeBatch();
            }
            s.executeBatch();
        }
    }

    private static void time(PreparedStatement s, int index, Instant at, Duration shift) throws java.sql.SQLException {
        if (at == null) s.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        else s.setObject(index, at.plus(shift).atOffset(ZoneOffset.UTC));
    }
}
