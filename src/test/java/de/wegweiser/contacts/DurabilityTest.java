package de.wegweiser.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.ChildProcess;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.storage.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An acknowledged event survives a crash: the service runs as its own JVM, gets events from four
 * threads, is killed with SIGKILL in the middle, and restarted on the same database.
 */
@Tag("slow") // kill -9 of a service in its own JVM, twice per backend
@ParameterizedClass
@MethodSource("backends")
class DurabilityTest {

    static final String KEY = "durability-key-0123456789";
    static final int ACKNOWLEDGED_BEFORE_KILL = 200;

    @Parameter
    TestStorage.Backend backend;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 900, unit = TimeUnit.SECONDS)
    void every_acknowledged_event_is_still_there_after_a_kill_9_and_a_restart_on_the_same_database() throws Exception {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        try {
            ChildProcess first = start(storage);
            List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger sent = new AtomicInteger();
            try {
                assertEquals(201, send(first, "PUT", "/api/v1/contacts/crash", "{\"role\": \"it\", \"language\": \"en\"}").statusCode());
                ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<?>> posters = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    posters.add(pool.submit(() -> {
                        for (int n = 0; ; n++) {
                            String id = "t%d-e%d".formatted(thread, n);
                            String body = event(id).toString();
                            sent.incrementAndGet();
                            try {
                                HttpResponse<String> response = send(first, "POST", "/api/v1/contacts/crash/events", body);
                                if (response.statusCode() == 200 && response.body().contains("\"status\":\"stored\"")) acknowledged.add(id);
                                else unexpected.add(response.statusCode() + " " + response.body());
                            } catch (Exception e) {
                                return null; // the service is gone
                            }
                        }
                    }));
                }
                while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL) {
                    assertTrue(first.process().isAlive(), "the service died by itself:\n" + first.output());
                    assertEquals(List.of(), List.copyOf(unexpected));
                    Thread.sleep(10);
                }
                first.kill(); // SIGKILL: no shutdown hook, no orderly close of the database
                for (Future<?> poster : posters) poster.get(30, TimeUnit.SECONDS);
                pool.shutdown();
                assertEquals(List.of(), List.copyOf(unexpected));
            } finally {
                first.close();
            }

            ChildProcess second = start(storage);
            try {
                JsonNode contact = json(send(second, "GET", "/api/v1/contacts/crash", null));
                long stored = contact.get("events").asLong();
                System.out.printf("DurabilityTest (%s): %d acknowledged, %d sent, %d stored after kill -9%n", backend,
                        acknowledged.size(), sent.get(), stored);
                assertTrue(stored >= acknowledged.size(), stored + " stored < " + acknowledged.size() + " acknowledged");
                assertTrue(stored <= sent.get(), "more stored than sent");

                // each acknowledged event by id: sending it again finds it stored
                List<ObjectNode> again = acknowledged.stream().map(DurabilityTest::event).toList();
                for (int from = 0; from < again.size(); from += 500) {
                    JsonNode receipt = json(send(second, "POST", "/api/v1/contacts/crash/events",
                            EventJson.batch(again.subList(from, Math.min(again.size(), from + 500)))));
                    assertEquals(0, receipt.get("stored").asInt(), "an acknowledged event was lost: " + receipt);
                }
                assertEquals(stored, json(send(second, "GET", "/api/v1/contacts/crash", null)).get("events").asLong());
            } finally {
                second.stop(Duration.ofSeconds(30));
            }
        } finally {
            TestStorage.release(storage);
        }
    }

    /** The same id always makes the same event, so a resent event is a duplicate, not a conflict. */
    private static ObjectNode event(String id) {
        return EventJson.node(id, "page-view", EVENT_TIME.toString(), null);
    }

    private static final Instant EVENT_TIME = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private HttpResponse<String> send(ChildProcess service, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .timeout(Duration.ofSeconds(30)).header(TestApp.API_KEY_HEADER, KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        TestApp.checkContract(response);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return TestApp.JSON.readTree(response.body());
    }

    /** The service in its own JVM, from the classes Maven built, on the given database. */
    private static ChildProcess start(AppConfig.Storage storage) {
        Map<String, String> env = new HashMap<>(Map.of(
                "WEGWEISER_RULES_DIR", TestApp.RULES.toAbsolutePath().toString(),
                "WEGWEISER_CATALOG_DIR", TestApp.CATALOG.toAbsolutePath().toString(),
                "WEGWEISER_WATCH", "false",
                "WEGWEISER_API_KEYS", KEY));
        if (storage.jdbcUrl() != null) env.put("WEGWEISER_JDBC_URL", storage.jdbcUrl());
        else env.put("WEGWEISER_DATA_DIR", storage.dataDir().toString());
        long started = System.nanoTime();
        // C1 only: the service starts in half the time, and this test measures durability, not speed
        ChildProcess service = ChildProcess.startService(ChildProcess.classes(env, "-Xmx512m", "-XX:TieredStopAtLevel=1"));
        System.out.printf("DurabilityTest: the service started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        return service;
    }
}
