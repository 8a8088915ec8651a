package de.wegweiser.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.ChildProcess;
import de.wegweiser.TestApp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged jar stopped with SIGTERM while four clients keep sending: every request it accepted
 * gets its answer, readiness says 503 while it drains, and it logs JSON lines with request ids.
 */
@Tag("slow")
class GracefulStopIT {

    private static final String KEY = "graceful-key-0123456789";
    private static final int THREADS = 4;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void sigterm_under_load_answers_every_accepted_request_turns_readiness_503_and_closes_the_database() throws Exception {
        assertTrue(Files.isRegularFile(ChildProcess.JAR), "package the jar first");
        Path data = Files.createTempDirectory("wegweiser-graceful");
        ChildProcess service = ChildProcess.startService(ChildProcess.jar(Map.of(
                "WEGWEISER_RULES_DIR", TestApp.RULES.toAbsolutePath().toString(),
                "WEGWEISER_CATALOG_DIR", TestApp.CATALOG.toAbsolutePath().toString(),
                "WEGWEISER_DATA_DIR", data.toString(),
                "WEGWEISER_WATCH", "false",
                "WEGWEISER_API_KEYS", KEY,
                "WEGWEISER_LOG_FORMAT", "json",
                "WEGWEISER_SHUTDOWN_DELAY", "2",
                "WEGWEISER_SHUTDOWN_TIMEOUT", "20"), "-Xmx512m"));
        Process process = service.process();
        try {
            URI base = URI.create("http://127.0.0.1:" + service.port());
            AtomicBoolean terminated = new AtomicBoolean();
            AtomicInteger answeredBefore = new AtomicInteger();
            AtomicInteger answeredAfter = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ConcurrentLinkedQueue<String> failed = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            List<Future<?>> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                clients.add(pool.submit(() -> load(base, thread, terminated, answeredBefore, answeredAfter, refused, failed)));
            }
            List<Integer> readyAfterSigterm = new ArrayList<>();
            Future<?> readiness = pool.submit(() -> {
                while (true) {
                    try {
                        int status = send(HttpRequest.newBuilder(base.resolve("/api/v1/health/ready")).GET()).statusCode();
                        if (terminated.get()) synchronized (readyAfterSigterm) { readyAfterSigterm.add(status); }
                    } catch (IOException e) {
                        if (terminated.get()) return null; // refused: the listener is closed
                    }
                    Thread.sleep(50);
                }
            });
            while (answeredBefore.get() < 200) {
                assertTrue(process.isAlive(), "the service died:\n" + service.output());
                assertEquals(List.of(), List.copyOf(failed));
                Thread.sleep(20);
            }
            terminated.set(true);
            assertTrue(service.stop(Duration.ofSeconds(60)), "the service stops within delay + timeout");
            service.awaitOutput(Duration.ofSeconds(10)); // the last lines
            List<String> lines = service.lines();
            Files.write(Path.of("target", "graceful-stop.log"), lines); // to read after a failure
            for (Future<?> c : clients) c.get(60, TimeUnit.SECONDS);
            readiness.get(60, TimeUnit.SECONDS);
            pool.shutdown();

            System.out.printf("GracefulStopIT: %d answered before SIGTERM, %d after, %d refused (not accepted), %d failed; exit code %d%n",
                    answeredBefore.get(), answeredAfter.get(), refused.get(), failed.size(), process.exitValue());
            assertEquals(List.of(), List.copyOf(failed), "every accepted request gets its answer");
            assertTrue(answeredAfter.get() > 0, "it kept answering while draining");
            assertTrue(readyAfterSigterm.contains(503), "readiness says 503 while draining: " + readyAfterSigterm);
            assertFalse(readyAfterSigterm.contains(200) && readyAfterSigterm.indexOf(200) > readyAfterSigterm.indexOf(503),
                    "and never ready again: " + readyAfterSigterm);

            List<JsonNode> json = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("{")) json.add(TestApp.JSON.readTree(line));
            }
            assertEquals(lines.size(), json.size(), "the log is JSON lines:\n" + String.join("\n", lines));
            JsonNode access = json.stream().filter(j -> j.path("logger_name").asText().equals("de.wegweiser.access")
                    && j.path("route").asText().equals("/api/v1/recommendations")).findFirst().orElseThrow(
                            () -> new AssertionError("no access line:\n" + String.join("\n", lines)));
            assertEquals(200, access.path("status").asInt(), access.toString());
            assertEquals("POST", access.path("method").asText(), access.toString());
            assertTrue(access.path("requestId").asText().length() >= 8, access.toString());
            assertTrue(access.path("durationMs").isNumber(), access.toString());
            assertFalse(access.path("rulesVersion").asText().isBlank(), access.toString());
            assertTrue(json.stream().anyMatch(j -> j.path("message").asText().contains("database closed")),
                    "the database is closed in order:\n" + String.join("\n", lines));
        } finally {
            service.close();
        }
    }

    /** Sends until the service refuses the connection; a 5xx or a connection lost after sending is a failure. */
    private Void load(URI base, int thread, AtomicBoolean terminated, AtomicInteger before, AtomicInteger after, AtomicInteger refused,
                      ConcurrentLinkedQueue<String> failed) throws InterruptedException {
        String contact = "/api/v1/contacts/graceful-" + thread;
        for (int n = 0; ; n++) {
            HttpRequest.Builder request = switch (n % 3) {
                case 0 -> HttpRequest.newBuilder(base.resolve(contact)).header(TestApp.API_KEY_HEADER, KEY)
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"role\": \"it\", \"language\": \"en\"}"));
                case 1 -> HttpRequest.newBuilder(base.resolve(contact + "/events")).header(TestApp.API_KEY_HEADER, KEY)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"events\": [{\"id\": \"e-%d\", \"type\": \"page-view\", \"at\": \"2026-11-20T10:00:00Z\"}]}".formatted(n)));
                default -> HttpRequest.newBuilder(base.resolve("/api/v1/recommendations")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"contact\": {\"id\": \"g\", \"role\": \"it\", \"phase\": \"awareness\"}, \"limit\": 5}"));
            };
            boolean afterSigterm = terminated.get();
            try {
                HttpResponse<String> response = send(request);
                if (response.statusCode() >= 500) failed.add(response.statusCode() + " " + response.body());
                else (afterSigterm ? after : before).incrementAndGet();
            } catch (ConnectException e) {
                refused.incrementAndGet();
                if (afterSigterm) return null;
                failed.add("refused before SIGTERM: " + e);
            } catch (IOException e) {
                // After SIGTERM a connection still in the kernel's backlog when the listener closes is
                // dropped before the server reads a byte of it: not accepted, like a refused one (a
                // balancer retries both). An answer cut off after the server read the request is a failure.
                if (afterSigterm && String.valueOf(e.getMessage()).contains("received no bytes")) {
                    refused.incrementAndGet();
                    return null;
                }
                failed.add("accepted, then no answer: " + e);
                if (afterSigterm) return null;
            }
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
