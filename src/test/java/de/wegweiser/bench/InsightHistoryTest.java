package de.wegweiser.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.contacts.ContactService;
import de.wegweiser.insights.InsightRecorder;
import de.wegweiser.insights.InsightService;
import de.wegweiser.insights.InsightService.Split;
import de.wegweiser.insights.InsightService.Window;
import de.wegweiser.insights.Tracker;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.TestStorage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark's bulk fill is honest: the same generated history, sent event by event through
 * the real event path into one database and written in bulk into another, gives the same reports,
 * figure for figure, for every window, split and filter tried. On H2 and (when configured) on
 * PostgreSQL.
 */
class InsightHistoryTest {

    static Snapshot snapshot;
    static RecommendationService service;

    @BeforeAll
    static void load() throws Exception {
        snapshot = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
        service = new RecommendationService(snapshot, TestApp.CLOCK);
    }

    @AfterAll
    static void close() {
        snapshot.evaluator().close();
    }

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void a_history_written_in_bulk_gives_the_same_reports_as_the_same_events_sent_one_by_one(TestStorage.Backend backend) {
        AppConfig.Storage sentStorage = TestStorage.fresh(backend);
        AppConfig.Storage bulkStorage = TestStorage.fresh(backend);
        try (Database sentDb = Database.open(sentStorage.dataDir(), sentStorage.jdbcUrl(), null, null);
             Database bulkDb = Database.open(bulkStorage.dataDir(), bulkStorage.jdbcUrl(), null, null)) {
            ContactStore sentStore = new ContactStore(sentDb);
            Tracker tracker = new Tracker(sentStore, TestApp.CLOCK);
            InsightRecorder recorder = new InsightRecorder(tracker);
            InsightHistory history = InsightHistory.generate(service, tracker, TestApp.CLOCK.instant(), 12, 2_000, 5);
            history.send(new ContactService(sentStore, service, TestApp.CLOCK, recorder));
            history.load(bulkDb);

            InsightService sent = new InsightService(sentStore, service, TestApp.CLOCK, recorder);
            ContactStore bulkStore = new ContactStore(bulkDb);
            Tracker bulkTracker = new Tracker(bulkStore, TestApp.CLOCK);
            InsightService bulk = new InsightService(bulkStore, service, TestApp.CLOCK, new InsightRecorder(bulkTracker));

            LocalDate today = TestApp.TODAY;
            List<Window> windows = List.of(new Window(today.minusDays(365), today), new Window(today.minusDays(29), today),
                    new Window(today.minusDays(200), today.minusDays(150)));
            List<Split> splits = new ArrayList<>(Arrays.asList(Split.values()));
            splits.add(null);
            Window year = windows.get(0);
            var items = sent.items(year, null, null, 365).items();
            assertTrue(items.size() > 5, "the history shows several items: " + items.size());
            assertTrue(items.stream().mapToLong(InsightService.ItemFigures::influence).sum() > 0, "some items moved contacts on");
            assertTrue(sent.rules(year, null, null, null).rules().stream().mapToLong(InsightService.RuleFigures::impressions).sum() > 0,
                    "the rules were credited with impressions");
            assertTrue(sent.journey(year, null, null, 30).phases().stream().mapToLong(InsightService.PhaseFigures::movedOn).sum() > 0,
                    "contacts moved on");
            String oneItem = items.get(0).itemId();
            for (Window window : windows) {
                for (Split split : splits) {
                    String what = window + " by " + split;
                    for (int influenceDays : new int[] {1, 7, 30, 365}) {
                        assertEquals(sent.items(window, null, split, influenceDays), bulk.items(window, null, split, influenceDays),
                                "items " + what + ", influence " + influenceDays);
                    }
                    assertEquals(sent.items(window, oneItem, split, 30), bulk.items(window, oneItem, split, 30), "one item " + what);
                    assertEquals(sent.rules(window, null, null, split), bulk.rules(window, null, null, split), "rules " + what);
                    for (int stallDays : new int[] {1, 30, 200}) {
                        assertEquals(sent.journey(window, split, null, stallDays), bulk.journey(window, split, null, stallDays),
                                "journey " + what + ", stalled after " + stallDays);
                    }
                }
            }
            tracker.close();
            bulkTracker.close();
        } finally {
            TestStorage.release(sentStorage);
            TestStorage.release(bulkStorage);
        }
    }
}
