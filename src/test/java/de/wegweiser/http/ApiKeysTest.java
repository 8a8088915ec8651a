package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may call what: API keys for contacts, and for recommendations when they are not open. */
class ApiKeysTest {

    private static final String BODY = "{\"contact\": {\"id\": \"c-1\", \"role\": \"it\", \"phase\": \"awareness\"}}";
    private static final String EXPLAIN = "{\"contact\": {\"id\": \"c-1\", \"role\": \"it\", \"phase\": \"awareness\"}, \"itemId\": \"x\"}";

    private static Response post(TestApp app, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) request.header(TestApp.API_KEY_HEADER, key);
        return app.send(request.build());
    }

    @Test
    void without_configured_keys_the_contact_api_is_off_and_answers_404_while_recommendations_stay_open() throws Exception {
        try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withApiKeys(List.of(), true))) {
            for (String path : List.of("/api/v1/contacts/c-1", "/api/v1/contacts/c-1/recommendations")) {
                Response response = app.contacts("GET", path, null);
                assertEquals(404, response.status(), response.text());
                assertTrue(response.contentType().startsWith("application/problem+json"));
                assertTrue(response.json().get("detail").asText().contains("WEGWEISER_API_KEYS"), response.text());
            }
            assertEquals(404, app.contacts("PUT", "/api/v1/contacts/c-1", "{\"role\": \"it\"}").status());
            assertEquals(200, app.post("/api/v1/recommendations", BODY).status());
        }
    }

    @Test
    void when_recommendations_are_not_open_they_need_a_valid_key_too() throws Exception {
        try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withApiKeys(List.of(TestApp.API_KEY), false))) {
            for (String path : List.of("/api/v1/recommendations", "/api/v1/explain")) {
                String body = path.endsWith("explain") ? EXPLAIN : BODY;
                Response missing = post(app, path, body, null);
                assertEquals(401, missing.status(), missing.text());
                assertTrue(missing.contentType().startsWith("application/problem+json"));
                assertEquals(401, post(app, path, body, "wrong-key-but-long-enough").status());
            }
            assertEquals(200, post(app, "/api/v1/recommendations", BODY, TestApp.API_KEY).status());
            assertEquals(404, post(app, "/api/v1/explain", EXPLAIN, TestApp.API_KEY).status(), "past the key: no item 'x'");
            assertEquals(200, app.get("/api/v1/health").status(), "the health check stays open");
            assertEquals(200, app.get("/api/v1/catalog").status());
        }
    }
}
