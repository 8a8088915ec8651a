package de.wegweiser.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.TestStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The traces that tie a trackingId to its rules do not pile up: the tracker's background clean-up
 * deletes those older than the retention and keeps the younger ones, on H2 and PostgreSQL.
 */
class TraceRetentionTest {

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-08-01T09:00:00Z");

        @Override
        public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override
        public Clock withZone(ZoneId zone) { return this; }

        @Override
        public Instant instant() { return now; }
    }

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void traces_older_than_the_retention_are_deleted_in_the_background_and_younger_ones_stay(TestStorage.Backend backend) throws Exception {
        Snapshot snapshot = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
        RecommendationService service = new RecommendationService(snapshot, TestApp.CLOCK);
        AppConfig.Storage storage = TestStorage.fresh(backend);
        MovingClock clock = new MovingClock();
        Contact contact = new Contact("v-1", "it", Set.of(), JourneyPhase.CONSIDERATION, "en", Set.of(), null, null, Set.of(), null, false);
        RecommendationResult answer = service.recommend(contact, 3);
        try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null);
             Tracker tracker = new Tracker(new ContactStore(database), clock, Duration.ofDays(90), Duration.ofMillis(100))) {
            String old = tracker.track(answer);                 // 2026-08-01
            clock.now = clock.now.plus(Duration.ofDays(60));
            String recent = tracker.track(answer);              // 2026-09-30
            tracker.flush();
            assertTrue(tracker.find(old).isPresent());

            clock.now = clock.now.plus(Duration.ofDays(31));    // 2026-10-31: the first is 91 days old, the second 31
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tracker.find(old).isPresent() && System.nanoTime() < deadline) Thread.sleep(50);

            assertTrue(tracker.find(old).isEmpty(), "the 91-day-old trace is gone");
            assertTrue(tracker.find(recent).isPresent(), "the 31-day-old trace stays");
            assertEquals(0, tracker.cleanUp(), "nothing left to delete");
        } finally {
            snapshot.evaluator().close();
            TestStorage.release(storage);
        }
    }
}
