package de.wegweiser.http;

import static de.wegweiser.http.RecommendationApiTest.fieldError;
import static de.wegweiser.http.RecommendationApiTest.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import de.wegweiser.domain.JourneyPhase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code GET /api/v1/catalog}, {@code /catalog/{id}}, {@code /health} and {@code /taxonomy} against the real app. */
class CatalogApiTest {

    private static TestApp app;
    private static JsonNode all;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
        all = ok(app.get("/api/v1/catalog"));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    // ---------------------------------------------------------------- the whole catalog

    @Test
    void the_catalog_lists_every_item_and_counts_them() {
        JsonNode items = all.path("items");

        assertTrue(items.isArray() && items.size() > 0, all.toString());
        assertEquals(items.size(), all.path("count").asInt());
        assertFalse(all.path("catalogVersion").asText().isBlank());
        Set<String> ids = new HashSet<>();
        for (JsonNode item : items) assertTrue(ids.add(item.path("id").asText()), "duplicate id " + item.path("id"));
    }

    @Test
    void every_listed_item_has_its_fields() {
        for (JsonNode item : all.path("items")) {
            String id = item.path("id").asText();
            for (String field : List.of("id", "title", "summary", "url", "format", "language", "published")) {
                assertTrue(item.path(field).isTextual() && !item.path(field).asText().isBlank(), id + " lacks " + field);
            }
            for (String field : List.of("phases", "roles", "concerns", "topics")) {
                assertTrue(item.path(field).isArray(), id + "." + field);
            }
            assertFalse(item.path("phases").isEmpty(), id + " serves no phase");
            assertTrue(item.path("gated").isBoolean(), id + ".gated");
            LocalDate.parse(item.path("published").asText());
        }
    }

    @Test
    void the_catalog_is_the_same_on_every_request() throws Exception {
        assertEquals(all, ok(app.get("/api/v1/catalog")));
    }

