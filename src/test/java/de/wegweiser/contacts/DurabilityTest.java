package de.wegweiser.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.storage.TestStorage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    static final Pattern LISTENING = Pattern.compile("Wegweiser listening on http://127\\.0\\.0\\.1:(\\d+)");

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
            Service first = Service.start(storage);
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
                    assertTrue(first.process.isAlive(), "the service died by itself:\n" + first.output());
                    assertEquals(List.of(), List.copyOf(unexpected));
                    Thread.sleep(10);
                }
                first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no orderly close of the database
                assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
                for (Future<?> poster : posters) poster.get(30, TimeUnit.SECONDS);
                pool.shutdown();
                assertEquals(List.of(), List.copyOf(unexpected));
            } finally {
                first.process.destroyForcibly();
            }

            Service second = Service.start(storage);
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
                second.stop();
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

    private HttpResponse<String> send(Service service, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port + path))
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
    record Service(Process process, int port, ConcurrentLinkedQueue<String> lines) {

        static Service start(AppConfig.Storage storage) throws Exception {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // C1 only: the service starts in half the time, and this test measures durability, not speed;
            // assertions as in the test JVM (the pom's argLine: ours on, H2's off, see Database.H2_OPTIONS)
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-ea", "-da:org.h2...",
                    "-Dwegweiser.test.appLog=INFO", // the test logging config is quieter
                    "-cp", System.getProperty("java.class.path"), "de.wegweiser.App");
            Map<String, String> env = builder.environment();
            env.put("WEGWEISER_PORT", "0");
            env.put("WEGWEISER_HOST", "127.0.0.1");
            env.put("WEGWEISER_RULES_DIR", TestApp.RULES.toAbsolutePath().toString());
            env.put("WEGWEISER_CATALOG_DIR", TestApp.CATALOG.toAbsolutePath().toString());
            env.put("WEGWEISER_WATCH", "false");
            env.put("WEGWEISER_API_KEYS", KEY);
            if (storage.jdbcUrl() != null) env.put("WEGWEISER_JDBC_URL", storage.jdbcUrl());
            else env.put("WEGWEISER_DATA_DIR", storage.dataDir().toString());
            builder.redirectErrorStream(true);
            Process process = builder.start();
            ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                    }
                } catch (Exception ignored) {
                    // the process was killed
                }
                port.completeExceptionally(new AssertionError("the service stopped before listening:\n" + String.join("\n", lines)));
            }, "service-output");
            reader.setDaemon(true);
            reader.start();
            long started = System.nanoTime();
            try {
                // only against a hang: at load 40 on 2 cores a start took more than 90 s
                Service service = new Service(process, port.get(300, TimeUnit.SECONDS), lines);
                System.out.printf("DurabilityTest: the service started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
                return service;
            } catch (Exception e) {
                process.destroyForcibly();
                throw new AssertionError("the service did not start:\n" + String.join("\n", lines), e);
            }
        }

        String output() { return String.join("\n", lines); }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
            assertFalse(process.isAlive());
        }
    }
}
