package de.wegweiser.storage;

import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.PausedItem;
import de.wegweiser.domain.TrackedContact;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * All SQL of contacts, events and journey state. Every method runs inside a transaction opened by
 * {@link #transaction}; SQL errors surface as {@link StorageException}.
 */
public final class ContactStore {

    private static final String CONTACT_COLUMNS = "id, role, concerns, topics, language, account, industry, existing_customer, "
            + "phase, lifecycle, score, score_as_of, events, phase_engagements, last_engagement_at, created_at, updated_at";
    private static final String UPDATED_COLUMNS = "role = ?, concerns = ?, topics = ?, language = ?, account = ?, industry = ?, "
            + "existing_customer = ?, phase = ?, lifecycle = ?, score = ?, score_as_of = ?, events = ?, "
            + "phase_engagements = ?, last_engagement_at = ?, updated_at = ?";

    private final Database database;

    public ContactStore(Database database) {
        this.database = database;
    }

    /** Work with the store inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx);
    }

    /**
     * Runs the work in one transaction: everything it wrote is committed together, or nothing is;
     * it returns once the commit is durable.
     */
    public <T> T transaction(Work<T> work) {
        return database.transaction(connection -> work.run(new Tx(connection)));
    }

    /** The insight tables in a transaction of their own. */
    public <T> T insights(java.util.function.Function<InsightRows, T> work) {
        return database.transaction(connection -> work.apply(new InsightRows(connection)));
    }

    /** Runs work that only reads, in one transaction (see {@link Database#read}). */
    public <T> T read(Work<T> work) {
        return database.read(connection -> work.run(new Tx(connection)));
    }

    /** A contact read with its row lock, and the counts of its events by type. */
    public record Locked(TrackedContact contact, Map<EventType, Long> eventCounts) {}

    /** The statements of one transaction. */
    public static final class Tx {

        private final Connection connection;

        private Tx(Connection connection) {
            this.connection = connection;
        }

        /**
         * Reads the contact and locks its row until the transaction ends: everything written for one
         * contact is serialized, on H2 and on PostgreSQL alike.
         */
        public Optional<TrackedContact> lockContact(String id) {
            return one("SELECT " + CONTACT_COLUMNS + " FROM contact WHERE id = ? FOR UPDATE", Tx::contact, id);
        }

        /** Like {@link #lockContact}, with the counts of the contact's events, which live in its row. */
        public Optional<Locked> lockContactWithCounts(String id) {
            return one("SELECT " + CONTACT_COLUMNS + ", event_counts FROM contact WHERE id = ? FOR UPDATE",
                    rs -> new Locked(contact(rs), counts(rs.getString("event_counts"))), id);
        }

        public Optional<TrackedContact> contact(String id) {
            return one("SELECT " + CONTACT_COLUMNS + " FROM contact WHERE id = ?", Tx::contact, id);
        }

        public void insertContact(TrackedContact contact) {
            insertContactRow(contact);
            Funnel.move(connection, Optional.empty(), Funnel.cell(connection, contact.id()));
        }

        private void insertContactRow(TrackedContact contact) {
            ContactProfile p = contact.profile();
            ContactState s = contact.state();
            update("INSERT INTO contact (" + CONTACT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    p.id(), p.role(), join(p.concerns()), join(p.topics()), p.language(), p.account(), p.industry(),
                    p.existingCustomer(), s.phase().id(), s.lifecycle() == null ? null : s.lifecycle().id(), s.score(),
                    time(s.scoreAsOf()), s.events(), s.phaseEngagements(), time(s.lastEngagementAt()),
                    time(contact.createdAt()), time(contact.updatedAt()));
        }

        public void updateContact(TrackedContact contact) {
            var before = Funnel.cell(connection, contact.id());
            update("UPDATE contact SET " + UPDATED_COLUMNS + " WHERE id = ?", updatedValues(contact, contact.id()));
            Funnel.move(connection, before, Funnel.cell(connection, contact.id()));
        }

        /** Updates the contact's row with the counts of its events. */
        public void updateContact(TrackedContact contact, Map<EventType, Long> eventCounts) {
            var before = Funnel.cell(connection, contact.id());
            update("UPDATE contact SET " + UPDATED_COLUMNS + ", event_counts = ? WHERE id = ?",
                    updatedValues(contact, counts(eventCounts), contact.id()));
            Funnel.move(connection, before, Funnel.cell(connection, contact.id()));
        }

        private static Object[] updatedValues(TrackedContact contact, Object... more) {
            ContactProfile p = contact.profile();
            ContactState s = contact.state();
            Object[] values = {p.role(), join(p.concerns()), join(p.topics()), p.language(), p.account(), p.industry(),
                    p.existingCustomer(), s.phase().id(), s.lifecycle() == null ? null : s.lifecycle().id(), s.score(),
                    time(s.scoreAsOf()), s.events(), s.phaseEngagements(), time(s.lastEngagementAt()), time(contact.updatedAt())};
            Object[] all = Arrays.copyOf(values, values.length + more.length);
            System.arraycopy(more, 0, all, values.length, more.length);
            return all;
        }

        /** Erases the contact with everything stored about it. */
        public boolean deleteContact(String id) {
            Funnel.move(connection, Funnel.cell(connection, id), Optional.empty());
            return update("DELETE FROM contact WHERE id = ?", id) > 0;
        }

        public Optional<Event> event(String contactId, String eventId) {
            return one("SELECT event_id, type, occurred_at, item_id, channel, tracking_id FROM contact_event WHERE contact_id = ? AND event_id = ?",
                    rs -> new Event(rs.getString(1), EventType.valueOf(rs.getString(2)), instant(rs, 3), rs.getString(4), rs.getString(5),
                            rs.getString(6)),
                    contactId, eventId);
        }

        /** @param profile the contact as it is when the event arrives: its role and language are kept with the event */
        public void insertEvent(ContactProfile profile, long seq, Event event, Instant receivedAt) {
            update("INSERT INTO contact_event (contact_id, event_id, seq, type, occurred_at, item_id, channel, received_at, "
                            + "tracking_id, role, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    profile.id(), event.id(), seq, event.type().name(), time(event.at()), event.itemId(), event.channel(),
                    time(receivedAt), event.trackingId(), profile.role(), profile.language());
        }

        public List<ConsumedItem> consumed(String contactId) {
            return list("SELECT item_id, consumed_at, event_id FROM contact_consumed WHERE contact_id = ? ORDER BY consumed_at, item_id",
                    rs -> new ConsumedItem(rs.getString(1), instant(rs, 2), rs.getString(3)), contactId);
        }

        public void insertConsumed(String contactId, ConsumedItem item) {
            update("INSERT INTO contact_consumed (contact_id, item_id, consumed_at, event_id) VALUES (?, ?, ?, ?)",
                    contactId, item.itemId(), time(item.at()), item.eventId());
        }

        public Optional<ExposureRow> exposure(String contactId, String itemId) {
            return one("SELECT item_id, impressions_without_click, paused_until, pause_rule, pause_reason_en, pause_reason_de "
                    + "FROM contact_exposure WHERE contact_id = ? AND item_id = ?", Tx::exposure, contactId, itemId);
        }

        public void saveExposure(String contactId, ExposureRow row) {
            PausedItem pause = row.pause();
            Object[] values = {row.impressionsWithoutClick(), pause == null ? null : time(pause.until()),
                    pause == null ? null : cut(pause.rule(), 300), pause == null ? null : cut(pause.reasonEn(), 2000),
                    pause == null ? null : cut(pause.reasonDe(), 2000), contactId, row.itemId()};
            if (update("UPDATE contact_exposure SET impressions_without_click = ?, paused_until = ?, pause_rule = ?, "
                    + "pause_reason_en = ?, pause_reason_de = ? WHERE contact_id = ? AND item_id = ?", values) == 0) {
                update("INSERT INTO contact_exposure (impressions_without_click, paused_until, pause_rule, pause_reason_en, "
                        + "pause_reason_de, contact_id, item_id) VALUES (?, ?, ?, ?, ?, ?, ?)", values);
            }
        }

        /** Items paused beyond the given time, soonest end first. */
        public List<PausedItem> pausedAfter(String contactId, Instant time) {
            return list("SELECT item_id, impressions_without_click, paused_until, pause_rule, pause_reason_en, pause_reason_de "
                            + "FROM contact_exposure WHERE contact_id = ? AND paused_until > ? ORDER BY paused_until, item_id",
                    rs -> exposure(rs).pause(), contactId, time(time));
        }

        public void insertChange(String contactId, JourneyChange change) {
            update("INSERT INTO contact_change (contact_id, at, kind, from_value, to_value, points, rule, reason_en, reason_de, event_id) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    contactId, time(change.at()), change.kind().name(), change.from(), cut(change.to(), 200), change.points(),
                    cut(change.rule(), 300), cut(change.reasonEn(), 2000), cut(change.reasonDe(), 2000), change.eventId());
        }

        /** Changes of the given kinds, oldest first, at most {@code limit} of the latest. */
        public List<JourneyChange> changes(String contactId, Set<JourneyChange.Kind> kinds, int limit) {
            String placeholders = String.join(", ", Collections.nCopies(kinds.size(), "?"));
            List<Object> args = new ArrayList<>();
            args.add(contactId);
            kinds.forEach(k -> args.add(k.name()));
            args.add(limit);
            List<JourneyChange> latest = list("SELECT at, kind, from_value, to_value, points, rule, reason_en, reason_de, event_id "
                            + "FROM contact_change WHERE contact_id = ? AND kind IN (" + placeholders + ") ORDER BY id DESC LIMIT ?",
                    rs -> new JourneyChange(instant(rs, 1), JourneyChange.Kind.valueOf(rs.getString(2)), rs.getString(3),
                            rs.getString(4), rs.getDouble(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)),
                    args.toArray());
            List<JourneyChange> oldestFirst = new ArrayList<>(latest);
            Collections.reverse(oldestFirst);
            return oldestFirst;
        }

        /** How many other contacts of the account engaged at or after {@code since}. */
        public int activeColleagues(String account, String contactId, Instant since) {
            return one("SELECT COUNT(*) FROM contact WHERE account = ? AND id <> ? AND last_engagement_at >= ?",
                    rs -> rs.getInt(1), account, contactId, time(since)).orElse(0);
        }

        // ---------------------------------------------------------------- segments (mailings)

        /**
         * One page of the contacts a filter selects, by id, after {@code afterId} (null: from the
         * start). Keyset paging: each page costs the same at any depth, and a contact added or
         * erased meanwhile never shifts the pages. What the page's contacts consumed and what is
         * paused for them beyond {@code now} comes in two more statements for the whole page.
         */
        public List<SegmentContact> segment(ContactFilter filter, String afterId, int limit, Instant now) {
            List<Object> args = new ArrayList<>();
            String where = segmentWhere(filter, afterId, args);
            args.add(limit);
            List<TrackedContact> page = list("SELECT " + CONTACT_COLUMNS + " FROM contact" + where + " ORDER BY id LIMIT ?",
                    Tx::contact, args.toArray());
            if (page.isEmpty()) return List.of();
            List<Object> ids = new ArrayList<>(page.size() + 1);
            page.forEach(c -> ids.add(c.id()));
            String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
            Map<String, Set<String>> consumed = new java.util.HashMap<>();
            for (String[] row : list("SELECT contact_id, item_id FROM contact_consumed WHERE contact_id IN (" + in + ")",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, ids.toArray())) {
                consumed.computeIfAbsent(row[0], id -> new LinkedHashSet<>()).add(row[1]);
            }
            ids.add(time(now));
            Map<String, Set<String>> paused = new java.util.HashMap<>();
            for (String[] row : list("SELECT contact_id, item_id FROM contact_exposure WHERE contact_id IN (" + in + ") AND paused_until > ?",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, ids.toArray())) {
                paused.computeIfAbsent(row[0], id -> new LinkedHashSet<>()).add(row[1]);
            }
            List<SegmentContact> out = new ArrayList<>(page.size());
            for (TrackedContact c : page) {
                out.add(new SegmentContact(c, consumed.getOrDefault(c.id(), Set.of()), paused.getOrDefault(c.id(), Set.of())));
            }
            return out;
        }

        /** How many contacts the filter selects after {@code afterId} (null: all): the total a mailing's progress counts towards. */
        public long countSegment(ContactFilter filter, String afterId) {
            List<Object> args = new ArrayList<>();
            return one("SELECT COUNT(*) FROM contact" + segmentWhere(filter, afterId, args), rs -> rs.getLong(1), args.toArray()).orElse(0L);
        }

        /** The WHERE clause of the filter and the keyset position (empty when neither selects), its arguments added to {@code args}. */
        private static String segmentWhere(ContactFilter filter, String afterId, List<Object> args) {
            List<String> conditions = new ArrayList<>();
            in(conditions, args, "phase", filter.phases());
            in(conditions, args, "role", filter.roles());
            in(conditions, args, "language", filter.languages());
            in(conditions, args, "lifecycle", filter.lifecycles());
            if (filter.account() != null) {
                conditions.add("account = ?");
                args.add(filter.account());
            }
            // the consumed table's key is (contact_id, item_id): one index lookup per contact
            if (filter.consumed() != null) {
                conditions.add("EXISTS (SELECT 1 FROM contact_consumed cc WHERE cc.contact_id = contact.id AND cc.item_id = ?)");
                args.add(filter.consumed());
            }
            if (filter.notConsumed() != null) {
                conditions.add("NOT EXISTS (SELECT 1 FROM contact_consumed cc WHERE cc.contact_id = contact.id AND cc.item_id = ?)");
                args.add(filter.notConsumed());
            }
            if (afterId != null) {
                conditions.add("id > ?");
                args.add(afterId);
            }
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        private static void in(List<String> conditions, List<Object> args, String column, Set<String> values) {
            if (values.isEmpty()) return;
            conditions.add(column + " IN (" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")");
            values.stream().sorted().forEach(args::add);
        }

        // ---------------------------------------------------------------- accounts

        /** The stored contacts of an account, by id. */
        public List<TrackedContact> members(String account) {
            return list("SELECT " + CONTACT_COLUMNS + " FROM contact WHERE account = ? ORDER BY id", Tx::contact, account);
        }

        /** What every member of the account consumed, by contact id, oldest first. */
        public Map<String, List<ConsumedItem>> consumedByAccount(String account) {
            Map<String, List<ConsumedItem>> byContact = new java.util.HashMap<>();
            for (Object[] row : list("SELECT cc.contact_id, cc.item_id, cc.consumed_at, cc.event_id FROM contact_consumed cc "
                            + "JOIN contact c ON c.id = cc.contact_id WHERE c.account = ? ORDER BY cc.consumed_at, cc.item_id",
                    rs -> new Object[] {rs.getString(1), new ConsumedItem(rs.getString(2), instant(rs, 3), rs.getString(4))}, account)) {
                byContact.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add((ConsumedItem) row[1]);
            }
            return byContact;
        }

        /**
         * Counts a change to a member of the account, so its summary is made again before it is
         * listed. Holds the summary's row lock until the transaction ends.
         */
        public void accountChanged(String account) {
            if (account == null) return;
            if (update("UPDATE account_summary SET changes = changes + 1, dirty = TRUE WHERE account = ?", account) == 0) {
                // a race with another first member ends in 23505, and the transaction is retried
                update("INSERT INTO account_summary (account, changes, summarized_changes, members, active_members, gap_kinds, gaps, score, dirty) "
                        + "VALUES (?, 1, 0, 0, 0, '', 0, 0, TRUE)", account);
            }
        }

        /** Marks every summary not made by the given account rules to be made again; returns how many. */
        public int markSummariesStale(String rulesVersion) {
            return update("UPDATE account_summary SET dirty = TRUE WHERE dirty = FALSE AND (rules_version IS NULL OR rules_version <> ?)",
                    rulesVersion);
        }

        /** Up to {@code limit} accounts whose summary must be made again, with their change count. */
        public Map<String, Long> staleAccounts(int limit) {
            Map<String, Long> stale = new java.util.LinkedHashMap<>();
            for (Object[] row : list("SELECT account, changes FROM account_summary WHERE dirty = TRUE ORDER BY account LIMIT ?",
                    rs -> new Object[] {rs.getString(1), rs.getLong(2)}, limit)) {
                stale.put((String) row[0], (Long) row[1]);
            }
            return stale;
        }

        /** How many summaries must be made again. */
        public long countStaleAccounts() {
            return one("SELECT COUNT(*) FROM account_summary WHERE dirty = TRUE", rs -> rs.getLong(1)).orElse(0L);
        }

        /** Stores a summary made at the given change count; an account without members is dropped unless it changed since. */
        public void saveSummary(AccountSummaryRow row, long changes, Instant at) {
            if (row.members() == 0) {
                update("DELETE FROM account_summary WHERE account = ? AND changes = ?", row.account(), changes);
                return;
            }
            // still dirty when a member changed since the count was read: the next refresh makes it again
            update("UPDATE account_summary SET summarized_changes = ?, rules_version = ?, members = ?, active_members = ?, phase = ?, "
                            + "status = ?, gap_kinds = ?, gaps = ?, score = ?, last_activity = ?, summarized_at = ?, activity_order = ?, "
                            + "dirty = (changes <> ?) WHERE account = ?",
                    changes, row.rulesVersion(), row.members(), row.activeMembers(), row.phase(), row.status(),
                    String.join(",", new TreeSet<>(row.gapKinds())), row.gaps(), row.score(), time(row.lastActivity()), time(at),
                    AccountCursor.order(row.lastActivity()), changes, row.account());
        }

        /**
         * One page of account summaries, most recent activity first: after the cursor when one is
         * given (keyset paging: as fast at any depth), else after skipping {@code offset} rows.
         */
        public List<AccountSummaryRow> accounts(AccountFilter filter, AccountCursor after, int offset, int limit) {
            List<Object> args = new ArrayList<>();
            String where = where(filter, args);
            if (after != null) {
                where += " AND (activity_order < ? OR (activity_order = ? AND account > ?))";
                args.addAll(List.of(after.activityOrder(), after.activityOrder(), after.account()));
            }
            args.add(limit);
            args.add(after != null ? 0 : offset);
            return list("SELECT account, rules_version, members, active_members, phase, status, gap_kinds, gaps, score, last_activity "
                            + "FROM account_summary" + where + " ORDER BY activity_order DESC, account LIMIT ? OFFSET ?",
                    rs -> new AccountSummaryRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                            rs.getString(6), split(rs.getString(7)), rs.getInt(8), rs.getDouble(9), instant(rs, 10)),
                    args.toArray());
        }

        public long countAccounts(AccountFilter filter) {
            List<Object> args = new ArrayList<>();
            String where = where(filter, args);
            return one("SELECT COUNT(*) FROM account_summary" + where, rs -> rs.getLong(1), args.toArray()).orElse(0L);
        }

        private static String where(AccountFilter filter, List<Object> args) {
            List<String> conditions = new ArrayList<>(List.of("members > 0"));
            if (filter.phase() != null) {
                conditions.add("phase = ?");
                args.add(filter.phase());
            }
            if (filter.status() != null) {
                conditions.add("status = ?");
                args.add(filter.status());
            }
            if (filter.gapKind() != null) {
                // ids are kebab-case words: wrapped in commas, one never matches inside another
                conditions.add("(',' || gap_kinds || ',') LIKE ?");
                args.add("%," + filter.gapKind() + ",%");
            }
            if (filter.minMembers() > 0) {
                conditions.add("members >= ?");
                args.add(filter.minMembers());
            }
            return " WHERE " + String.join(" AND ", conditions);
        }

        // ---------------------------------------------------------------- mapping

        private static TrackedContact contact(ResultSet rs) throws SQLException {
            ContactProfile profile = new ContactProfile(rs.getString("id"), rs.getString("role"), split(rs.getString("concerns")),
                    split(rs.getString("topics")), rs.getString("language"), rs.getString("account"), rs.getString("industry"),
                    rs.getBoolean("existing_customer"));
            String lifecycle = rs.getString("lifecycle");
            ContactState state = new ContactState(JourneyPhase.parse(rs.getString("phase")).orElseThrow(),
                    lifecycle == null ? null : LifecycleStatus.parse(lifecycle).orElseThrow(), rs.getDouble("score"),
                    instant(rs, "score_as_of"), rs.getLong("events"), rs.getLong("phase_engagements"),
                    instant(rs, "last_engagement_at"));
            return new TrackedContact(profile, state, instant(rs, "created_at"), instant(rs, "updated_at"));
        }

        private static ExposureRow exposure(ResultSet rs) throws SQLException {
            Instant until = instant(rs, 3);
            PausedItem pause = until == null ? null : new PausedItem(rs.getString(1), until, rs.getString(4), rs.getString(5), rs.getString(6));
            return new ExposureRow(rs.getString(1), rs.getInt(2), pause);
        }

        /** {@code PAGE_VIEW=3,DOWNLOAD=1}, in the order of the types. */
        private static String counts(Map<EventType, Long> counts) {
            if (counts.isEmpty()) return null;
            StringBuilder text = new StringBuilder();
            new EnumMap<>(counts).forEach((type, times) -> text.append(text.length() == 0 ? "" : ",").append(type.name()).append('=').append(times));
            return text.toString();
        }

        private static Map<EventType, Long> counts(String text) {
            Map<EventType, Long> counts = new EnumMap<>(EventType.class);
            if (text == null || text.isEmpty()) return counts;
            for (String entry : text.split(",")) {
                int eq = entry.indexOf('=');
                counts.put(EventType.valueOf(entry.substring(0, eq)), Long.parseLong(entry.substring(eq + 1)));
            }
            return counts;
        }

        private static String join(Set<String> values) {
            return String.join(",", new TreeSet<>(values));
        }

        private static Set<String> split(String text) {
            if (text == null || text.isEmpty()) return Set.of();
            return new LinkedHashSet<>(Arrays.asList(text.split(",")));
        }

        private static String cut(String text, int max) {
            return text == null || text.length() <= max ? text : text.substring(0, max);
        }

        private static OffsetDateTime time(Instant instant) {
            return Jdbc.time(instant);
        }

        private static Instant instant(ResultSet rs, int column) throws SQLException {
            return Jdbc.instant(rs, column);
        }

        private static Instant instant(ResultSet rs, String column) throws SQLException {
            OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
            return time == null ? null : time.toInstant();
        }

        // ---------------------------------------------------------------- JDBC

        /** The insight aggregates, in this transaction. */
        public InsightRows insights() { return new InsightRows(connection); }

        private <T> Optional<T> one(String sql, Jdbc.Row<T> row, Object... args) {
            return Jdbc.one(connection, sql, row, args);
        }

        private <T> List<T> list(String sql, Jdbc.Row<T> row, Object... args) {
            return Jdbc.list(connection, sql, row, args);
        }

        private int update(String sql, Object... args) {
            return Jdbc.update(connection, sql, args);
        }
    }
}
