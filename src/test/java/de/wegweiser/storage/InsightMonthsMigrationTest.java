package de.wegweiser.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import de.wegweiser.config.AppConfig;
import de.wegweiser.storage.InsightRows.Table;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * V160 turns the item figures written by V120 (a row per event type) into a row per item and day,
 * and adds the month rows: figures written before read the same after, whether a window reads
 * days, whole months or both; V161 counts the contacts written before into the funnel. The fixture
 * spans the end of October and November 2026.
 */
@ParameterizedClass
@MethodSource("backends")
class InsightMonthsMigrationTest {

    @Parameter
    TestStorage.Backend backend;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
    static final LocalDate NOV_30 = LocalDate.of(2026, 11, 30);

    @Test
    void figures_and_contacts_written_before_read_the_same_by_day_by_month_and_in_the_funnel_after_the_migration() throws Exception {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        String url = storage.jdbcUrl() != null ? storage.jdbcUrl()
                : "jdbc:h2:file:" + storage.dataDir().toAbsolutePath().resolve(Database.H2_FILE) + Database.H2_OPTIONS;
        try {
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("150").load().migrate();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                // item p: 3 impressions on 30 October; 2 impressions, a click and 4 page views (no report shows them) on 2 November
                s.execute("INSERT INTO insight_item_total (on_day, item_id, type, events) VALUES ('2026-10-30', 'p', 'RECOMMENDATION_IMPRESSION', 3), "
                        + "('2026-11-02', 'p', 'RECOMMENDATION_IMPRESSION', 2), ('2026-11-02', 'p', 'RECOMMENDATION_CLICK', 1), "
                        + "('2026-11-02', 'p', 'PAGE_VIEW', 4), ('2026-11-10', 'q', 'CONTENT_VIEW', 1)");
                s.execute("INSERT INTO insight_item_role (on_day, item_id, type, role, events) VALUES "
                        + "('2026-10-30', 'p', 'RECOMMENDATION_IMPRESSION', 'it', 2), ('2026-10-30', 'p', 'RECOMMENDATION_IMPRESSION', 'finance', 1), "
                        + "('2026-11-02', 'p', 'RECOMMENDATION_IMPRESSION', 'it', 2), ('2026-11-02', 'p', 'RECOMMENDATION_CLICK', 'it', 1), "
                        + "('2026-11-02', 'p', 'PAGE_VIEW', 'it', 4), ('2026-11-10', 'q', 'CONTENT_VIEW', 'finance', 1)");
                s.execute("INSERT INTO contact (id, role, concerns, topics, language, existing_customer, phase, score, events, "
                        + "phase_engagements, created_at, updated_at, phase_since) VALUES "
                        + "('moved', 'it', '', '', 'de', FALSE, 'favorability', 0, 0, 0, '2026-10-01 08:00:00+00', '2026-10-01 08:00:00+00', "
                        + "'2026-11-03 10:00:00+00'), ('new', 'it', '', '', 'de', FALSE, 'non-awareness', 0, 0, 0, '2026-11-20 23:30:00+00', "
                        + "'2026-11-20 23:30:00+00', NULL)");
                s.execute("INSERT INTO insight_influence_total (on_day, item_id, moved_days, contacts) VALUES ('2026-10-30', 'p', 3, 1), "
                        + "('2026-11-02', 'p', 0, 2)");
                s.execute("INSERT INTO insight_move_role (on_day, from_phase, to_phase, days_in_phase, role, moves) VALUES "
                        + "('2026-10-31', 'non-awareness', 'awareness', 5, 'it', 1), ('2026-11-03', 'awareness', 'favorability', 2, 'it', 1), "
                        + "('2026-11-20', 'awareness', 'favorability', 2, 'it', 2)");
            }

            try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null)) {
                ContactStore store = new ContactStore(database);
                // two whole months: read from the month rows only
                Map<String, long[]> months = sums(store, Table.ITEM, null, OCT_1, NOV_30, List.of("item_id"), Map.of());
                assertArrayEquals(new long[] {5, 1, 0, 0, 0}, months.get("p"));
                assertArrayEquals(new long[] {0, 0, 1, 0, 0}, months.get("q"));
                // days only, by role
                Map<String, long[]> days = sums(store, Table.ITEM, "role", LocalDate.of(2026, 10, 30), LocalDate.of(2026, 11, 2),
                        List.of("item_id", "role"), Map.of());
                assertArrayEquals(new long[] {4, 1, 0, 0, 0}, days.get("p|it"));
                assertArrayEquals(new long[] {1, 0, 0, 0, 0}, days.get("p|finance"));
                assertEquals(2, days.size());
                // a partial month and a whole one: the days of October from the day rows, November from its month row
                Map<String, long[]> both = sums(store, Table.ITEM, "role", LocalDate.of(2026, 10, 30), NOV_30, List.of("item_id", "role"), Map.of());
                assertArrayEquals(new long[] {4, 1, 0, 0, 0}, both.get("p|it"));
                assertArrayEquals(new long[] {0, 0, 1, 0, 0}, both.get("q|finance"));
                // a series by day reads the days, without the page views
                Map<String, long[]> series = sums(store, Table.ITEM, null, OCT_1, NOV_30, List.of("item_id", "on_day"), Map.of());
                assertEquals(List.of("p|2026-10-30", "p|2026-11-02", "q|2026-11-10"), List.copyOf(series.keySet()));
                assertArrayEquals(new long[] {2, 1, 0, 0, 0}, series.get("p|2026-11-02"));

                assertArrayEquals(new long[] {3}, sums(store, Table.INFLUENCE, null, OCT_1, NOV_30, List.of("item_id"),
                        Map.of("moved_days", 30)).get("p"));
                assertArrayEquals(new long[] {2}, sums(store, Table.INFLUENCE, null, OCT_1, NOV_30, List.of("item_id"),
                        Map.of("moved_days", 1)).get("p"));
                Map<String, long[]> moves = sums(store, Table.MOVE, "role", OCT_1, NOV_30, List.of("from_phase", "to_phase", "role"), Map.of());
                assertArrayEquals(new long[] {1}, moves.get("non-awareness|awareness|it"));
                assertArrayEquals(new long[] {3}, moves.get("awareness|favorability|it"));

                assertEquals(3L, count(database, "insight_items_month_total"), "p in October and November, q in November");
                assertEquals(2L, count(database, "insight_move_month_role"), "the moves to favorability share November's row");
                assertEquals(5L, count(database, "insight_item_total"), "the old rows stay for nodes of the previous release");

                // the contacts written before count in the funnel (V161): stalled if in their phase since before the instant
                java.time.Instant nov21 = java.time.Instant.parse("2026-11-21T00:00:00Z");
                assertEquals(List.of("favorability|1|1", "non-awareness|1|1"), funnel(store, nov21));
                assertEquals(List.of("favorability|1|1", "non-awareness|1|0"), funnel(store, java.time.Instant.parse("2026-11-20T23:30:00Z")));
                assertEquals(List.of("favorability|1|0", "non-awareness|1|0"), funnel(store, java.time.Instant.parse("2026-11-03T10:00:00Z")));
            }
        } finally {
            TestStorage.release(storage);
        }
    }

    /** The rows of {@link InsightRows#sums} added up per key (days and months of one key come as separate rows). */
    private static Map<String, long[]> sums(ContactStore store, Table table, String split, LocalDate from, LocalDate to, List<String> columns,
                                            Map<String, Object> filter) {
        Map<String, long[]> sums = new TreeMap<>();
        for (Object[] row : store.insights(r -> r.sums(table, split, from, to, columns, filter))) {
            String key = String.join("|", Arrays.stream(row, 0, columns.size()).map(String::valueOf).toList());
            long[] sum = sums.computeIfAbsent(key, k -> new long[row.length - columns.size()]);
            for (int i = 0; i < sum.length; i++) sum[i] += (Long) row[columns.size() + i];
        }
        return sums;
    }

    private static List<String> funnel(ContactStore store, java.time.Instant stalledBefore) {
        return store.insights(r -> r.funnel(null, null, stalledBefore)).stream()
                .map(row -> row[0] + "|" + row[1] + "|" + row[2]).sorted().toList();
    }

    private static long count(Database database, String table) {
        return database.read(c -> {
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
