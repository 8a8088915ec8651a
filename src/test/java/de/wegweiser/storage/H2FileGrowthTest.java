package de.wegweiser.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.contacts.ContactService;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.SnapshotLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guard of the H2 file's size under continuous writes: with one event per transaction, H2's
 * file grew by 30-45 KB per event and was 100-275 times its compacted size (docs/benchmarks.md,
 * "Event storage"). The harness measures a million events; this test a short burst.
 */
class H2FileGrowthTest {

    static final int THREADS = 8;
    static final int CONTACTS = 200;
    static final int EVENTS = 10_000;
    /** The harness measured 4.6-5.1x from 100,000 to 1,000,000 events; a flush per event was far above 100x. */
    static final double MAX_RATIO = 10;

    @Tag("slow") // load: 10,000 events from eight threads
    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS) // against a hang only: about 40 s, but 10 minutes at load 40 on 2 cores
    void ten_thousand_events_from_eight_threads_leave_a_file_within_ten_times_its_compacted_size() throws Exception {
        Path dir = TestStorage.tempDir();
        Path file = dir.resolve(Database.H2_FILE + ".mv.db");
        try {
            long live;
            try (Database database = Database.open(dir, null, null, null)) {
                RecommendationService recommendations = new RecommendationService(
                        new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES), TestApp.CLOCK);
                ContactStore store = new ContactStore(database);
                // no recommendations are traced here: the tracker's writer (a daemon) has nothing to write
                ContactService service = new ContactService(store, recommendations, TestApp.CLOCK,
                        new de.wegweiser.insights.InsightRecorder(new de.wegweiser.insights.Tracker(store, TestApp.CLOCK)));
                for (int c = 0; c < CONTACTS; c++) {
                    service.save(new ContactProfile("contact-" + c, "it", Set.of(), Set.of(), "en",
                            c % 3 == 0 ? "account-" + c % 20 : null, null, false), null, null);
                }
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                try {
                    List<Future<?>> posters = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        posters.add(pool.submit(() -> {
                            for (int n; (n = next.getAndIncrement()) < EVENTS; ) {
                                Event event = new Event("e-" + n, EventType.PAGE_VIEW, TestApp.CLOCK.instant().minusSeconds(n), null, "website");
                                assertTrue(service.record("contact-" + n % CONTACTS, List.of(event)).events().get(0).stored());
                            }
                            return null;
                        }));
                    }
                    for (Future<?> poster : posters) poster.get();
                } finally {
                    pool.shutdownNow();
                }
                live = Files.size(file);
                assertEquals(EVENTS / CONTACTS, service.find("contact-0").orElseThrow().contact().state().events());
            }

            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.toAbsolutePath().resolve(Database.H2_FILE)
                    + Database.H2_OPTIONS); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            long compacted = Files.size(file);
            System.out.printf("H2FileGrowthTest: %,d events: file %.1f MB while open, %.1f MB compacted (%.1fx)%n", EVENTS,
                    live / 1048576.0, compacted / 1048576.0, live / (double) compacted);
            assertTrue(live <= MAX_RATIO * compacted, "the file was %.1f MB, %.1f times its compacted size (%.1f MB)"
                    .formatted(live / 1048576.0, live / (double) compacted, compacted / 1048576.0));
        } finally {
            TestStorage.delete(dir);
        }
    }
}
