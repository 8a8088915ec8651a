package de.wegweiser.storage;

import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The SQL of the insights: recommendation traces, and the daily aggregates that event writes keep
 * up to date inside their own transaction. Get one from {@link ContactStore.Tx#insights()} (the
 * event's transaction) or {@link ContactStore#insights} (a transaction of its own).
 */
public final class InsightRows {

    /**
     * The aggregates: key columns and the counters added up. Each is kept in four tables, one
     * without a split ({@code _total}) and one per split column ({@code _language}, {@code _role},
     * {@code _channel}), so a report reads only the rows of the split it shows. Those whose rows
     * grow with the events (items, influence, moves) are kept a second time per calendar month
     * ({@code _month_total}, ...; the day column holds the month's first day), so a window of a
     * year reads 12 month rows and the days of its partial months, not 365 days.
     */
    public enum Table {
        /** One row per item and day, a counter per event type the report shows. */
        ITEM("insight_items", List.of("on_day", "item_id"),
                List.of("impressions", "clicks", "views", "downloads", "form_submissions"), true),
        RULE("insight_rule", List.of("on_day", "rules_version", "rule"), List.of("impressions", "clicks", "points"), false),
        INFLUENCE("insight_influence", List.of("on_day", "item_id", "moved_days"), List.of("contacts"), true),
        MOVE("insight_move", List.of("on_day", "from_phase", "to_phase", "days_in_phase"), List.of("moves"), true);

        /** The split columns, each with a table of its own. */
        public static final List<String> SPLITS = List.of("language", "role", "channel");

        final String name;
        final List<String> keys;
        final List<String> counters;
        final boolean monthly;

        Table(String name, List<String> keys, List<String> counters, boolean monthly) {
            this.name = name;
            this.keys = keys;
            this.counters = counters;
            this.monthly = monthly;
        }

        /** How many counters a row has (the length of a bump's delta). */
        public int counters() { return counters.size(); }

        String table(String split) { return table(split, false); }

        String table(String split, boolean month) { return name + (month ? "_month_" : "_") + (split == null ? "total" : split); }

        List<String> keys(String split) {
            if (split == null) return keys;
            List<String> all = new ArrayList<>(keys);
            all.add(split);
            return all;
        }
    }

    /**
     * Changes to aggregate rows, summed per row and written in one fixed order, so two
     * transactions that touch the same rows never wait on each other in a circle.
     */
    public static final class Bumps {
        private record Row(Table table, String split, boolean month, Object[] key) {}

        private final Map<String, Row> rows = new TreeMap<>();
        private final Map<String, double[]> deltas = new TreeMap<>();

        /**
         * Adds to the row of every table of the aggregate: the total and each split, by day and
         * (for the monthly aggregates) by month.
         *
         * @param key the key columns' values in the table's order, the day first
         */
        public void add(Table table, Object[] key, String language, String role, String channel, double... delta) {
            for (boolean month : table.monthly ? new boolean[] {false, true} : new boolean[] {false}) {
                Object[] k = key;
                if (month) {
                    k = key.clone();
                    k[0] = ((LocalDate) key[0]).withDayOfMonth(1);
                }
                add(table, null, month, k, delta);
                add(table, "language", month, append(k, language), delta);
                add(table, "role", month, append(k, role), delta);
                add(table, "channel", month, append(k, channel), delta);
            }
        }

        private static Object[] append(Object[] key, String value) {
            Object[] all = Arrays.copyOf(key, key.length + 1);
            all[key.length] = value == null ? "" : value;
            return all;
        }

        private void add(Table table, String split, boolean month, Object[] key, double... delta) {
            String id = table.table(split, month) + "\u0000" + String.join("\u0000", Arrays.stream(key).map(String::valueOf).toList());
            rows.putIfAbsent(id, new Row(table, split, month, key));
            double[] sum = deltas.computeIfAbsent(id, k -> new double[delta.length]);
            for (int i = 0; i < delta.length; i++) sum[i] += delta[i];
        }

        public boolean isEmpty() { return rows.isEmpty(); }
    }

    private final Connection connection;

    InsightRows(Connection connection) {
        this.connection = connection;
    }

    /** Adds the bumps to their rows: a missing row is created, a row that falls to zero is removed. */
    public void apply(Bumps bumps) {
        for (var entry : bumps.rows.entrySet()) {
            Table table = entry.getValue().table();
            String name = table.table(entry.getValue().split(), entry.getValue().month());
            List<String> keys = table.keys(entry.getValue().split());
            Object[] key = sqlValues(entry.getValue().key());
            double[] delta = bumps.deltas.get(entry.getKey());
            if (Arrays.stream(delta).allMatch(d -> d == 0)) continue;
            // taking out is a negative count; a rule's negative points are what it gave, not a take-out
            boolean takingOut = Arrays.stream(delta).limit(table == Table.RULE ? 2 : delta.length).anyMatch(d -> d < 0);
            String where = String.join(" AND ", keys.stream().map(k -> k + " = ?").toList());
            List<Object> args = new ArrayList<>();
            for (int i = 0; i < delta.length; i++) args.add(counterValue(table, i, delta[i]));
            args.addAll(Arrays.asList(key));
            String set = String.join(", ", table.counters.stream().map(c -> c + " = " + c + " + ?").toList());
            if (Jdbc.update(connection, "UPDATE " + name + " SET " + set + " WHERE " + where, args.toArray()) == 0) {
                if (takingOut) continue; // taking out what was never counted: nothing to do
                List<Object> insert = new ArrayList<>(Arrays.asList(key));
                for (int i = 0; i < delta.length; i++) insert.add(counterValue(table, i, delta[i]));
                List<String> columns = new ArrayList<>(keys);
                columns.addAll(table.counters);
                Jdbc.update(connection, "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
                        + String.join(", ", columns.stream().map(c -> "?").toList()) + ")", insert.toArray());
            } else if (takingOut) {
                // erased contacts leave no empty rows behind
                String empty = String.join(" AND ", table.counters.stream().limit(table == Table.RULE ? 2 : table.counters.size())
                        .map(c -> c + " <= 0").toList());
                Jdbc.update(connection, "DELETE FROM " + name + " WHERE " + where + " AND " + empty, Arrays.asList(key).toArray());
            }
        }
    }

    /**
     * Writes whole rows into an aggregate table that holds none of their keys yet, in bulk (COPY on
     * PostgreSQL, batches on H2): for a database filled with a generated history, which the event
     * path would take hours to write. The rows must be the sums {@link #apply} would have left.
     *
     * @param rows per row the key values in the table's order (the day first, as a LocalDate; the
     *             split's value last) and the counters
     */
    public void load(Table table, String split, Iterable<Map.Entry<Object[], double[]>> rows) {
        if (split != null && !Table.SPLITS.contains(split)) throw new IllegalArgumentException(split);
        List<String> columns = new ArrayList<>(table.keys(split));
        columns.addAll(table.counters);
        String name = table.table(split);
        try {
            if (connection.isWrapperFor(org.postgresql.PGConnection.class)) {
                copy(table, name, columns, rows);
            } else {
                insert(table, name, columns, rows);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot load " + name, e);
        }
        if (table.monthly) {
            // the months as sums of the days, as the migration that introduced them computes them
            List<String> rest = table.keys(split).subList(1, table.keys(split).size());
            String month = "CAST(DATE_TRUNC('MONTH', on_day) AS DATE)";
            String group = String.join(", ", java.util.stream.Stream.concat(java.util.stream.Stream.of(month), rest.stream()).toList());
            Jdbc.update(connection, "INSERT INTO " + table.table(split, true) + " (" + String.join(", ", columns) + ") SELECT " + group
                    + ", " + String.join(", ", table.counters.stream().map(c -> "SUM(" + c + ")").toList()) + " FROM " + name
                    + " GROUP BY " + group);
        }
    }

    private void insert(Table table, String name, List<String> columns, Iterable<Map.Entry<Object[], double[]>> rows) {
        List<Object[]> batch = new ArrayList<>();
        String sql = "INSERT INTO " + name + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        for (var row : rows) {
            Object[] values = Arrays.copyOf(sqlValues(row.getKey()), columns.size());
            for (int i = 0; i < row.getValue().length; i++) values[row.getKey().length + i] = counterValue(table, i, row.getValue()[i]);
            batch.add(values);
            if (batch.size() == 10_000) {
                Jdbc.batch(connection, sql, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) Jdbc.batch(connection, sql, batch);
    }

    private void copy(Table table, String name, List<String> columns, Iterable<Map.Entry<Object[], double[]>> rows) throws SQLException {
        var copy = connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI()
                .copyIn("COPY " + name + " (" + String.join(", ", columns) + ") FROM STDIN");
        try {
            StringBuilder text = new StringBuilder();
            for (var row : rows) {
                for (Object key : row.getKey()) text.append(copyText(String.valueOf(key))).append('\t');
                for (int i = 0; i < row.getValue().length; i++) {
                    text.append(counterValue(table, i, row.getValue()[i])).append(i + 1 < row.getValue().length ? '\t' : '\n');
                }
                if (text.length() > 1 << 20) {
                    byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    text.setLength(0);
                }
            }
            byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
        }
    }

    /** A value in COPY's text format: backslash, tab and line breaks escaped. */
    private static String copyText(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static Object counterValue(Table table, int index, double delta) {
        return table == Table.RULE && index == 2 ? (Object) delta : (Object) Math.round(delta);
    }

    private static Object[] sqlValues(Object[] key) {
        Object[] values = key.clone();
        for (int i = 0; i < values.length; i++) if (values[i] instanceof LocalDate day) values[i] = Date.valueOf(day);
        return values;
    }

    // ---------------------------------------------------------------- traces

    public void insertTrace(TraceRow row) {
        Jdbc.update(connection, "INSERT INTO recommendation_trace (tracking_id, answered_at, rules_version, role, language, items) "
                + "VALUES (?, ?, ?, ?, ?, ?)", row.trackingId(), Jdbc.time(row.answeredAt()), row.rulesVersion(), row.role(),
                row.language(), row.items());
    }

    /** Many traces in one JDBC batch: the tracker writes every answer of the last 200 ms at once. */
    public void insertTraces(java.util.Collection<TraceRow> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (TraceRow row : rows) {
            args.add(new Object[] {row.trackingId(), Jdbc.time(row.answeredAt()), row.rulesVersion(), row.role(), row.language(), row.items()});
        }
        Jdbc.batch(connection, "INSERT INTO recommendation_trace (tracking_id, answered_at, rules_version, role, language, items) "
                + "VALUES (?, ?, ?, ?, ?, ?)", args);
    }

    public Optional<TraceRow> trace(String trackingId) {
        return Jdbc.one(connection, "SELECT tracking_id, answered_at, rules_version, role, language, items FROM recommendation_trace "
                + "WHERE tracking_id = ?", rs -> new TraceRow(rs.getString(1), Jdbc.instant(rs, 2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6)), trackingId);
    }

    /**
     * Deletes up to {@code batch} traces of answers given before {@code before}; returns how many.
     * In small batches, so a clean-up never holds many row locks or a long transaction.
     */
    public int deleteTracesBefore(Instant before, int batch) {
        return Jdbc.update(connection, "DELETE FROM recommendation_trace WHERE tracking_id IN (SELECT tracking_id FROM recommendation_trace "
                + "WHERE answered_at < ? ORDER BY answered_at LIMIT ?)", Jdbc.time(before), batch);
    }

    /** The version's rule names as a JSON array. */
    public Optional<String> ruleNames(String rulesVersion) {
        return Jdbc.one(connection, "SELECT names FROM insight_rule_names WHERE rules_version = ?", rs -> rs.getString(1), rulesVersion);
    }

    public void saveRuleNames(String rulesVersion, String namesJson) {
        if (Jdbc.update(connection, "UPDATE insight_rule_names SET names = ? WHERE rules_version = ?", namesJson, rulesVersion) == 0) {
            Jdbc.update(connection, "INSERT INTO insight_rule_names (rules_version, names) VALUES (?, ?)", rulesVersion, namesJson);
        }
    }

    /** Records an anonymous impression or click once; false if it was recorded before. */
    public boolean insertFeedback(String trackingId, String itemId, String type, Instant at, String channel) {
        if (Jdbc.one(connection, "SELECT 1 FROM anonymous_feedback WHERE tracking_id = ? AND item_id = ? AND type = ?",
                rs -> 1, trackingId, itemId, type).isPresent()) {
            return false;
        }
        Jdbc.update(connection, "INSERT INTO anonymous_feedback (tracking_id, item_id, type, occurred_at, channel) VALUES (?, ?, ?, ?, ?)",
                trackingId, itemId, type, Jdbc.time(at), channel);
        return true;
    }

    // ---------------------------------------------------------------- what one contact added (erasure)

    /** An event as the aggregates counted it. */
    public record CountedEvent(String type, Instant at, String itemId, String channel, String trackingId, String role, String language) {}

    public List<CountedEvent> countedEvents(String contactId) {
        return Jdbc.list(connection, "SELECT type, occurred_at, item_id, channel, tracking_id, role, language FROM contact_event "
                + "WHERE contact_id = ? AND item_id IS NOT NULL", rs -> new CountedEvent(rs.getString(1), Jdbc.instant(rs, 2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), contactId);
    }

    /** A phase change as insight_move_day counted it. */
    public record CountedMove(Instant at, String from, String to, String role, String language, String channel, int daysInPhase) {}

    public List<CountedMove> countedMoves(String contactId) {
        return Jdbc.list(connection, "SELECT at, from_value, to_value, role, language, channel, days_in_phase FROM contact_change "
                + "WHERE contact_id = ? AND kind = 'PHASE' AND days_in_phase IS NOT NULL", rs -> new CountedMove(Jdbc.instant(rs, 1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7)), contactId);
    }

    /** A consumed item with the dimensions of the event that consumed it, and the days until the next move (or null). */
    public record Consumption(String itemId, Instant at, String role, String language, String channel, Integer movedDays) {}

    private static Consumption consumption(ResultSet rs) throws SQLException {
        int days = rs.getInt(6);
        return new Consumption(rs.getString(1), Jdbc.instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.wasNull() ? null : days);
    }

    public List<Consumption> influenced(String contactId) {
        return Jdbc.list(connection, "SELECT item_id, consumed_at, role, language, channel, moved_days FROM contact_consumed "
                + "WHERE contact_id = ? AND moved_days IS NOT NULL", InsightRows::consumption, contactId);
    }

    // ---------------------------------------------------------------- what an event write adds

    /** Gives consumptions written in this transaction the dimensions of the contact and of the consuming event. */
    public void labelConsumptions(String contactId, String role, String language) {
        Jdbc.update(connection, "UPDATE contact_consumed SET role = ?, language = ?, channel = COALESCE((SELECT e.channel FROM contact_event e "
                + "WHERE e.contact_id = contact_consumed.contact_id AND e.event_id = contact_consumed.event_id), '') "
                + "WHERE contact_id = ? AND role IS NULL", role, language, contactId);
    }

    /** Consumptions at or before the time that no move to a later phase followed yet. */
    public List<Consumption> unmovedConsumptions(String contactId, Instant at) {
        return Jdbc.list(connection, "SELECT item_id, consumed_at, role, language, channel, moved_days FROM contact_consumed "
                + "WHERE contact_id = ? AND moved_days IS NULL AND consumed_at <= ? AND role IS NOT NULL",
                InsightRows::consumption, contactId, Jdbc.time(at));
    }

    public void setMovedDays(String contactId, String itemId, int days) {
        Jdbc.update(connection, "UPDATE contact_consumed SET moved_days = ? WHERE contact_id = ? AND item_id = ?", days, contactId, itemId);
    }

    /**
     * When the contact entered its current phase: its last move, else its first event or its
     * creation, whichever came first (a history imported later starts before the contact's row).
     */
    public Optional<Instant> phaseSince(String contactId) {
        return Jdbc.one(connection, "SELECT COALESCE(phase_since, LEAST(created_at, COALESCE((SELECT MIN(e.occurred_at) FROM contact_event e "
                + "WHERE e.contact_id = contact.id), created_at))) FROM contact WHERE id = ?", rs -> Jdbc.instant(rs, 1), contactId);
    }

    public void setPhaseSince(String contactId, Instant at) {
        var before = Funnel.cell(connection, contactId);
        Jdbc.update(connection, "UPDATE contact SET phase_since = ? WHERE id = ?", Jdbc.time(at), contactId);
        Funnel.move(connection, before, Funnel.cell(connection, contactId));
    }

    /** Notes how a phase change written in this transaction was counted. */
    public void labelMove(String contactId, Instant at, String to, String eventId, String role, String language, String channel, int days) {
        Jdbc.update(connection, "UPDATE contact_change SET role = ?, language = ?, channel = ?, days_in_phase = ? WHERE contact_id = ? "
                + "AND kind = 'PHASE' AND days_in_phase IS NULL AND at = ? AND to_value = ? AND "
                + (eventId == null ? "event_id IS NULL" : "event_id = ?"),
                eventId == null ? new Object[] {role, language, channel, days, contactId, Jdbc.time(at), to}
                        : new Object[] {role, language, channel, days, contactId, Jdbc.time(at), to, eventId});
    }

    /** The channel of a stored event, '' without one. */
    public String channelOf(String contactId, String eventId) {
        if (eventId == null) return "";
        return Jdbc.one(connection, "SELECT COALESCE(channel, '') FROM contact_event WHERE contact_id = ? AND event_id = ?",
                rs -> rs.getString(1), contactId, eventId).orElse("");
    }

    // ---------------------------------------------------------------- reports

    /**
     * Sums of the aggregate's counters over the days from {@code from} to {@code to} (both
     * included), grouped by the given key columns; read from the table of the split. Whole months
     * of the window are read from the month rows, unless the day is a column: then one key may come
     * in two rows (the days of a partial month and the whole months), and the caller adds them up.
     *
     * @param split   a split column ({@link Table#SPLITS}) or null for the totals
     * @param columns key columns to group by (the table's keys and the split, never user text)
     * @param filter  key column and the value it must have, or to stay below for {@code moved_days}
     */
    public List<Object[]> sums(Table table, String split, LocalDate from, LocalDate to, List<String> columns, Map<String, Object> filter) {
        if (split != null && !Table.SPLITS.contains(split)) throw new IllegalArgumentException(split);
        List<String> keys = table.keys(split);
        for (String column : columns) if (!keys.contains(column)) throw new IllegalArgumentException(column);
        for (String column : filter.keySet()) if (!keys.contains(column)) throw new IllegalArgumentException(column);
        // the whole months inside the window come from the month rows, the days before and after them from the day rows;
        // a series by day needs the days
        LocalDate firstMonth = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        LocalDate endOfMonths = to.plusDays(1).getDayOfMonth() == 1 ? to.plusDays(1) : to.withDayOfMonth(1);
        boolean months = table.monthly && !columns.contains("on_day") && firstMonth.isBefore(endOfMonths);
        List<Object[]> rows = new ArrayList<>();
        if (!months) return sums(table, table.table(split), List.of(from, to), columns, filter);
        List<LocalDate> days = new ArrayList<>();
        if (from.isBefore(firstMonth)) days.addAll(List.of(from, firstMonth.minusDays(1)));
        if (endOfMonths.isBefore(to.plusDays(1))) days.addAll(List.of(endOfMonths, to));
        if (!days.isEmpty()) rows.addAll(sums(table, table.table(split), days, columns, filter));
        rows.addAll(sums(table, table.table(split, true), List.of(firstMonth, endOfMonths.minusDays(1)), columns, filter));
        return rows;
    }

    private static List<String> keysOf(Table table, String name) {
        for (String split : Table.SPLITS) {
            if (name.endsWith("_" + split)) return table.keys(split);
        }
        return table.keys(null);
    }

    /** @param ranges first and last day of each range read, in pairs (a month row's day is its first day) */
    private List<Object[]> sums(Table table, String name, List<LocalDate> ranges, List<String> columns, Map<String, Object> filter) {
        List<Object> args = new ArrayList<>();
        List<String> days = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i += 2) {
            days.add("(on_day >= ? AND on_day <= ?)");
            args.add(Date.valueOf(ranges.get(i)));
            args.add(Date.valueOf(ranges.get(i + 1)));
        }
        StringBuilder where = new StringBuilder(" WHERE (" + String.join(" OR ", days) + ")");
        for (var f : filter.entrySet()) {
            where.append(" AND ").append(f.getKey()).append(f.getKey().equals("moved_days") ? " < ?" : " = ?");
            args.add(f.getValue());
        }
        String group = String.join(", ", columns);
        // grouped by the whole key (a series of items by day), each row is its own group: nothing to add up
        boolean whole = columns.size() == keysOf(table, name).size() && columns.containsAll(keysOf(table, name));
        String sums = String.join(", ", table.counters.stream().map(c -> whole ? c : "SUM(" + c + ")").toList());
        String sql = "SELECT " + (group.isEmpty() ? "" : group + ", ") + sums + " FROM " + name + where
                + (group.isEmpty() || whole ? "" : " GROUP BY " + group);
        int width = columns.size() + table.counters.size();
        return Jdbc.list(connection, sql, rs -> {
            Object[] row = new Object[width];
            for (int i = 0; i < columns.size(); i++) row[i] = rs.getObject(i + 1);
            for (int i = 0; i < table.counters.size(); i++) {
                row[columns.size() + i] = table == Table.RULE && i == 2 ? (Object) rs.getDouble(columns.size() + i + 1)
                        : (Object) rs.getLong(columns.size() + i + 1);
            }
            return row;
        }, args.toArray());
    }

    /**
     * Stored contacts per phase (and role or language): how many, and how many entered their phase
     * before {@code stalledBefore}. Read from the funnel aggregate (contacts per entry day), and for
     * the day of {@code stalledBefore} itself from the contacts who entered their phase on it; for
     * one account from its contacts.
     */
    public List<Object[]> funnel(String column, String account, Instant stalledBefore) {
        if (column != null && !List.of("role", "language").contains(column)) throw new IllegalArgumentException(column);
        String group = "phase" + (column == null ? "" : ", " + column);
        int n = column == null ? 1 : 2;
        Jdbc.Row<Object[]> read = rs -> {
            Object[] row = new Object[n + 2];
            for (int i = 0; i < n; i++) row[i] = rs.getString(i + 1);
            row[n] = rs.getLong(n + 1);
            row[n + 1] = rs.getLong(n + 2);
            return row;
        };
        String since = "COALESCE(phase_since, created_at)";
        if (account != null) {
            return Jdbc.list(connection, "SELECT " + group + ", COUNT(*), SUM(CASE WHEN " + since + " < ? THEN 1 ELSE 0 END) "
                    + "FROM contact WHERE account = ? GROUP BY " + group, read, Jdbc.time(stalledBefore), account);
        }
        Date day = Funnel.day(stalledBefore);
        Map<List<String>, Object[]> rows = new java.util.LinkedHashMap<>();
        for (Object[] row : Jdbc.list(connection, "SELECT " + group + ", SUM(contacts), SUM(CASE WHEN since_day < ? THEN contacts ELSE 0 END) "
                + "FROM insight_funnel GROUP BY " + group, read, day)) {
            rows.put(Arrays.stream(row, 0, n).map(String.class::cast).toList(), row);
        }
        Instant dayStart = day.toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        if (dayStart.isBefore(stalledBefore)) {
            // the contacts of the boundary day: stalled if they entered before the very instant (each test on an indexed column)
            for (Object[] row : Jdbc.list(connection, "SELECT " + group + ", COUNT(*), 0 FROM contact WHERE (phase_since >= ? AND phase_since < ?) "
                    + "OR (phase_since IS NULL AND created_at >= ? AND created_at < ?) GROUP BY " + group, read,
                    Jdbc.time(dayStart), Jdbc.time(stalledBefore), Jdbc.time(dayStart), Jdbc.time(stalledBefore))) {
                Object[] sum = rows.get(Arrays.stream(row, 0, n).map(String.class::cast).toList());
                if (sum != null) sum[n + 1] = (Long) sum[n + 1] + (Long) row[n];
            }
        }
        return new ArrayList<>(rows.values());
    }

    /**
     * Counts the stored contacts into the funnel aggregate afresh, as the migration that introduced
     * it does: after contacts were written in bulk past {@link ContactStore}.
     */
    public void countFunnel() {
        Jdbc.update(connection, "DELETE FROM insight_funnel");
        Jdbc.update(connection, "INSERT INTO insight_funnel (phase, role, language, since_day, contacts) SELECT phase, role, language, "
                + "CAST((COALESCE(phase_since, created_at) AT TIME ZONE 'UTC') AS DATE), COUNT(*) FROM contact "
                + "GROUP BY phase, role, language, CAST((COALESCE(phase_since, created_at) AT TIME ZONE 'UTC') AS DATE)");
    }

    /** Stored contacts per phase, role, language and concerns (comma-separated). */
    public List<Object[]> contactCells() {
        return Jdbc.list(connection, "SELECT phase, role, language, concerns, COUNT(*) FROM contact GROUP BY phase, role, language, concerns",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)});
    }
}
