package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import de.wegweiser.TestApp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import org.slf4j.LoggerFactory;

/** Every request has an id: the caller's when it is safe, else a new one; echoed, and in each of its log lines. */
@Isolated // alone, as it counts the lines of the access logger, which every service in the JVM writes to
class RequestIdTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> get(TestApp app, String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).GET();
        if (requestId != null) request.header("X-Request-Id", requestId);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String echoed(HttpResponse<String> response) {
        return response.headers().firstValue("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id in the answer"));
    }

    @Test
    void a_safe_id_is_echoed_an_unsafe_or_missing_one_is_replaced_and_each_request_has_one_access_line_with_its_id() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("de.wegweiser.access");
        Lines lines = new Lines();
        lines.start();
        Level before = access.getLevel();
        access.setLevel(Level.INFO);
        access.addAppender(lines);
        access.setAdditive(false);
        try (TestApp app = TestApp.start()) {
            assertEquals("cms-7f3a:req.42", echoed(get(app, "/api/v1/health", "cms-7f3a:req.42")));

            String tooLong = "a".repeat(201);
            String replaced = echoed(get(app, "/api/v1/health", tooLong));
            assertNotEquals(tooLong, replaced);
            assertTrue(replaced.matches("[0-9a-f-]{36}"), replaced);
            String unsafe = echoed(get(app, "/api/v1/health", "id with spaces\"and{quotes}"));
            assertTrue(unsafe.matches("[0-9a-f-]{36}"), unsafe);
            assertEquals(200, echoed(get(app, "/api/v1/health", "a".repeat(200))).length(), "200 characters are allowed");

            HttpResponse<String> generated = get(app, "/api/v1/catalog/no-such-item", null);
            assertEquals(404, generated.statusCode());
            String id = echoed(generated);
            assertNotEquals(id, echoed(get(app, "/api/v1/health", null)), "a new id for every request");

            String rules = app.app().service().snapshot().rules().version();
            for (int i = 0; i < 200 && lines.list.size() < 6; i++) Thread.sleep(50); // the line may follow the answer
            ILoggingEvent line = lines.list.stream().filter(e -> id.equals(e.getMDCPropertyMap().get("requestId"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no access line with id " + id + " in " + lines.list));
            assertEquals("method=GET route=/api/v1/catalog/{id} status=404 durationMs=" + durationOf(line) + " rulesVersion=" + rules,
                    line.getFormattedMessage());
            assertEquals(6, lines.list.size(), "one line per request: " + lines.list);
            assertEquals(List.of("cms-7f3a:req.42"), lines.list.subList(0, 1).stream().map(e -> e.getMDCPropertyMap().get("requestId")).toList());
        } finally {
            access.detachAppender(lines);
            access.setLevel(before);
            access.setAdditive(true);
        }
    }

    /** Keeps the lines with their MDC as of the request's thread (logback reads it lazily otherwise). */
    private static final class Lines extends ch.qos.logback.core.AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> list = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            list.add(event);
        }
    }

    private static String durationOf(ILoggingEvent line) {
        String text = line.getFormattedMessage();
        int at = text.indexOf("durationMs=") + "durationMs=".length();
        String value = text.substring(at, text.indexOf(' ', at));
        assertTrue(Double.parseDouble(value) >= 0, text);
        return value;
    }
}