    // ---------------------------------------------------------------- filters

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "format, webinar",
            "format, whitepaper",
            "phase, consideration",
            "phase, loyalty",
            "role, finance",
            "role, it",
            "concern, security",
            "concern, roi",
            "language, en",
            "language, de",
            "topic, automation"})
    void a_filter_narrows_the_catalog_to_exactly_the_matching_items(String filter, String value) throws Exception {
        JsonNode page = ok(app.get("/api/v1/catalog?%s=%s".formatted(filter, value)));
        List<String> expected = idsWhere(item -> matches(item, filter, value));

        assertFalse(expected.isEmpty(), "the catalog has no item with " + filter + "=" + value);
        assertTrue(expected.size() < all.path("items").size(), filter + "=" + value + " does not narrow anything");
        assertEquals(expected, ids(page.path("items")));
        assertEquals(expected.size(), page.path("count").asInt());
    }

    @Test
    void filters_combine() throws Exception {
        JsonNode page = ok(app.get("/api/v1/catalog?format=webinar&language=en"));
        List<String> expected = idsWhere(item -> matches(item, "format", "webinar") && matches(item, "language", "en"));

        assertFalse(expected.isEmpty());
        assertTrue(expected.size() < idsWhere(item -> matches(item, "format", "webinar")).size(), "language did not narrow");
        assertEquals(expected, ids(page.path("items")));
        assertEquals(expected.size(), page.path("count").asInt());
    }

    @Test
    void all_five_filters_combine() throws Exception {
        JsonNode page = ok(app.get("/api/v1/catalog?format=case-study&phase=consideration&role=production&concern=efficiency&language=de"));
        List<String> expected = idsWhere(item -> matches(item, "format", "case-study") && matches(item, "phase", "consideration")
                && matches(item, "role", "production") && matches(item, "concern", "efficiency") && matches(item, "language", "de"));

        assertEquals(expected, ids(page.path("items")));
        assertEquals(expected.size(), page.path("count").asInt());
    }

    @Test
    void a_filter_that_matches_nothing_gives_an_empty_page() throws Exception {
        // community items are for customers, none of them for non-awareness
        assertTrue(idsWhere(item -> matches(item, "format", "community") && matches(item, "phase", "non-awareness")).isEmpty());
        JsonNode page = ok(app.get("/api/v1/catalog?format=community&phase=non-awareness"));

        assertEquals(0, page.path("count").asInt());
        assertTrue(page.path("items").isArray() && page.path("items").isEmpty(), page.toString());
    }

    @Test
    void the_phase_filter_accepts_aliases_and_any_case() throws Exception {
        JsonNode canonical = ok(app.get("/api/v1/catalog?phase=intent-to-purchase"));

        assertEquals(canonical, ok(app.get("/api/v1/catalog?phase=decision")));
        assertEquals(canonical, ok(app.get("/api/v1/catalog?phase=INTENT-TO-PURCHASE")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "format, webnar, webinar",
            "phase, considration, consideration",
            "role, fiance, finance",
            "concern, prise, price",
            "topic, automaton, automation"})
    void an_unknown_filter_value_is_a_400_with_a_suggestion(String filter, String value, String suggestion) throws Exception {
        JsonNode problem = problem(app.get("/api/v1/catalog?%s=%s".formatted(filter, value)), 400);
        JsonNode error = fieldError(problem, filter);

        assertTrue(error.path("message").asText().contains("did you mean '" + suggestion + "'"), error.toString());
        assertTrue(error.path("allowed").isArray() && !error.path("allowed").isEmpty(), error.toString());
    }

    @Test
    void an_unknown_language_filter_is_a_400_listing_the_languages() throws Exception {
        JsonNode error = fieldError(problem(app.get("/api/v1/catalog?language=fr"), 400), "language");
        assertEquals(List.of("de", "en"), strings(error.path("allowed")));
    }

    @Test
    void an_unknown_filter_name_is_a_400_with_a_suggestion() throws Exception {
        JsonNode error = fieldError(problem(app.get("/api/v1/catalog?fromat=webinar"), 400), "fromat");
        assertTrue(error.path("message").asText().contains("did you mean 'format'"), error.toString());
    }

    @Test
    void an_unknown_filter_name_is_a_400_listing_the_filters() throws Exception {
        JsonNode error = fieldError(problem(app.get("/api/v1/catalog?sort=title"), 400), "sort");
        assertEquals(List.of("format", "phase", "role", "concern", "language", "topic"), strings(error.path("allowed")));
    }

    @Test
    void every_bad_filter_is_reported_at_once() throws Exception {
        JsonNode problem = problem(app.get("/api/v1/catalog?format=webnar&role=ceo&colour=red"), 400);
        fieldError(problem, "format");
        fieldError(problem, "role");
        fieldError(problem, "colour");
        assertEquals(3, problem.path("errors").size(), problem.toString());
    }

    // ---------------------------------------------------------------- one item

    @Test
    void an_item_is_shown_with_all_its_fields_including_the_published_date() throws Exception {
        JsonNode listed = firstWhere(item -> matches(item, "format", "whitepaper"));
        JsonNode item = ok(app.get("/api/v1/catalog/" + listed.path("id").asText()));

        assertEquals(listed, item);
        for (String field : List.of("id", "title", "summary", "url", "format", "language", "phases", "roles",
                "concerns", "topics", "published", "gated")) {
            assertTrue(item.has(field), "no " + field + " in " + item);
        }
        assertEquals(listed.path("published").asText(), LocalDate.parse(item.path("published").asText()).toString());
        assertFalse(item.has("eventDate"), "a whitepaper has no event date: " + item);
    }

    @Test
    void a_webinar_is_shown_with_its_event_date_and_duration() throws Exception {
        JsonNode webinar = ok(app.get("/api/v1/catalog/web-live-demo-smx650-de"));

        assertEquals("web-live-demo-smx650-de", webinar.path("id").asText());
        assertEquals("webinar", webinar.path("format").asText());
        assertEquals("de", webinar.path("language").asText());
        assertEquals(LocalDate.of(2026, 3, 10), LocalDate.parse(webinar.path("published").asText()));
        assertEquals(LocalDate.of(2026, 4, 22), LocalDate.parse(webinar.path("eventDate").asText()));
        assertEquals(60, webinar.path("durationMinutes").asInt());
        assertTrue(webinar.path("gated").asBoolean());
        assertEquals(List.of("intent-to-purchase"), strings(webinar.path("phases")));
    }

    @Test
    void every_webinar_has_an_event_date_on_or_after_its_publication() throws Exception {
        for (String id : idsWhere(item -> matches(item, "format", "webinar"))) {
            JsonNode webinar = ok(app.get("/api/v1/catalog/" + id));
            assertTrue(webinar.hasNonNull("eventDate"), id + " has no eventDate");
            LocalDate eventDate = LocalDate.parse(webinar.path("eventDate").asText());
            assertFalse(eventDate.isBefore(LocalDate.parse(webinar.path("published").asText())), id);
        }
    }

    @Test
    void every_listed_item_is_shown_the_same_on_its_own() throws Exception {
        for (JsonNode listed : all.path("items")) {
            assertEquals(listed, ok(app.get("/api/v1/catalog/" + listed.path("id").asText())));
        }
    }

    @Test
    void an_unknown_item_is_a_404_problem() throws Exception {
        problem(app.get("/api/v1/catalog/no-such-item"), 404);
    }

    @Test
    void an_unknown_item_is_a_404_naming_the_item_not_a_missing_route() throws Exception {
        String detail = problem(app.get("/api/v1/catalog/no-such-item"), 404).path("detail").asText();
        assertTrue(detail.contains("no catalog item with id 'no-such-item'"), detail);
        assertFalse(detail.contains("no route"), detail);
    }

    // ---------------------------------------------------------------- health

    @Test
    void health_is_ok_with_the_versions_of_every_rule_set_and_the_catalog_and_counts() throws Exception {
        JsonNode health = ok(app.get("/api/v1/health"));

        assertEquals("ok", health.path("status").asText());
        var snapshot = app.app().service().snapshot();
        assertEquals(snapshot.rules().version(), health.path("rulesVersion").asText(), health.toString());
        assertEquals(snapshot.journey().version(), health.path("journeyRulesVersion").asText(), health.toString());
        assertEquals(snapshot.account().version(), health.path("accountRulesVersion").asText(), health.toString());
        assertNotEquals(health.path("rulesVersion").asText(), health.path("journeyRulesVersion").asText());
        assertEquals(all.path("catalogVersion").asText(), health.path("catalogVersion").asText());
        assertEquals(all.path("items").size(), health.path("items").asInt());
        assertTrue(health.path("rules").asInt() > 0, health.toString());
    }

    // ---------------------------------------------------------------- taxonomy

    @Test
    void the_taxonomy_lists_the_eight_phases_in_order_with_stage_and_side() throws Exception {
        JsonNode phases = ok(app.get("/api/v1/taxonomy")).path("phases");

        assertEquals(JourneyPhase.values().length, phases.size());
        for (JourneyPhase phase : JourneyPhase.values()) {
            JsonNode json = phases.get(phase.number());
            assertEquals(phase.id(), json.path("id").asText());
            assertEquals(phase.number(), json.path("number").asInt());
            assertEquals(phase.stage().name(), json.path("stage").asText());
            assertEquals(phase.side().name(), json.path("side").asText());
            assertEquals(phase.label("en"), json.path("en").asText());
            assertEquals(phase.label("de"), json.path("de").asText());
        }
        assertEquals("BUYER", phases.get(JourneyPhase.INTENT_TO_PURCHASE.number()).path("side").asText());
        assertEquals("CUSTOMER", phases.get(JourneyPhase.CONVERSION.number()).path("side").asText());
        assertEquals("MOFU", phases.get(JourneyPhase.CONSIDERATION.number()).path("stage").asText());
    }

    @Test
    void the_taxonomy_maps_every_phase_alias_to_its_phase() throws Exception {
        JsonNode aliases = ok(app.get("/api/v1/taxonomy")).path("phaseAliases");

        Map<String, String> expected = new LinkedHashMap<>();
        JourneyPhase.aliases().forEach((alias, phase) -> { if (!alias.equals(phase.id())) expected.put(alias, phase.id()); });
        Map<String, String> actual = new LinkedHashMap<>();
        aliases.fields().forEachRemaining(e -> actual.put(e.getKey(), e.getValue().asText()));
        assertEquals(expected, actual);
        assertEquals("intent-to-purchase", aliases.path("decision").asText());
    }

    @Test
    void the_taxonomy_lists_roles_with_english_and_german_names() throws Exception {
        JsonNode roles = ok(app.get("/api/v1/taxonomy")).path("roles");

        assertEquals(List.of("managing-director", "head-of-sales", "production", "it", "purchasing", "finance", "marketing"),
                ids(roles));
        for (JsonNode role : roles) {
            assertFalse(role.path("en").asText().isBlank(), role.toString());
            assertFalse(role.path("de").asText().isBlank(), role.toString());
        }
        JsonNode purchasing = roles.get(4);
        assertEquals("Purchasing", purchasing.path("en").asText());
        assertEquals("Einkauf", purchasing.path("de").asText());
    }

    @Test
    void the_taxonomy_lists_every_term_the_catalog_uses() throws Exception {
        JsonNode taxonomy = ok(app.get("/api/v1/taxonomy"));
        Map<String, String> sections = Map.of("formats", "format", "languages", "language", "roles", "roles",
                "concerns", "concerns", "topics", "topics");

        for (var section : sections.entrySet()) {
            Set<String> known = new HashSet<>(ids(taxonomy.path(section.getKey())));
            assertFalse(known.isEmpty(), "no " + section.getKey() + " in " + taxonomy);
            for (JsonNode item : all.path("items")) {
                JsonNode used = item.path(section.getValue());
                Iterable<JsonNode> terms = used.isArray() ? used : List.of(used);
                for (JsonNode term : terms) {
                    assertTrue(known.contains(term.asText()), item.path("id").asText() + " uses unknown " + term);
                }
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/json"), response.contentType());
        JsonNode json = response.json();
        assertNotNull(json);
        return json;
    }

    private static boolean matches(JsonNode item, String filter, String value) {
        return switch (filter) {
            case "format", "language" -> item.path(filter).asText().equals(value);
            case "phase" -> strings(item.path("phases")).contains(value);
            case "role", "concern", "topic" -> strings(item.path(filter + "s")).contains(value);
            default -> throw new IllegalArgumentException(filter);
        };
    }

    private static List<String> idsWhere(Predicate<JsonNode> predicate) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : all.path("items")) if (predicate.test(item)) ids.add(item.path("id").asText());
        return ids;
    }

    private static JsonNode firstWhere(Predicate<JsonNode> predicate) {
        for (JsonNode item : all.path("items")) if (predicate.test(item)) return item;
        throw new AssertionError("no such item in the catalog");
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : items) ids.add(item.path("id").asText());
        return ids;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) values.add(value.asText());
        return values;
    }

    @Test
    void comma_separated_values_of_one_filter_mean_any_of_them_and_filters_still_all_hold() throws Exception {
        int webinars = app.get("/api/v1/catalog?format=webinar").json().get("count").asInt();
        int caseStudies = app.get("/api/v1/catalog?format=case-study").json().get("count").asInt();
        assertTrue(webinars > 0 && caseStudies > 0);
        JsonNode either = app.get("/api/v1/catalog?format=webinar,case-study").json();
        assertEquals(webinars + caseStudies, either.get("count").asInt());
        for (JsonNode item : either.get("items")) assertTrue(Set.of("webinar", "case-study").contains(item.get("format").asText()));
        JsonNode english = app.get("/api/v1/catalog?format=webinar,case-study&language=en").json();
        assertTrue(english.get("count").asInt() < either.get("count").asInt());
        for (JsonNode item : english.get("items")) assertEquals("en", item.get("language").asText());
        TestApp.Response wrong = app.get("/api/v1/catalog?format=webinar,casestudy");
        assertEquals(400, wrong.status());
        assertEquals("format", wrong.json().get("errors").get(0).get("field").asText());
    }
}
