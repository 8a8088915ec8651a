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

    /** A line without its trackingId, which every export makes anew: what is left must be the same in every run. */
    static String withoutTrackingId(String line) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) TestApp.JSON.readTree(line);
        node.remove("trackingId");
        return node.toString();
    }

    static List<String> sameLines(Response response) throws Exception {
        assertEquals(200, response.status(), response.text());
        List<String> lines = new ArrayList<>();
        for (String line : response.text().split("\n")) if (!line.isBlank()) lines.add(withoutTrackingId(line));
        return lines;
    }

    /** Reads the first {@code n} lines of the export and hangs up, as a mailing tool that lost its connection. */
    static List<String> firstLinesThenHangUp(String query, int n) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(app.uri("/api/v1/recommendations/export?" + query))
                .header(TestApp.API_KEY_HEADER, TestApp.API_KEY).GET().build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<String> lines = new ArrayList<>();
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null && lines.size() < n; line = in.readLine()) lines.add(line);
        }
        return lines;
    }

    @Test
    void an_export_cut_off_after_some_contacts_and_resumed_after_the_last_line_received_holds_every_contact_exactly_once() throws Exception {
        String account = account();
        for (int i = 0; i < 7; i++) contact(account, i % 2 == 0 ? "it" : "finance", i % 3 == 0 ? "awareness" : "consideration", i % 2 == 0 ? "en" : "de", null);
        String query = "account=" + account + "&limit=3";
        List<String> whole = sameLines(export(query));
        assertEquals(7, whole.size());

        List<String> received = firstLinesThenHangUp(query, 3);
        assertEquals(3, received.size());
        String last = TestApp.JSON.readTree(received.get(2)).get("contactId").asText();
        Response rest = export(query + "&after=" + java.net.URLEncoder.encode(last, java.nio.charset.StandardCharsets.UTF_8));
        List<String> resumed = new ArrayList<>();
        for (String line : received) resumed.add(withoutTrackingId(line));
        resumed.addAll(sameLines(rest));
        assertEquals(whole, resumed, "the same lines in the same order: no gap, nothing twice");
        assertEquals(new HashSet<>(whole).size(), resumed.size());
    }

    @Test
    void max_fetches_the_segment_in_portions_that_after_continues_and_the_header_says_how_many_each_holds() throws Exception {
        String account = account();
        for (int i = 0; i < 5; i++) contact(account, "it", "consideration", "en", null);
        List<String> whole = sameLines(export("account=" + account));
        List<String> portions = new ArrayList<>();
        String after = null;
        for (int round = 0; round < 10; round++) {
            Response portion = export("account=" + account + "&max=2" + (after == null ? "" : "&after=" + after));
            List<String> lines = sameLines(portion);
            if (lines.isEmpty()) break;
            assertTrue(lines.size() <= 2, "at most max answers");
            portions.addAll(lines);
            after = TestApp.JSON.readTree(lines.get(lines.size() - 1)).get("contactId").asText();
        }
        assertEquals(whole, portions);

        String third = TestApp.JSON.readTree(whole.get(2)).get("contactId").asText();
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                app.uri("/api/v1/recommendations/export?account=" + account + "&max=1&after=" + third))
                .header(TestApp.API_KEY_HEADER, TestApp.API_KEY).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        TestApp.checkContract(response);
        assertEquals("1", response.headers().firstValue("X-Segment-Size").orElse(""), "two are left after the third, one in this body");
        assertEquals(2, lines(export("account=" + account + "&after=" + third)).size(), "the two after the third");
    }

    @Test
    void a_resumed_csv_export_continues_with_the_rows_after_the_given_contact() throws Exception {
        String account = account();
        for (int i = 0; i < 4; i++) contact(account, "finance", "consideration", "de", null);
        Response whole = export("account=" + account + "&format=csv&limit=1");
        List<String> rows = List.of(whole.text().strip().split("\r?\n"));
        assertEquals(5, rows.size(), "a header and four rows");
        String second = rows.get(2).split(",")[0];
        Response rest = export("account=" + account + "&format=csv&limit=1&after=" + second);
        List<String> restRows = List.of(rest.text().strip().split("\r?\n"));
        assertEquals(rows.get(0), restRows.get(0), "the header again");
        assertEquals(rows.subList(3, 5).stream().map(r -> r.split(",")[0]).toList(), restRows.subList(1, 3).stream().map(r -> r.split(",")[0]).toList());
    }

    @Test
    void an_after_or_max_that_is_no_cursor_is_a_400_problem_naming_the_field() throws Exception {
        for (String query : List.of("after=", "after=a&after=b", "after=" + "x".repeat(201), "after=%01")) {
            Response response = export("account=x&" + query);
            assertEquals(400, response.status(), query + ": " + response.text());
            assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
            assertEquals("after", response.json().at("/errors/0/field").asText(), response.text());
            assertFalse(response.text().contains("Exception"));
        }
        for (String query : List.of("max=0", "max=-3", "max=some", "max=99999999999999999999")) {
            Response response = export("account=x&" + query);
            assertEquals(400, response.status(), query + ": " + response.text());
            assertEquals("max", response.json().at("/errors/0/field").asText(), response.text());
        }
    }

    @Test
    void after_an_id_no_stored_contact_has_the_export_continues_with_the_next_id() throws Exception {
        String account = account();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(contact(account, "it", "consideration", "en", null));
        List<JsonNode> all = lines(export("account=" + account));
        String first = all.get(0).get("contactId").asText();
        // the id of an erased contact still works as a cursor: ids are compared, not looked up
        assertEquals(204, app.contacts("DELETE", "/api/v1/contacts/" + first, null).status());
        List<JsonNode> rest = lines(export("account=" + account + "&after=" + first));
        assertEquals(List.of(all.get(1).get("contactId").asText(), all.get(2).get("contactId").asText()),
                rest.stream().map(l -> l.get("contactId").asText()).toList());
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
