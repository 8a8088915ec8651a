package de.wegweiser.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import de.wegweiser.storage.TestStorage;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /api/v1/recommendations/export} on the real app, rules and catalog, on H2 and (in CI)
 * PostgreSQL. Each test makes its contacts in an account of its own and exports that account, so
 * tests sharing the database do not see each other's contacts.
 */
@ParameterizedClass
@MethodSource("backends")
class ExportApiTest {

    @Parameter
    TestStorage.Backend backend;

    static TestApp app;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @BeforeParameterizedClassInvocation
    static void start(TestStorage.Backend backend) throws Exception {
        app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG, backend).withAdminToken(TestApp.ADMIN_TOKEN));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (app != null) app.close();
    }

    /** A stored contact of the account, with phase and status set as the CMS sets them. */
    static String contact(String account, String role, String phase, String language, String lifecycle) throws Exception {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        Response r = app.contacts("PUT", "/api/v1/contacts/" + id, "{\"role\": \"%s\", \"phase\": \"%s\", \"language\": \"%s\", \"account\": \"%s\"%s}"
                .formatted(role, phase, language, account, lifecycle == null ? "" : ", \"lifecycle\": \"" + lifecycle + "\""));
        assertEquals(201, r.status(), r.text());
        return id;
    }

    static Response export(String query) throws Exception {
        return app.contacts("GET", "/api/v1/recommendations/export?" + query, null);
    }

    static List<JsonNode> lines(Response response) throws Exception {
        assertEquals(200, response.status(), response.text());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.text().split("\n")) if (!line.isBlank()) lines.add(TestApp.JSON.readTree(line));
        return lines;
    }

    static Set<String> ids(List<JsonNode> lines) {
        Set<String> ids = new HashSet<>();
        for (JsonNode line : lines) assertTrue(ids.add(line.get("contactId").asText()), "each contact once: " + line.get("contactId"));
        return ids;
    }

    static String account() {
        return "mailing-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void a_segment_by_phase_streams_one_json_line_per_contact_with_the_answer_the_contact_gets_on_its_own() throws Exception {
        String account = account();
        String a = contact(account, "it", "consideration", "en", null);
        String b = contact(account, "finance", "consideration", "de", null);
        contact(account, "it", "awareness", "en", null);

        Response response = export("account=" + account + "&phase=consideration&limit=3");
        assertTrue(response.contentType().startsWith("application/x-ndjson"), response.contentType());
        List<JsonNode> lines = lines(response);
        assertEquals(Set.of(a, b), ids(lines));
        for (JsonNode line : lines) {
            JsonNode own = app.contacts("GET", "/api/v1/contacts/" + line.get("contactId").asText() + "/recommendations?limit=3", null).json();
            assertEquals(own.get("recommendations").findValuesAsText("id"), line.get("recommendations").findValuesAsText("id"));
            assertEquals(3, line.get("recommendations").size());
            assertTrue(line.get("trackingId").asText().matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void role_language_lifecycle_and_aliases_narrow_the_segment_and_several_values_match_any() throws Exception {
        String account = account();
        String itEn = contact(account, "it", "consideration", "en", "mql");
        String itDe = contact(account, "it", "evaluation", "de", "lead");
        String finance = contact(account, "finance", "awareness", "en", "mql");

        assertEquals(Set.of(itEn, itDe), ids(lines(export("account=" + account + "&role=it"))));
        assertEquals(Set.of(itEn, finance), ids(lines(export("account=" + account + "&language=en"))));
        assertEquals(Set.of(itEn), ids(lines(export("account=" + account + "&lifecycle=mql&role=it"))));
        assertEquals(Set.of(itEn, itDe), ids(lines(export("account=" + account + "&phase=consideration"))), "'evaluation' is consideration");
        assertEquals(Set.of(itEn, itDe, finance), ids(lines(export("account=" + account + "&phase=awareness,consideration"))));
        assertEquals(Set.of(itEn, itDe, finance), ids(lines(export("account=" + account + "&lifecycle=lead&lifecycle=mql&language=de&language=en"
                + "&role=finance,it&phase=awareness&phase=consideration&notConsumed=wp-roi-calculation"))), "repeated and listed values");
    }

    @Test
    void consumed_and_not_consumed_select_by_what_a_contact_read_and_the_read_item_is_never_recommended() throws Exception {
        String account = account();
        String reader = contact(account, "finance", "consideration", "de", null);
        String other = contact(account, "finance", "consideration", "de", null);
        Response event = app.contacts("POST", "/api/v1/contacts/" + reader + "/events",
                "{\"id\": \"e-1\", \"type\": \"download\", \"at\": \"2026-11-20T10:00:00Z\", \"itemId\": \"wp-roi-calculation\"}");
        assertEquals(200, event.status(), event.text());

        List<JsonNode> read = lines(export("account=" + account + "&consumed=wp-roi-calculation&limit=50"));
        assertEquals(Set.of(reader), ids(read));
        assertFalse(read.get(0).get("recommendations").findValuesAsText("id").contains("wp-roi-calculation"));
        assertEquals(Set.of(other), ids(lines(export("account=" + account + "&notConsumed=wp-roi-calculation"))));
    }

    @Test
    void csv_has_a_header_and_one_row_per_contact_with_a_column_group_per_item() throws Exception {
        String account = account();
        String a = contact(account, "it", "consideration", "en", null);
        String b = contact(account, "managing-director", "awareness", "de", null);

        Response response = export("account=" + account + "&format=csv&limit=2");
        assertEquals(200, response.status(), response.text());
        assertTrue(response.contentType().startsWith("text/csv"), response.contentType());
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(response.text())) {
            it.forEachRemaining(rows::add);
        }
        assertEquals(2, rows.size());
        Set<String> ids = new HashSet<>();
        for (Map<String, String> row : rows) {
            ids.add(row.get("contactId"));
            assertTrue(row.get("trackingId").matches("[0-9a-f]{32}"), row.toString());
            assertFalse(row.get("item1Id").isBlank(), row.toString());
            assertFalse(row.get("item2Title").isBlank(), row.toString());
            assertFalse(row.get("item1Reason").isBlank(), row.toString());
            assertFalse(row.containsKey("item3Id"), "limit 2: two column groups");
        }
        assertEquals(Set.of(a, b), ids);
    }

    @Test
    void a_click_on_an_exported_item_is_reported_back_with_the_lines_tracking_id() throws Exception {
        String account = account();
        String a = contact(account, "it", "consideration", "en", null);
        JsonNode line = lines(export("account=" + account)).get(0);
        String item = line.at("/recommendations/0/id").asText();
        Response click = app.contacts("POST", "/api/v1/contacts/" + a + "/events", ("{\"id\": \"m-1\", \"type\": \"recommendation-click\", "
                + "\"at\": \"2026-11-23T08:00:00Z\", \"itemId\": \"%s\", \"channel\": \"email\", \"trackingId\": \"%s\"}")
                .formatted(item, line.get("trackingId").asText()));
        assertEquals(200, click.status(), click.text());
        Response wrongItem = app.contacts("POST", "/api/v1/contacts/" + a + "/events", ("{\"id\": \"m-2\", \"type\": \"recommendation-click\", "
                + "\"at\": \"2026-11-23T08:00:00Z\", \"itemId\": \"%s\", \"trackingId\": \"%s\"}")
                .formatted(line.get("recommendations").get(0).get("id").asText().equals("wp-roi-calculation") ? "bp-oee-ten-points-en"
                        : "wp-roi-calculation", line.get("trackingId").asText()));
        assertEquals(400, wrongItem.status(), "an item that was not in the exported answer: " + wrongItem.text());
    }

    @Test
    void an_empty_segment_is_an_empty_stream() throws Exception {
        Response response = export("account=" + account());
        assertEquals(200, response.status());
        assertEquals("", response.text());
    }

    @Test
    void without_an_api_key_it_is_401_and_with_a_wrong_admin_token_403_and_with_the_admin_token_200() throws Exception {
        Response none = app.send(HttpRequest.newBuilder(app.uri("/api/v1/recommendations/export")).GET().build());
        assertEquals(401, none.status(), none.text());
        assertTrue(none.contentType().startsWith("application/problem+json"));
        Response wrongKey = app.send(HttpRequest.newBuilder(app.uri("/api/v1/recommendations/export")).header(TestApp.API_KEY_HEADER,
                "not-the-key-0123456789").GET().build());
        assertEquals(401, wrongKey.status(), wrongKey.text());
        Response wrongToken = app.send(HttpRequest.newBuilder(app.uri("/api/v1/recommendations/export")).header("Authorization",
                "Bearer not-the-admin-token-0123456789").GET().build());
        assertEquals(403, wrongToken.status(), wrongToken.text());
        Response admin = app.send(HttpRequest.newBuilder(app.uri("/api/v1/recommendations/export?account=" + account()))
                .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).GET().build());
        assertEquals(200, admin.status(), admin.text());
    }

    @Test
    void bad_filters_are_a_400_problem_naming_each_field_and_what_is_allowed_before_any_answer() throws Exception {
        Response response = export("phase=considerashun&role=ceo2&language=fr&lifecycle=vip&consumed=wp-roi-calculatoin&format=xml&limit=0&segment=x");
        assertEquals(400, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode errors = response.json().get("errors");
        Map<String, JsonNode> byField = new java.util.HashMap<>();
        errors.forEach(e -> byField.put(e.get("field").asText(), e));
        assertEquals(Set.of("phase", "role", "language", "lifecycle", "consumed", "format", "limit", "segment"), byField.keySet(), errors.toString());
        assertTrue(byField.get("phase").get("message").asText().contains("did you mean 'consideration'"), errors.toString());
        assertTrue(byField.get("phase").get("allowed").toString().contains("intent-to-purchase"));
        assertTrue(byField.get("role").get("allowed").toString().contains("\"it\""));
        assertTrue(byField.get("language").get("allowed").toString().contains("\"de\""));
        assertTrue(byField.get("lifecycle").get("allowed").toString().contains("\"mql\""));
        assertTrue(byField.get("consumed").get("message").asText().contains("did you mean 'wp-roi-calculation'"), errors.toString());
        assertEquals("[\"jsonl\",\"csv\"]", byField.get("format").get("allowed").toString());
        assertNotNull(byField.get("segment").get("allowed"));
        assertFalse(response.text().contains("Exception"));
    }
}
