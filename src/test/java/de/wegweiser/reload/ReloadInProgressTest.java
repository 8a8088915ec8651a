package de.wegweiser.reload;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.recommend.Snapshot;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reload that takes long never leaves the admin API without an answer: the status answers at
 * once, and a second reload request waits a bounded time, then says a reload is in progress.
 * Over HTTP, against the real service; a check that holds the reload until the test lets it go
 * stands for whatever makes a reload slow.
 */
class ReloadInProgressTest {

    /** How long a reload request waits for a reload in progress, in these tests. */
    private static final Duration BUSY_WAIT = Duration.ofSeconds(2);

    private static final HeldCheck CHECK = new HeldCheck();
    private static TestApp app;
    private final HttpClient client = HttpClient.newHttpClient();
    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withAdminToken(TestApp.ADMIN_TOKEN), BUSY_WAIT, CHECK);
    }

    @AfterEach
    void letGo() throws Exception {
        CHECK.release();
        background.shutdown();
        assertTrue(background.awaitTermination(60, TimeUnit.SECONDS), "the held reload did not finish");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_reload_request_while_another_reload_runs_answers_409_after_a_bounded_wait() throws Exception {
        Future<HttpResponse<String>> held = holdAReload();

        long started = System.nanoTime();
        HttpResponse<String> second = send("POST", "/api/v1/admin/reload");
        long millis = (System.nanoTime() - started) / 1_000_000;

        JsonNode problem = TestApp.JSON.readTree(second.body());
        assertAll(second.body(),
                () -> assertEquals(409, second.statusCode()),
                () -> assertTrue(second.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")),
                () -> assertTrue(millis >= BUSY_WAIT.toMillis() && millis < BUSY_WAIT.toMillis() + 3_000, millis + " ms"),
                () -> assertEquals("2", second.headers().firstValue("Retry-After").orElse(null)),
                () -> assertEquals("Reload in progress", problem.get("title").asText()),
                () -> assertEquals("another reload (started by another admin request at 2026-11-23T09:00:00Z) was still running"
                        + " after this request waited 2 s, so this request reloaded nothing; GET /api/v1/admin/status shows when"
                        + " it is done, then send the request again", problem.get("detail").asText()));

        CHECK.release();
        HttpResponse<String> first = held.get(60, TimeUnit.SECONDS);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("unchanged", TestApp.JSON.readTree(first.body()).get("outcome").asText());
    }

    @Test
    void the_status_answers_at_once_while_a_reload_runs_and_shows_what_started_it() throws Exception {
        Future<HttpResponse<String>> held = holdAReload();

        long started = System.nanoTime();
        HttpResponse<String> status = send("GET", "/api/v1/admin/status");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(200, status.statusCode(), status.body());
        assertTrue(millis < 1_000, millis + " ms");
        JsonNode reloading = TestApp.JSON.readTree(status.body()).path("reloading");
        assertEquals("admin request", reloading.path("trigger").asText(), status.body());
        assertEquals("2026-11-23T09:00:00Z", reloading.path("since").asText(), status.body());

        CHECK.release();
        assertEquals(200, held.get(60, TimeUnit.SECONDS).statusCode());
        assertTrue(TestApp.JSON.readTree(send("GET", "/api/v1/admin/status").body()).get("reloading").isNull());
    }

    @Test
    void recommendations_from_4_clients_at_once_are_all_answered_while_a_reload_runs() throws Exception {
        Future<HttpResponse<String>> held = holdAReload();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit(() -> client.send(HttpRequest.newBuilder(app.uri("/api/v1/recommendations"))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"contact\": {\"id\": \"r\", \"role\": \"finance\", \"phase\": \"consideration\"}, \"limit\": 5}"))
                        .build(), HttpResponse.BodyHandlers.ofString())));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
            }
            assertTrue(!held.isDone(), "the reload was let go before the requests were answered");
        } finally {
            clients.shutdown();
        }
        CHECK.release();
        assertEquals(200, held.get(60, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void a_reload_request_waits_for_a_reload_that_ends_within_the_wait_and_then_reloads() throws Exception {
        Future<HttpResponse<String>> held = holdAReload();

        var later = Executors.newSingleThreadScheduledExecutor();
        try {
            later.schedule(CHECK::release, 300, TimeUnit.MILLISECONDS);
            HttpResponse<String> second = send("POST", "/api/v1/admin/reload");
            assertEquals(200, second.statusCode(), second.body());
            assertEquals("unchanged", TestApp.JSON.readTree(second.body()).get("outcome").asText());
        } finally {
            later.shutdown();
        }
        assertEquals(200, held.get(60, TimeUnit.SECONDS).statusCode());
    }

    /** Starts a reload request that the check holds, and returns once the reload is being held. */
    private Future<HttpResponse<String>> holdAReload() throws Exception {
        CHECK.holdNext();
        Future<HttpResponse<String>> held = background.submit(() -> send("POST", "/api/v1/admin/reload"));
        assertTrue(CHECK.awaitHolding(), "the reload did not reach the check");
        return held;
    }

    /** An admin request that fails the test if it is not answered within 10 s. */
    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(app.uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        TestApp.checkContract(response);
        return response;
    }

    /** A check that passes every version, but holds the next reload until it is released. */
    private static final class HeldCheck implements SnapshotGate {

        private final AtomicBoolean holdNext = new AtomicBoolean();
        private volatile CountDownLatch holding = new CountDownLatch(1);
        private volatile CountDownLatch released = new CountDownLatch(1);

        void holdNext() {
            holding = new CountDownLatch(1);
            released = new CountDownLatch(1);
            holdNext.set(true);
        }

        boolean awaitHolding() throws InterruptedException {
            return holding.await(60, TimeUnit.SECONDS);
        }

        void release() {
            holdNext.set(false);
            released.countDown();
        }

        @Override
        public List<ReloadProblem> check(Snapshot candidate) {
            if (holdNext.compareAndSet(true, false)) {
                holding.countDown();
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.of();
        }
    }
}
