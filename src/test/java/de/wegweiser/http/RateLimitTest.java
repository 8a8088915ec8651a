package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rate limit per API key: over it, 429 with Retry-After; other keys do not notice. */
class RateLimitTest {

    private static final String OTHER_KEY = "other-cms-key-0123456789";
    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<String> contact(TestApp app, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(app.uri("/api/v1/contacts/nobody")).header(TestApp.API_KEY_HEADER, key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_key_over_its_limit_gets_429_with_retry_after_and_another_key_is_unaffected() throws Exception {
        AppConfig config = TestApp.config(TestApp.RULES, TestApp.CATALOG).withApiKeys(List.of(TestApp.API_KEY, OTHER_KEY), true);
        // one request per 100 s, 3 at once: the fourth is over the limit however slow the machine is
        try (TestApp app = TestApp.start(config.withOperations(config.operations().withRateLimit(0.01, 3)))) {
            for (int i = 0; i < 3; i++) assertEquals(404, contact(app, TestApp.API_KEY).statusCode(), "within the burst: past the limit, to the route");
            HttpResponse<String> limited = contact(app, TestApp.API_KEY);
            JsonNode problem = ProblemAssert.problem(limited.statusCode(), limited.headers().firstValue("Content-Type").orElse(null),
                    limited.body(), 429);
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 100, "Retry-After " + retryAfter);
            assertTrue(problem.get("detail").asText().contains("send again in " + retryAfter + " s"), problem.toString());

            assertEquals(404, contact(app, OTHER_KEY).statusCode(), "another key has its own bucket");
            assertEquals(401, contact(app, "not-a-valid-key-0123456789").statusCode(), "an invalid key is refused before the limit");
            assertEquals(200, app.get("/api/v1/health").status(), "routes without a key have no limit");
        }
    }

    @Test
    void without_a_configured_limit_a_key_is_never_refused() throws Exception {
        try (TestApp app = TestApp.start()) {
            for (int i = 0; i < 30; i++) assertEquals(404, contact(app, TestApp.API_KEY).statusCode());
        }
    }
}
