package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import de.wegweiser.domain.JourneyPhase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads at once get exactly the answers one thread gets alone. */
@Tag("slow") // load from many threads
class ConcurrencyTest {

    private static final String PATH = "/api/v1/recommendations";
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 500;
    private static final List<String> ROLES = List.of("managing-director", "head-of-sales", "production", "it",
            "purchasing", "finance", "marketing");
    private static final List<String> CONCERNS = List.of("image", "strategy", "price", "terms", "efficiency", "usability",
            "security", "integration", "roi", "support", "sustainability");
    private static final List<String> TOPICS = List.of("machining-centres", "automation", "machine-connectivity",
            "predictive-maintenance", "retrofit", "energy-efficiency", "financing", "it-security", "training", "service",
            "industry-trends");
    private static final List<String> LIFECYCLES = List.of("subscriber", "lead", "mql", "sql", "opportunity", "customer");
    private static final int[] LIMITS = {5, 10, 20, 50};

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void eight_threads_of_500_requests_get_exactly_the_bodies_of_the_same_requests_made_sequentially() throws Exception {
        List<String> requests = requests();
        List<Response> expected = new ArrayList<>();
        long sequentialStart = System.nanoTime();
        for (String body : requests) {
            Response response = app.post(PATH, body);
            assertEquals(200, response.status(), body + " -> " + response.text());
            expected.add(response);
        }
        long sequentialMillis = (System.nanoTime() - sequentialStart) / 1_000_000;
        assertTrue(requests.size() >= 16, "too few distinct contacts: " + requests.size());
        assertEquals(requests.size(), new HashSet<>(expected.stream().map(Response::text).toList()).size(),
                "distinct contacts should get distinct answers");

        AtomicInteger done = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Queue<String> firstFailures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long concurrentStart;
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < REQUESTS_PER_THREAD; n++) {
                        int k = (thread * 3 + n * (thread % 2 == 0 ? 1 : 5)) % requests.size();
                        String failure;
                        try {
                            Response response = app.post(PATH, requests.get(k));
                            failure = response.status() != 200 ? "status " + response.status() + ": " + response.text()
                                    : !untracked(response.text()).equals(untracked(expected.get(k).text())) ? "different body: " + response.text()
                                    : null;
                        } catch (Exception e) {
                            failure = e.toString();
                        }
                        done.incrementAndGet();
                        if (failure != null && failures.incrementAndGet() <= 5) {
                            firstFailures.add("thread %d request %d (%s): %s".formatted(thread, n, requests.get(k), failure));
                        }
                    }
                    return null;
                }));
            }
            concurrentStart = System.nanoTime();
            go.countDown();
            for (Future<?> thread : threads) thread.get();
        } finally {
            pool.shutdownNow();
        }
        long concurrentMillis = (System.nanoTime() - concurrentStart) / 1_000_000;
        System.out.printf("ConcurrencyTest: %d distinct requests sequentially in %d ms; %d x %d concurrently in %d ms%n",
                requests.size(), sequentialMillis, THREADS, REQUESTS_PER_THREAD, concurrentMillis);

        assertEquals(THREADS * REQUESTS_PER_THREAD, done.get());
        assertEquals(0, failures.get(), failures.get() + " of " + done.get() + " requests failed, e.g. " + firstFailures);
    }

    /** 24 distinct contacts: every role, every phase, both languages, with and without concerns, topics and history. */
    private static List<String> requests() {
        JourneyPhase[] phases = JourneyPhase.values();
        List<String> requests = new ArrayList<>();
        Set<String> combinations = new HashSet<>();
        for (int i = 0; i < 24; i++) {
            String role = ROLES.get(i % ROLES.size());
            String phase = phases[i % phases.length].id();
            String language = i % 2 == 0 ? "de" : "en";
            combinations.add(role + "/" + phase + "/" + language);

            ObjectNode contact = TestApp.JSON.createObjectNode();
            contact.put("id", "concurrent-" + i).put("role", role).put("phase", phase).put("language", language);
            if (i % 3 != 0) contact.putArray("concerns").add(CONCERNS.get(i % CONCERNS.size())).add(CONCERNS.get((i * 5 + 1) % CONCERNS.size()));
            if (i % 4 == 1) contact.putArray("topics").add(TOPICS.get(i % TOPICS.size()));
            if (i % 5 == 2) contact.putArray("consumed").add("web-live-demo-smx650-de").add("web-opc-ua-in-practice-en");
            if (i % 6 == 3) contact.put("lifecycle", LIFECYCLES.get(i % LIFECYCLES.size()));
            if (i % 7 == 4) contact.put("existingCustomer", true);
            if (i % 8 == 5) contact.put("account", "account-" + i).put("industry", "automotive");

            ObjectNode body = TestApp.JSON.createObjectNode();
            body.set("contact", contact);
            body.put("limit", LIMITS[i % LIMITS.length]);
            requests.add(body.toString());
        }
        assertEquals(requests.size(), combinations.size(), "role/phase/language combinations repeat");
        return requests;
    }

    /** The answer without its trackingId: every answer has one of its own, all else must be the same. */
    private static String untracked(String body) {
        return body.replaceFirst("\"trackingId\":\"[0-9a-f]{32}\",?", "");
    }
}
