package de.wegweiser.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.TestApp;
import de.wegweiser.storage.TestStorage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Parallel events for one contact: serialized per contact, nothing lost, the same state as one by one. */
@Tag("slow") // load from many threads
@ParameterizedClass
@MethodSource("backends")
class ConcurrentEventsTest {

    static final int THREADS = 8;
    static final int EVENTS_PER_THREAD = 200;

    @Parameter
    TestStorage.Backend backend;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void eight_threads_posting_200_events_each_for_one_contact_lose_nothing_and_end_where_one_thread_ends() throws Exception {
        try (TestApp app = TestApp.start(backend)) {
            List<ObjectNode> events = events(app);
            String profile = EventJson.profile("it", "en", "\"account\": \"acme-parallel\"");
            assertEquals(201, app.contacts("PUT", "/api/v1/contacts/parallel", profile).status());
            assertEquals(201, app.contacts("PUT", "/api/v1/contacts/sequential", profile).status());

            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long started;
            try {
                List<Future<?>> threads = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    List<ObjectNode> mine = events.subList(t * EVENTS_PER_THREAD, (t + 1) * EVENTS_PER_THREAD);
                    threads.add(pool.submit(() -> {
                        go.await();
                        for (ObjectNode event : mine) {
                            TestApp.Response response = app.contacts("POST", "/api/v1/contacts/parallel/events", event.toString());
                            if (response.status() != 200 || !response.text().contains("\"status\":\"stored\"")) {
                                failures.add(response.status() + " " + response.text());
                            }
                        }
                        return null;
                    }));
                }
                started = System.nanoTime();
                go.countDown();
                for (Future<?> thread : threads) thread.get();
            } finally {
                pool.shutdownNow();
            }
            System.out.printf("ConcurrentEventsTest (%s): %d x %d events for one contact in %d ms%n", backend, THREADS,
                    EVENTS_PER_THREAD, (System.nanoTime() - started) / 1_000_000);
            assertEquals(List.of(), List.copyOf(failures).subList(0, Math.min(5, failures.size())));

            long sequentialStart = System.nanoTime();
            for (int from = 0; from < events.size(); from += 200) {
                TestApp.Response response = app.contacts("POST", "/api/v1/contacts/sequential/events",
                        EventJson.batch(events.subList(from, from + 200)));
                assertEquals(200, response.status(), response.text());
            }
            System.out.printf("ConcurrentEventsTest (%s): the same events in batches of 200 in %d ms%n", backend,
                    (System.nanoTime() - sequentialStart) / 1_000_000);

            JsonNode parallel = app.contacts("GET", "/api/v1/contacts/parallel", null).json();
            JsonNode sequential = app.contacts("GET", "/api/v1/contacts/sequential", null).json();
            assertEquals(THREADS * EVENTS_PER_THREAD, parallel.get("events").asLong());
            assertEquals(sequential.get("events").asLong(), parallel.get("events").asLong());
            assertTrue(parallel.get("leadScore").asDouble() > 100, parallel.get("leadScore").toString());
            assertEquals(sequential.get("leadScore").asDouble(), parallel.get("leadScore").asDouble(), 0.011,
                    "the decayed score does not depend on the order the events arrived in");
            assertEquals(sequential.get("phase"), parallel.get("phase"));
            assertEquals(sequential.get("lifecycle"), parallel.get("lifecycle"));
            assertEquals(consumed(sequential), consumed(parallel));
            assertEquals(20, consumed(parallel).size());

            // every event is stored exactly once: sending them all again stores nothing
            for (int from = 0; from < events.size(); from += 400) {
                JsonNode again = app.contacts("POST", "/api/v1/contacts/parallel/events",
                        EventJson.batch(events.subList(from, from + 400))).json();
                assertEquals(0, again.get("stored").asInt(), again.toString());
                assertEquals(400, again.get("duplicates").asInt());
            }
            assertEquals(THREADS * EVENTS_PER_THREAD, app.contacts("GET", "/api/v1/contacts/parallel", null).json().get("events").asLong());
        }
    }

    /** Page views, content views of 20 items and newsletter opens, a minute apart, over 27 days. */
    private static List<ObjectNode> events(TestApp app) throws Exception {
        List<String> items = EventJson.catalog(app, "language=en").stream().map(i -> i.get("id").asText()).toList();
        assertTrue(items.size() >= 20, "the catalog has too few English items: " + items.size());
        String[] types = {"page-view", "content-view", "newsletter-open", "content-view"};
        Instant start = TestApp.CLOCK.instant().minusSeconds(30L * 24 * 3600);
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < THREADS * EVENTS_PER_THREAD; i++) {
            String type = types[i % types.length];
            events.add(EventJson.node("e-" + i, type, start.plusSeconds(i * 60L * 24).toString(),
                    type.equals("content-view") ? items.get(i / 2 % 20) : null));
        }
        return events;
    }

    private static Set<String> consumed(JsonNode contact) {
        Set<String> ids = new TreeSet<>();
        contact.get("consumed").forEach(c -> ids.add(c.get("itemId").asText()));
        return ids;
    }
}
