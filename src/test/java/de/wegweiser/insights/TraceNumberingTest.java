package de.wegweiser.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.config.AppConfig;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.TestStorage;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A trace stores rule names as numbers. Two nodes on one database, and one node after a restart,
 * must number them alike, or a trace written by one is read back with the other's rule names.
 */
@ParameterizedClass
@MethodSource("backends")
class TraceNumberingTest {

    private static final String VERSION = "rules-v1";
    private static final List<String> RULE_BOOK = List.of("Alpha", "Beta", "Gamma");
    private static List<ContentItem> items;

    @Parameter
    TestStorage.Backend backend;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @BeforeAll
    static void catalog() throws Exception {
        items = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG).items().subList(0, 2);
    }

    @Test
    void traces_written_before_a_restart_keep_their_rule_names_when_the_next_answers_name_rules_in_another_order() {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        try {
            String before;
            try (Database database = open(storage); Tracker node = new Tracker(new ContactStore(database), TestApp.CLOCK)) {
                before = node.track(answer("Beta", "Alpha"));
            }
            try (Database database = open(storage); Tracker restarted = new Tracker(new ContactStore(database), TestApp.CLOCK)) {
                String after = restarted.track(answer("Gamma", "Alpha"));
                restarted.flush();
                assertEquals(rules("Beta", "Alpha"), rules(restarted, before));
                assertEquals(rules("Gamma", "Alpha"), rules(restarted, after));
            }
        } finally {
            TestStorage.release(storage);
        }
    }

    @Test
    void two_nodes_that_answer_at_once_number_the_rules_alike() {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        try (Database database = open(storage)) {
            ContactStore store = new ContactStore(database);
            String first;
            String second;
            try (Tracker one = new Tracker(store, TestApp.CLOCK, v -> RULE_BOOK); Tracker two = new Tracker(store, TestApp.CLOCK, v -> RULE_BOOK)) {
                first = one.track(answer("Beta", "Alpha"));
                second = two.track(answer("Gamma", "Beta"));
                one.flush();
                two.flush();
            }
            try (Tracker reader = new Tracker(store, TestApp.CLOCK)) {
                assertEquals(rules("Beta", "Alpha"), rules(reader, first));
                assertEquals(rules("Gamma", "Beta"), rules(reader, second));
            }
        } finally {
            TestStorage.release(storage);
        }
    }

    private static Database open(AppConfig.Storage storage) {
        return Database.open(storage.dataDir(), storage.jdbcUrl(), null, null);
    }

    /** Two items, each recommended by one rule, in the order given. */
    private static RecommendationResult answer(String firstRule, String secondRule) {
        return new RecommendationResult("c", VERSION, "catalog-v1", List.of(
                new Recommendation(items.get(0), 2, List.of(new Reason(firstRule, 2, "why"))),
                new Recommendation(items.get(1), 1, List.of(new Reason(secondRule, 1, "why")))), "it", "en");
    }

    private static Map<String, String> rules(String firstRule, String secondRule) {
        return Map.of(items.get(0).id(), firstRule, items.get(1).id(), secondRule);
    }

    private static Map<String, String> rules(Tracker tracker, String trackingId) {
        Trace trace = tracker.find(trackingId).orElseThrow();
        return Map.of(items.get(0).id(), trace.items().get(items.get(0).id()).get(0).rule(),
                items.get(1).id(), trace.items().get(items.get(1).id()).get(0).rule());
    }
}
