package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Health for people (versions) and for machines: live while the process runs, ready while it should get traffic. */
class HealthApiTest {

    private static final String CONTACT = "{\"contact\": {\"id\": \"h-1\", \"role\": \"it\", \"phase\": \"awareness\"}}";

    @Test
    void health_names_the_live_versions_live_and_ready_answer_200_and_ready_turns_503_while_the_service_drains() throws Exception {
        AppConfig config = TestApp.config(TestApp.RULES, TestApp.CATALOG);
        // a long delay: the test looks at the service while it drains, then the stop is cut short by closing
        TestApp app = TestApp.start(config.withOperations(config.operations().withShutdown(Duration.ofMinutes(5), Duration.ofSeconds(5))));
        CompletableFuture<Void> stopping = null;
        try {
            JsonNode health = app.get("/api/v1/health").json();
            var snapshot = app.app().service().snapshot();
            assertEquals(snapshot.rules().version(), health.get("rulesVersion").asText());
            assertEquals(snapshot.journey().version(), health.get("journeyRulesVersion").asText());
            assertEquals(snapshot.catalog().version(), health.get("catalogVersion").asText());

            assertEquals(200, app.get("/api/v1/health/live").status());
            TestApp.Response ready = app.get("/api/v1/health/ready");
            assertEquals(200, ready.status(), ready.text());
            assertEquals("{\"status\":\"ready\",\"checks\":{\"rules\":\"up\",\"catalog\":\"up\",\"database\":\"up\"}}", ready.text());

            stopping = CompletableFuture.runAsync(app.app()::shutdown);
            TestApp.Response draining = app.get("/api/v1/health/ready");
            for (int i = 0; i < 100 && draining.status() == 200; i++) {
                Thread.sleep(50);
                draining = app.get("/api/v1/health/ready");
            }
            JsonNode problem = ProblemAssert.problem(draining, 503);
            assertTrue(problem.get("detail").asText().contains("shutting down"), problem.toString());
            assertEquals(200, app.get("/api/v1/health/live").status(), "still live");
            assertEquals(200, app.post("/api/v1/recommendations", CONTACT).status(), "and still answering while it drains");
        } finally {
            app.close();
            if (stopping != null) stopping.cancel(true);
        }
    }
}
