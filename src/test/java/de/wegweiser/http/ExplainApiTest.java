package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** "Why this?" and "why not that?" over HTTP, against the real rules and catalog. */
class ExplainApiTest {

    private static final String CONTACT = """
            {"id": "c-why", "role": "head-of-sales", "phase": "consideration", "language": "de",
             "concerns": ["price"], "consumed": ["wp-roi-calculation"]}""";

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static JsonNode explain(String itemId) throws Exception {
        TestApp.Response response = app.post("/api/v1/explain",
                "{\"contact\": %s, \"itemId\": \"%s\", \"limit\": 5}".formatted(CONTACT, itemId));
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    @Test
    void explain_true_lists_excluded_items_with_rule_and_reason_and_the_items_that_just_missed_the_cut() throws Exception {
        TestApp.Response response = app.post("/api/v1/recommendations?explain=true", "{\"contact\": %s, \"limit\": 5}".formatted(CONTACT));
        assertEquals(200, response.status(), response.text());
        JsonNode body = response.json();
        assertEquals(5, body.get("recommendations").size());

        JsonNode consumed = null;
        for (JsonNode excluded : body.get("excluded")) if (excluded.get("id").asText().equals("wp-roi-calculation")) consumed = excluded;
        assertTrue(consumed != null, "the consumed item is listed as excluded");
        assertEquals("Never offer consumed content again", consumed.get("rule").asText());
        assertEquals("Bereits genutzt", consumed.get("explanation").asText());
        for (JsonNode excluded : body.get("excluded")) assertFalse(excluded.get("rule").asText().isBlank());

        Set<String> recommended = new HashSet<>();
        body.get("recommendations").forEach(r -> recommended.add(r.get("id").asText()));
        assertEquals(5, body.get("missedTheCut").size());
        for (JsonNode missed : body.get("missedTheCut")) {
            assertFalse(recommended.contains(missed.get("id").asText()));
            assertTrue(missed.get("reasons").size() > 0);
        }
    }

    @Test
    void without_explain_the_response_has_no_explanation_fields() throws Exception {
        JsonNode body = app.recommend(CONTACT, 5);
        assertFalse(body.has("excluded"));
        assertFalse(body.has("missedTheCut"));
    }

    @Test
    void explain_must_be_true_or_false() throws Exception {
        TestApp.Response response = app.post("/api/v1/recommendations?explain=maybe", "{\"contact\": %s}".formatted(CONTACT));
        assertEquals(400, response.status());
        assertEquals("explain", response.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void a_recommended_item_is_explained_with_its_position_and_every_rule_that_scored_it() throws Exception {
        String top = app.recommend(CONTACT, 5).get("recommendations").get(1).get("id").asText();
        JsonNode why = explain(top);
        assertEquals("recommended", why.get("outcome").asText());
        assertEquals(2, why.get("position").asInt());
        assertEquals("Empfohlen auf Platz 2 von 5.", why.get("summary").asText());
        double sum = 0;
        for (JsonNode reason : why.get("reasons")) sum += reason.get("points").asDouble();
        assertEquals(why.get("score").asDouble(), sum, 1e-9);
        assertEquals(top, why.get("item").get("id").asText());
    }

    @Test
    void an_excluded_item_names_the_rule_that_excluded_it() throws Exception {
        JsonNode why = explain("wp-roi-calculation");
        assertEquals("excluded", why.get("outcome").asText());
        assertEquals("Never offer consumed content again", why.get("excludedBy").get("rule").asText());
        assertTrue(why.get("summary").asText().contains("Never offer consumed content again"));
        assertFalse(why.has("position"));
    }

    @Test
    void an_outscored_item_shows_its_rank_and_the_score_it_would_need() throws Exception {
        JsonNode why = explain("blog-ot-security-basics-en");
        assertEquals("outscored", why.get("outcome").asText());
        assertTrue(why.get("position").asInt() > 5);
        assertTrue(why.get("lowestRecommendedScore").asDouble() >= why.get("score").asDouble()
                || why.get("reasons").toString().contains("Other language only as a fallback"));
        assertTrue(why.get("summary").asText().startsWith("Nicht unter den ersten 5"));
    }

    @Test
    void explaining_an_unknown_item_is_a_404_and_a_missing_item_id_a_400() throws Exception {
        TestApp.Response unknown = app.post("/api/v1/explain", "{\"contact\": %s, \"itemId\": \"nope\"}".formatted(CONTACT));
        assertEquals(404, unknown.status());
        assertTrue(unknown.json().get("detail").asText().contains("nope"));
        TestApp.Response missing = app.post("/api/v1/explain", "{\"contact\": %s}".formatted(CONTACT));
        assertEquals(400, missing.status());
        assertEquals("itemId", missing.json().get("errors").get(0).get("field").asText());
    }

    private static JsonNode whyNot(String contact, String itemId) throws Exception {
        TestApp.Response response = app.post("/api/v1/explain",
                "{\"contact\": %s, \"itemId\": \"%s\", \"whyNot\": true}".formatted(contact, itemId));
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static JsonNode notFired(JsonNode body, String rule) {
        for (JsonNode entry : body.get("notFired")) if (entry.get("rule").asText().equals(rule)) return entry;
        throw new AssertionError("rule '" + rule + "' is not among the rules that did not fire: " + body.get("notFired"));
    }

    @Test
    void why_not_names_the_phase_the_rule_wants_and_the_phase_the_contact_is_in() throws Exception {
        JsonNode body = whyNot(CONTACT, "web-live-demo-smx650-de");
        JsonNode rule = notFired(body, "Intent to purchase: reassurance and dialogue");
        assertEquals("the rule wants the phase intent-to-purchase; the contact is in consideration", rule.get("why").get("en").asText());
        assertEquals("die Regel verlangt die Phase intent-to-purchase; der Kontakt ist in der Phase consideration",
                rule.get("why").get("de").asText());
        assertEquals(rule.get("why").get("de").asText(), rule.get("because").asText(), "the contact speaks German");
        assertEquals("content-per-phase.csv", rule.get("file").asText());
        assertEquals(14, rule.get("line").asInt(), "the decision table row the rule was made from");
        assertEquals("phase == JourneyPhase.INTENT_TO_PURCHASE", rule.get("condition").asText());
        assertTrue(rule.get("conditionLine").asInt() >= rule.get("line").asInt());
    }

    @Test
    void why_not_names_every_format_the_rule_wants_and_the_format_the_item_has() throws Exception {
        JsonNode body = whyNot(CONTACT, "web-live-demo-smx650-de");
        JsonNode rule = notFired(body, "Consideration: hard facts and proof");
        assertEquals("the rule wants format success-story or whitepaper or study or e-book or comparison; this item is a webinar",
                rule.get("why").get("en").asText());
        assertEquals("die Regel verlangt das Format success-story oder whitepaper oder study oder e-book oder comparison; "
                + "dieser Inhalt hat das Format webinar", rule.get("why").get("de").asText());
    }

    @Test
    void why_not_lists_only_rules_that_did_not_fire_and_every_one_of_them() throws Exception {
        JsonNode body = whyNot(CONTACT, "web-live-demo-smx650-de");
        Set<String> fired = new HashSet<>();
        body.get("reasons").forEach(r -> fired.add(r.get("rule").asText()));
        if (body.has("excludedBy")) fired.add(body.get("excludedBy").get("rule").asText());
        Set<String> notFired = new HashSet<>();
        for (JsonNode entry : body.get("notFired")) {
            assertFalse(fired.contains(entry.get("rule").asText()), entry.toString());
            assertFalse(entry.get("why").get("en").asText().isBlank());
            assertFalse(entry.get("why").get("de").asText().isBlank());
            notFired.add(entry.get("rule").asText());
        }
        // every recommendation rule the service runs (.drl files and the decision table) is either among the reasons or among the rules that did not fire
        Set<String> all = new HashSet<>();
        app.app().service().snapshot().rules().rules().forEach(r -> all.add(r.name()));
        Set<String> accounted = new HashSet<>(fired);
        accounted.addAll(notFired);
        assertEquals(all, accounted);
    }

    @Test
    void why_not_for_a_rule_tried_for_each_of_the_contacts_concerns_names_them_all() throws Exception {
        String contact = """
                {"id": "c-why-2", "role": "it", "phase": "consideration", "language": "en", "concerns": ["price", "roi"]}""";
        JsonNode rule = notFired(whyNot(contact, "web-live-demo-smx650-de"), "The contact's own concerns");
        assertEquals("the rule wants concerns to include price or roi; this item's concerns are usability", rule.get("why").get("en").asText());
        assertEquals(rule.get("why").get("en").asText(), rule.get("because").asText(), "the contact speaks English");
    }

    @Test
    void without_why_not_the_explanation_has_no_list_of_rules_that_did_not_fire() throws Exception {
        assertFalse(explain("web-live-demo-smx650-de").has("notFired"));
        TestApp.Response wrong = app.post("/api/v1/explain",
                "{\"contact\": %s, \"itemId\": \"web-live-demo-smx650-de\", \"whyNot\": \"yes\"}".formatted(CONTACT));
        assertEquals(400, wrong.status());
        assertEquals("whyNot", wrong.json().get("errors").get(0).get("field").asText());
    }

    @Test
    void an_unknown_item_id_gets_a_did_you_mean() throws Exception {
        TestApp.Response unknown = app.post("/api/v1/explain",
                "{\"contact\": %s, \"itemId\": \"web-live-demo-smx65-de\"}".formatted(CONTACT));
        assertEquals(404, unknown.status());
        assertTrue(unknown.json().get("detail").asText().contains("did you mean 'web-live-demo-smx650-de'?"), unknown.text());
    }
}
