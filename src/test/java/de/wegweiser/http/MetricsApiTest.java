package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics in Prometheus format: who may read it, and that the counts follow what the service did. */
class MetricsApiTest {

    private static final String CONTACT = "{\"contact\": {\"id\": \"m-1\", \"role\": \"it\", \"phase\": \"awareness\"}, \"limit\": 5}";

    private static TestApp.Response metrics(TestApp app, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("/metrics")).GET();
        if (token != null) request.header("Authorization", "Bearer " + token);
        return app.send(request.build());
    }

    /** The value of the one sample whose name and labels match the pattern. */
    private static double sample(String text, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + nameAndLabels + " ([0-9.eE+-]+)$").matcher(text);
        assertTrue(m.find(), "no sample " + nameAndLabels + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metrics_need_the_admin_token_on_the_api_port_and_are_off_there_without_one() throws Exception {
        try (TestApp app = TestApp.start()) {
            ProblemAssert.problem(metrics(app, null), 404);
        }
        try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withAdminToken(TestApp.ADMIN_TOKEN))) {
            ProblemAssert.problem(metrics(app, null), 401);
            ProblemAssert.problem(metrics(app, "not-the-admin-token-at-all"), 403);
            TestApp.Response ok = metrics(app, TestApp.ADMIN_TOKEN);
            assertEquals(200, ok.status(), ok.text());
            assertTrue(ok.contentType().startsWith("text/plain"), ok.contentType());
        }
    }

    @Test
    void requests_are_counted_per_route_template_and_status_with_latency_buckets() throws Exception {
        try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withAdminToken(TestApp.ADMIN_TOKEN))) {
            String id = TestApp.JSON.readTree(app.get("/api/v1/catalog").text()).get("items").get(0).get("id").asText();
            assertEquals(200, app.get("/api/v1/catalog/" + id).status());
            assertEquals(404, app.get("/api/v1/catalog/no-such-item").status());
            assertEquals(404, app.get("/no/such/route/" + Instant.now().toEpochMilli()).status());
            String text = metrics(app, TestApp.ADMIN_TOKEN).text();

            String item = "method=\"GET\",route=\"/api/v1/catalog/\\{id\\}\"";
            assertEquals(1, sample(text, "http_server_requests_seconds_count\\{" + item + ",status=\"200\"\\}"));
            assertEquals(1, sample(text, "http_server_requests_seconds_count\\{" + item + ",status=\"404\"\\}"));
            assertEquals(1, sample(text, "http_server_requests_seconds_bucket\\{" + item + ",status=\"200\",le=\"\\+Inf\"\\}"));
            assertEquals(1, sample(text, "http_server_requests_seconds_count\\{method=\"GET\",route=\"unmatched\",status=\"404\"\\}"));
            assertTrue(!text.contains("/no/such/route"), "paths never become labels");
        }
    }

    @Test
    void recommendations_evaluated_items_events_reloads_versions_pool_and_jvm_are_measured() throws Exception {
        try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withAdminToken(TestApp.ADMIN_TOKEN))) {
            assertEquals(200, app.post("/api/v1/recommendations", CONTACT).status());
            assertEquals(200, app.post("/api/v1/recommendations", CONTACT).status());
            assertEquals(201, app.contacts("PUT", "/api/v1/contacts/m-2", "{\"role\": \"it\", \"language\": \"en\"}").status());
            String event = "{\"events\": [{\"id\": \"e-%d\", \"type\": \"page-view\", \"at\": \"2026-11-20T10:00:00Z\"}]}";
            assertEquals(200, app.contacts("POST", "/api/v1/contacts/m-2/events", event.formatted(1)).status());
            assertEquals(200, app.contacts("POST", "/api/v1/contacts/m-2/events", event.formatted(1)).status(), "resent: not stored again");
            assertEquals(200, app.contacts("POST", "/api/v1/contacts/m-2/events", event.formatted(2)).status());
            assertEquals(200, app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/reload"))
                    .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build()).status());

            String text = metrics(app, TestApp.ADMIN_TOKEN).text();
            assertEquals(2, sample(text, "wegweiser_recommendations_total"));
            assertEquals(2, sample(text, "wegweiser_recommendation_items_evaluated_count"));
            double evaluated = sample(text, "wegweiser_recommendation_items_evaluated_sum");
            int items = app.app().service().snapshot().catalog().items().size();
            assertTrue(evaluated > 0 && evaluated <= 2 * items, evaluated + " items evaluated for 2 lists of a catalog of " + items);
            assertEquals(2, sample(text, "wegweiser_events_stored_total"));
            assertEquals(1, sample(text, "wegweiser_reloads_seconds_count\\{outcome=\"unchanged\"\\}"));

            var snapshot = app.app().service().snapshot();
            assertEquals(1, sample(text, "wegweiser_live_version\\{account=\"[^\"]*\",catalog=\"" + snapshot.catalog().version()
                    + "\",journey=\"" + snapshot.journey().version() + "\",rules=\"" + snapshot.rules().version() + "\"\\}"));
            assertEquals(1, sample(text, "wegweiser_ready"));
            assertTrue(sample(text, "hikaricp_connections_max\\{pool=\"wegweiser-db\"\\}") > 0);
            assertTrue(text.contains("jvm_memory_used_bytes{"), "JVM memory");
            assertTrue(text.contains("jvm_threads_live_threads "), "JVM threads");
            assertTrue(text.contains("process_uptime_seconds "), "uptime");
        }
    }

    @Test
    void the_metrics_listener_serves_metrics_without_a_token_and_nothing_else() throws Exception {
        AppConfig config = TestApp.config(TestApp.RULES, TestApp.CATALOG);
        try (TestApp app = TestApp.start(config.withOperations(config.operations().withMetricsPort(0)))) {
            assertTrue(app.app().metricsPort() > 0);
            URI base = URI.create("http://127.0.0.1:" + app.app().metricsPort());
            TestApp.Response scrape = app.send(HttpRequest.newBuilder(base.resolve("/metrics")).GET().build());
            assertEquals(200, scrape.status());
            assertTrue(scrape.text().contains("# TYPE wegweiser_recommendations_total counter"), scrape.text());
            assertEquals(404, app.send(HttpRequest.newBuilder(base.resolve("/api/v1/catalog")).GET().build()).status());
            assertEquals(List.of(404), List.of(metrics(app, null).status()), "and the API port still wants the admin token");
        }
    }
}
