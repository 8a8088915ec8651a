package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/catalog/{id}?rules=true}: which rules can fire for an item, against the real rules and catalog. */
class CatalogRulesApiTest {

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static Map<String, JsonNode> rules(String itemId) throws Exception {
        TestApp.Response response = app.get("/api/v1/catalog/" + itemId + "?rules=true");
        assertEquals(200, response.status(), response.text());
        assertEquals(itemId, response.json().get("id").asText(), "the item's own fields come first");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        response.json().get("rules").forEach(rule -> byName.put(rule.get("rule").asText(), rule));
        return byName;
    }

    @Test
    void a_whitepaper_for_consideration_can_meet_the_consideration_row_and_not_the_intent_row() throws Exception {
        Map<String, JsonNode> rules = rules("wp-roi-calculation");
        JsonNode consideration = rules.get("Consideration: hard facts and proof");
        assertTrue(consideration.get("canFire").asBoolean(), consideration.toString());
        assertEquals(20.0, consideration.get("points").asDouble());
        assertEquals("recommend", consideration.get("effect").asText());
        assertFalse(consideration.has("because"));

        JsonNode intent = rules.get("Intent to purchase: reassurance and dialogue");
        assertFalse(intent.get("canFire").asBoolean(), intent.toString());
        String because = intent.get("because").get("en").asText();
        assertTrue(because.contains("case-study") && because.contains("whitepaper"), because);
        assertFalse(intent.get("because").get("de").asText().isBlank());
        assertTrue(intent.get("file").asText().endsWith(".csv"), "a decision table's rule is named at its file: " + intent);
    }

    @Test
    void a_rule_on_the_contact_alone_can_fire_and_a_rule_on_todays_date_is_decided_for_the_item() throws Exception {
        Map<String, JsonNode> rules = rules("so-spindle-service-package-de"); // expired 2026-10-31; the tests run on 2026-11-23
        JsonNode expired = rules.get("Expired content is withdrawn");
        assertTrue(expired.get("canFire").asBoolean(), expired.toString());
        assertTrue(expired.get("everyContact").asBoolean(), "it looks at no contact: " + expired);
        assertEquals("exclude", expired.get("effect").asText());

        JsonNode role = rules.get("Written for the contact's role");
        assertTrue(role.get("canFire").asBoolean(), role.toString());
        assertFalse(role.get("everyContact").asBoolean(), "the contact's role decides: " + role);

        Map<String, JsonNode> fresh = rules("so-connect-professional-upgrade-en"); // expires 2027-03-31
        assertFalse(fresh.get("Expired content is withdrawn").get("canFire").asBoolean(), fresh.get("Expired content is withdrawn").toString());
    }

    @Test
    void every_rule_that_fires_for_an_item_for_some_contact_is_one_the_item_can_meet() throws Exception {
        String item = "wp-roi-calculation";
        Map<String, JsonNode> rules = rules(item);
        for (String role : new String[] {"managing-director", "head-of-sales", "finance", "it"}) {
            for (String phase : new String[] {"awareness", "consideration", "intent-to-purchase", "loyalty"}) {
                String contact = "{\"id\": \"c\", \"role\": \"%s\", \"phase\": \"%s\", \"language\": \"en\", \"concerns\": [\"roi\"]}"
                        .formatted(role, phase);
                JsonNode explained = app.post("/api/v1/explain", "{\"contact\": %s, \"itemId\": \"%s\"}".formatted(contact, item)).json();
                for (JsonNode reason : explained.get("reasons")) {
                    String name = reason.get("rule").asText();
                    assertTrue(rules.get(name).get("canFire").asBoolean(), name + " fired for " + role + " in " + phase);
                }
            }
        }
    }

    @Test
    void without_rules_the_item_is_answered_as_before() throws Exception {
        JsonNode plain = app.get("/api/v1/catalog/wp-roi-calculation").json();
        JsonNode withFalse = app.get("/api/v1/catalog/wp-roi-calculation?rules=false").json();
        assertFalse(plain.has("rules"));
        assertEquals(plain, withFalse);
        JsonNode withRules = app.get("/api/v1/catalog/wp-roi-calculation?rules=true").json().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) withRules).remove("rules");
        assertEquals(plain, withRules);
    }

    @Test
    void rules_must_be_true_or_false_and_a_misspelled_parameter_gets_a_did_you_mean() throws Exception {
        TestApp.Response maybe = app.get("/api/v1/catalog/wp-roi-calculation?rules=maybe");
        assertEquals(400, maybe.status(), maybe.text());
        assertEquals("rules", maybe.json().get("errors").get(0).get("field").asText());
        TestApp.Response typo = app.get("/api/v1/catalog/wp-roi-calculation?rule=true");
        assertEquals(400, typo.status(), typo.text());
        assertTrue(typo.json().get("errors").get(0).get("message").asText().contains("did you mean 'rules'"), typo.text());
        TestApp.Response unknown = app.get("/api/v1/catalog/wp-roi-calculatoin?rules=true");
        assertEquals(404, unknown.status());
        assertTrue(unknown.json().get("detail").asText().contains("did you mean 'wp-roi-calculation'"), unknown.text());
    }
}
