package de.wegweiser.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/explain} for a stored contact of an account, on the real app: the frozen rules
 * plus one recommendation rule that reads the {@code Account}, so the account moves the contact
 * (the journey rule on the buying center) and gives the item points (the account-aware rule).
 */
class AccountExplainApiTest {

    static final String AT = "2026-11-20T10:00:00Z";
    static TestApp app;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("account-explain");
        Path rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Files.writeString(rules.resolve("account-aware.drl"), AccountFactRecommendationTest.ACCOUNT_RULE);
        app = TestApp.start(rules, TestApp.CATALOG);
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) app.close();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static String member(String account, String role, String phase, String language) throws Exception {
        String id = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response response = app.contacts("PUT", "/api/v1/contacts/" + id, "{\"role\": \"%s\", \"phase\": \"%s\", \"language\": \"%s\"%s}"
                .formatted(role, phase, language, account == null ? "" : ", \"account\": \"" + account + "\""));
        assertEquals(201, response.status(), response.text());
        return id;
    }

    private static JsonNode pageView(String contact) throws Exception {
        Response response = app.contacts("POST", "/api/v1/contacts/" + contact + "/events",
                "{\"id\": \"%s\", \"type\": \"page-view\", \"at\": \"%s\"}".formatted(UUID.randomUUID(), AT));
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static Response explain(String body) throws Exception {
        return app.contacts("POST", "/api/v1/explain", body);
    }

    /**
     * IT and finance are at intent to purchase and active; then the head of sales, in consideration,
     * is active too: three active colleagues move the head of sales to intent to purchase, the company
     * is at intent to purchase, and nobody has seen anything on price.
     */
    private static String headOfSalesOfABuyingCompany(String language) throws Exception {
        String account = "acme-" + UUID.randomUUID().toString().substring(0, 8);
        pageView(member(account, "it", "intent-to-purchase", "en"));
        pageView(member(account, "finance", "intent-to-purchase", "en"));
        String sales = member(account, "head-of-sales", "consideration", language);
        assertEquals("intent-to-purchase", pageView(sales).get("phase").asText(), "the buying center moved the head of sales");
        return sales;
    }

    /** The first item of the contact's own answer that the account-aware rule gave points. */
    private static JsonNode boostedItem(String contact) throws Exception {
        JsonNode answer = app.contacts("GET", "/api/v1/contacts/" + contact + "/recommendations?limit=5", null).json();
        for (JsonNode item : answer.get("recommendations")) {
            for (JsonNode reason : item.get("reasons")) {
                if (AccountFactRecommendationTest.RULE_NAME.equals(reason.get("rule").asText())) return item;
            }
        }
        throw new AssertionError("the account rule gave no item of the answer points: " + answer);
    }

    private static List<JsonNode> effects(JsonNode explanation, String kind) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode effect : explanation.at("/account/effects")) if (kind.equals(effect.get("kind").asText())) found.add(effect);
        return found;
    }

    @Test
    void a_stored_contacts_explanation_names_the_account_rules_what_they_changed_and_where_the_item_would_stand_without_the_account()
            throws Exception {
        String sales = headOfSalesOfABuyingCompany("en");
        JsonNode item = boostedItem(sales);
        Response response = explain("{\"contactId\": \"%s\", \"itemId\": \"%s\"}".formatted(sales, item.get("id").asText()));
        assertEquals(200, response.status(), response.text());
        JsonNode body = response.json();
        assertEquals("recommended", body.get("outcome").asText());
        assertEquals(item.get("score").asDouble(), body.get("score").asDouble(), 1e-9, "as the contact's own answer scores it");

        JsonNode account = body.get("account");
        assertNotNull(account, body.toString());
        JsonNode points = effects(body, "item-points").get(0);
        assertEquals(AccountFactRecommendationTest.RULE_NAME, points.get("rule").asText());
        assertEquals(50.0, points.get("points").asDouble());
        assertTrue(points.at("/why/en").asText().contains("50 points"), points.toString());
        assertTrue(points.at("/why/de").asText().contains("50 Punkte"), points.toString());
        assertEquals(points.at("/why/en").asText(), points.get("because").asText(), "an English contact reads English");
        assertEquals(body.get("score").asDouble() - 50, account.at("/withoutAccount/score").asDouble(), 1e-9,
                "without the account the rule's 50 points are missing");
        assertTrue(account.at("/why/en").asText().startsWith("Without its account the item would be"), account.toString());

        JsonNode moved = effects(body, "contact-phase").get(0);
        assertEquals("Buying center active: intent to purchase", moved.get("rule").asText());
        assertEquals("consideration", moved.get("from").asText());
        assertEquals("intent-to-purchase", moved.get("to").asText());
        assertTrue(moved.at("/why/de").asText().contains("Kollegen"), moved.toString());

        JsonNode phase = effects(body, "account-phase").get(0);
        assertEquals("intent-to-purchase", phase.get("value").asText());
        assertEquals("Most active members have reached the phase", phase.get("rule").asText());
        assertFalse(phase.at("/why/de").asText().isBlank());
    }

    @Test
    void a_german_contact_reads_the_accounts_part_in_german_and_an_item_the_account_does_not_touch_is_said_to_be_unchanged()
            throws Exception {
        String sales = headOfSalesOfABuyingCompany("de");
        JsonNode listed = app.contacts("GET", "/api/v1/contacts/" + sales + "/recommendations?explain=true", null).json();
        String untouched = null;
        for (JsonNode excluded : listed.get("excluded")) {
            if (!AccountFactRecommendationTest.RULE_NAME.equals(excluded.get("rule").asText())) untouched = excluded.get("id").asText();
        }
        assertNotNull(untouched, "some item a rule without the account drops: " + listed.get("excluded"));
        JsonNode body = explain("{\"contactId\": \"%s\", \"itemId\": \"%s\"}".formatted(sales, untouched)).json();
        assertEquals("excluded", body.get("outcome").asText());
        assertTrue(body.at("/account/summary").asText().startsWith("Ohne den Account"), body.get("account").toString());
        assertTrue(body.at("/account/summary").asText().contains("ändert für ihn nichts"), body.get("account").toString());
        assertTrue(effects(body, "item-points").isEmpty());
        assertTrue(effects(body, "contact-phase").get(0).get("because").asText().startsWith("Am "), body.toString());
    }

    @Test
    void the_explained_list_of_a_stored_contact_ranks_with_its_account_like_its_answer() throws Exception {
        String sales = headOfSalesOfABuyingCompany("en");
        JsonNode plain = app.contacts("GET", "/api/v1/contacts/" + sales + "/recommendations?limit=5", null).json();
        JsonNode explained = app.contacts("GET", "/api/v1/contacts/" + sales + "/recommendations?limit=5&explain=true", null).json();
        assertEquals(plain.get("recommendations").findValuesAsText("id"), explained.get("recommendations").findValuesAsText("id"));
        assertTrue(explained.get("recommendations").toString().contains(AccountFactRecommendationTest.RULE_NAME));
    }

    @Test
    void a_contact_without_an_account_and_a_contact_sent_along_have_no_account_part() throws Exception {
        String alone = member(null, "head-of-sales", "consideration", "en");
        Response stored = explain("{\"contactId\": \"%s\", \"itemId\": \"wp-roi-calculation\"}".formatted(alone));
        assertEquals(200, stored.status(), stored.text());
        assertFalse(stored.json().has("account"), stored.text());
        Response sent = explain("{\"contact\": {\"id\": \"x\", \"role\": \"it\", \"phase\": \"awareness\", \"account\": \"acme\"}, "
                + "\"itemId\": \"wp-roi-calculation\"}");
        assertEquals(200, sent.status(), sent.text());
        assertFalse(sent.json().has("account"), "a contact sent along has no stored account");
    }

    @Test
    void a_stored_contact_needs_the_api_key_exists_and_comes_alone() throws Exception {
        String sales = headOfSalesOfABuyingCompany("en");
        Response anonymous = app.send(HttpRequest.newBuilder(app.uri("/api/v1/explain")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"contactId\": \"%s\", \"itemId\": \"wp-roi-calculation\"}".formatted(sales))).build());
        assertEquals(401, anonymous.status(), "personal data: " + anonymous.text());
        assertTrue(anonymous.contentType().startsWith("application/problem+json"));

        Response unknown = explain("{\"contactId\": \"nobody-here\", \"itemId\": \"wp-roi-calculation\"}");
        assertEquals(404, unknown.status(), unknown.text());
        Response unknownItem = explain("{\"contactId\": \"%s\", \"itemId\": \"wp-roi-calculatoin\"}".formatted(sales));
        assertEquals(404, unknownItem.status(), unknownItem.text());
        assertTrue(unknownItem.json().get("detail").asText().contains("did you mean 'wp-roi-calculation'"), unknownItem.text());

        Response both = explain("{\"contactId\": \"%s\", \"contact\": {\"id\": \"x\", \"role\": \"it\", \"phase\": \"awareness\"}, "
                .formatted(sales) + "\"itemId\": \"wp-roi-calculation\"}");
        assertEquals(400, both.status(), both.text());
        assertEquals("contactId", both.json().at("/errors/0/field").asText(), both.text());
        Response blank = explain("{\"contactId\": \"  \", \"itemId\": \"wp-roi-calculation\"}");
        assertEquals(400, blank.status(), blank.text());
        assertEquals("contactId", blank.json().at("/errors/0/field").asText(), blank.text());
        assertFalse(blank.text().contains("Exception"));
    }
}
