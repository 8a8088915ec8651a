package de.wegweiser.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The intent of each default rule, as the marketer would state it, checked against the real
 * service with the real rules and catalog.
 */
class DefaultRulesScenarioTest {

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String contact(String role, String phase, String language, String extra) {
        return """
                {"id": "c-test", "role": "%s", "phase": "%s", "language": "%s"%s}"""
                .formatted(role, phase, language, extra.isEmpty() ? "" : ", " + extra);
    }

    private static List<JsonNode> recommend(String contactJson, int limit) throws Exception {
        JsonNode body = app.recommend(contactJson, limit);
        return StreamSupport.stream(body.get("recommendations").spliterator(), false).toList();
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> values = new java.util.HashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> ids(List<JsonNode> list) {
        return list.stream().map(r -> r.get("id").asText() + " " + r.get("concerns")).toList();
    }

    private static boolean firedRule(JsonNode recommendation, String rule) {
        for (JsonNode reason : recommendation.get("reasons")) if (reason.get("rule").asText().equals(rule)) return true;
        return false;
    }

    private static ContentItem item(String id) {
        return app.app().service().snapshot().catalog().item(id).orElseThrow();
    }

    private static long count(List<JsonNode> list, Predicate<JsonNode> predicate) {
        return list.stream().filter(predicate).count();
    }

    @Test
    void ceo_at_intent_to_purchase_gets_image_case_studies_and_references() throws Exception {
        List<JsonNode> top = recommend(contact("managing-director", "intent-to-purchase", "de", ""), 5);
        long imageProof = count(top, r -> Set.of("case-study", "reference").contains(r.get("format").asText())
                && texts(r.get("concerns")).contains("image"));
        assertTrue(imageProof >= 2, "expected image-related case studies and references in " + ids(top));
        assertTrue(top.stream().allMatch(r -> texts(r.get("phases")).contains("intent-to-purchase")));
    }

    @Test
    void production_staff_get_ease_of_use_content() throws Exception {
        for (String phase : List.of("awareness", "consideration", "intent-to-purchase", "loyalty")) {
            String extra = phase.equals("loyalty") ? "\"existingCustomer\": true" : "";
            List<JsonNode> top = recommend(contact("production", phase, "de", extra), 5);
            assertTrue(firedRule(top.get(0), "Production: ease of use") || firedRule(top.get(1), "Production: ease of use"),
                    phase + ": ease of use should lead: " + ids(top));
            assertTrue(count(top, r -> texts(r.get("concerns")).contains("usability")) >= 2, phase + ": " + ids(top));
        }
    }

    @Test
    void loyalty_customers_get_newsletters_and_tutorials_and_no_awareness_content() throws Exception {
        List<JsonNode> top = recommend(contact("production", "loyalty", "de", "\"existingCustomer\": true"), 5);
        Set<String> formats = new java.util.HashSet<>();
        top.forEach(r -> formats.add(r.get("format").asText()));
        assertTrue(formats.contains("newsletter"), "newsletter expected: " + formats);
        assertTrue(formats.contains("tutorial"), "tutorial expected: " + formats);

        for (JsonNode r : recommend(contact("production", "loyalty", "de", "\"existingCustomer\": true"), 50)) {
            assertFalse(item(r.get("id").asText()).isTopOfFunnelOnly(), "top-of-funnel item for a customer: " + r.get("id"));
        }
    }

    @Test
    void existing_customers_never_get_top_of_funnel_content_even_when_evaluating_again() throws Exception {
        for (String phase : List.of("awareness", "consideration")) {
            for (JsonNode r : recommend(contact("finance", phase, "en", "\"existingCustomer\": true"), 50)) {
                assertFalse(item(r.get("id").asText()).isTopOfFunnelOnly(), phase + ": " + r.get("id"));
            }
        }
    }

    @Test
    void prospects_never_get_customer_only_content_like_onboarding_guides() throws Exception {
        for (String phase : List.of("awareness", "consideration", "intent-to-purchase")) {
            List<JsonNode> all = recommend(contact("production", phase, "de", ""), 50);
            for (JsonNode r : all) {
                assertFalse(item(r.get("id").asText()).isCustomerOnly(), phase + ": customer-only item " + r.get("id"));
                assertNotEquals("onboarding-guide", r.get("format").asText());
            }
        }
    }

    @Test
    void consumed_items_never_come_back() throws Exception {
        String plain = contact("head-of-sales", "consideration", "de", "\"concerns\": [\"price\", \"efficiency\"]");
        List<String> firstThree = recommend(plain, 3).stream().map(r -> r.get("id").asText()).toList();
        String consumed = contact("head-of-sales", "consideration", "de",
                "\"concerns\": [\"price\", \"efficiency\"], \"consumed\": " + TestApp.JSON.writeValueAsString(firstThree));
        List<String> after = recommend(consumed, 50).stream().map(r -> r.get("id").asText()).toList();
        for (String id : firstThree) assertFalse(after.contains(id), id + " was consumed but came back");
        assertEquals(50, after.size(), "other candidates take their place");
    }

    @Test
    void german_contacts_get_german_items_first_and_english_only_as_fallback() throws Exception {
        for (String language : List.of("de", "en")) {
            List<JsonNode> all = recommend(contact("it", "consideration", language, ""), 50);
            boolean otherLanguageSeen = false;
            for (JsonNode r : all) {
                boolean own = r.get("language").asText().equals(language);
                assertFalse(own && otherLanguageSeen, language + ": an own-language item came after a fallback item");
                otherLanguageSeen |= !own;
                if (!own) assertTrue(firedRule(r, "Other language only as a fallback"));
            }
            assertEquals(language, all.get(0).get("language").asText());
        }
    }

    @Test
    void other_language_fills_the_list_only_when_nothing_in_the_own_language_is_left() throws Exception {
        // The contact has read all German content but three items: the rest of the list must be English.
        List<String> german = app.app().service().snapshot().catalog().items().stream()
                .filter(i -> i.language().equals("de") && i.phases().contains(JourneyPhase.CONSIDERATION))
                .map(ContentItem::id).toList();
        List<String> consumed = new ArrayList<>(german.subList(3, german.size()));
        app.app().service().snapshot().catalog().items().stream()
                .filter(i -> i.language().equals("de") && !i.phases().contains(JourneyPhase.CONSIDERATION))
                .forEach(i -> consumed.add(i.id()));
        List<JsonNode> top = recommend(contact("it", "consideration", "de",
                "\"consumed\": " + TestApp.JSON.writeValueAsString(consumed)), 10);
        assertEquals(10, top.size());
        for (int i = 0; i < 3; i++) assertEquals("de", top.get(i).get("language").asText(), "position " + i);
        for (int i = 3; i < 10; i++) {
            assertEquals("en", top.get(i).get("language").asText(), "position " + i);
            assertTrue(firedRule(top.get(i), "Other language only as a fallback"));
        }
    }

    @Test
    void expired_items_and_past_events_never_appear() throws Exception {
        LocalDate today = TestApp.TODAY;
        for (String role : List.of("managing-director", "production", "purchasing", "finance")) {
            for (JourneyPhase phase : JourneyPhase.values()) {
                for (JsonNode r : recommend(contact(role, phase.id(), "de", ""), 50)) {
                    ContentItem item = item(r.get("id").asText());
                    assertFalse(item.isExpiredOn(today), "expired: " + item.id());
                    assertFalse(item.isPastEventOn(today), "past event: " + item.id());
                }
            }
        }
    }

    @Test
    void content_of_the_next_phase_scores_a_little_and_earlier_content_less() throws Exception {
        List<JsonNode> all = recommend(contact("production", "consideration", "en", ""), 50);
        double ahead = all.stream().filter(r -> firedRule(r, "One step ahead")).findFirst()
                .map(r -> reasonPoints(r, "One step ahead")).orElseThrow();
        double back = all.stream().filter(r -> firedRule(r, "A look back")).findFirst()
                .map(r -> reasonPoints(r, "A look back")).orElseThrow();
        double current = reasonPoints(all.get(0), "Made for the contact's phase");
        assertTrue(current > ahead && ahead > back && back > 0, "current %s > ahead %s > back %s".formatted(current, ahead, back));
    }

    private static double reasonPoints(JsonNode recommendation, String rule) {
        for (JsonNode reason : recommendation.get("reasons")) {
            if (reason.get("rule").asText().equals(rule)) return reason.get("points").asDouble();
        }
        throw new AssertionError(rule + " did not fire for " + recommendation.get("id"));
    }

    @ParameterizedTest(name = "{0} weighs {1}")
    @CsvSource({
            "managing-director, Managing director: image and strategy, image|strategy",
            "head-of-sales, Head of sales: price and efficiency, price|efficiency",
            "production, Production: ease of use, usability",
            "it, IT: security and integration, security|integration",
            "purchasing, Purchasing: price and terms, price|terms",
            "finance, Finance: return on investment, roi",
            "marketing, Marketing: image, image"})
    void each_role_is_served_on_its_own_concerns(String role, String rule, String concerns) throws Exception {
        Set<String> expected = Set.of(concerns.split("\\|"));
        List<JsonNode> top = recommend(contact(role, "consideration", "de", ""), 5);
        for (JsonNode r : top) {
            if (firedRule(r, rule)) {
                assertTrue(texts(r.get("concerns")).stream().anyMatch(expected::contains), r.toString());
            }
        }
        assertTrue(count(top, r -> firedRule(r, rule)) >= 2, role + ": " + rule + " should shape the top 5: " + ids(top));
    }

    @Test
    void the_contacts_own_concerns_add_points_with_an_explanation_in_their_language() throws Exception {
        List<JsonNode> top = recommend(contact("marketing", "consideration", "de", "\"concerns\": [\"sustainability\"]"), 5);
        JsonNode hit = top.stream().filter(r -> firedRule(r, "The contact's own concerns")).findFirst().orElseThrow();
        assertTrue(texts(hit.get("concerns")).contains("sustainability"));
        String explanation = StreamSupport.stream(hit.get("reasons").spliterator(), false)
                .filter(reason -> reason.get("rule").asText().equals("The contact's own concerns"))
                .findFirst().orElseThrow().get("explanation").asText();
        assertEquals("Greift Ihr Anliegen auf: Nachhaltigkeit", explanation);
    }

    @Test
    void explanations_follow_the_contacts_language() throws Exception {
        JsonNode german = recommend(contact("finance", "consideration", "de", ""), 1).get(0);
        JsonNode english = recommend(contact("finance", "consideration", "en", ""), 1).get(0);
        assertEquals("Passend zur Phase Abwägung", explanation(german, "Made for the contact's phase"));
        assertEquals("Made for the phase Consideration", explanation(english, "Made for the contact's phase"));
    }

    private static String explanation(JsonNode recommendation, String rule) {
        for (JsonNode reason : recommendation.get("reasons")) {
            if (reason.get("rule").asText().equals(rule)) return reason.get("explanation").asText();
        }
        throw new AssertionError(rule + " did not fire");
    }

    @Test
    void score_is_the_sum_of_the_reasons() throws Exception {
        for (JsonNode r : recommend(contact("purchasing", "intent-to-purchase", "en", "\"concerns\": [\"terms\"]"), 20)) {
            double sum = 0;
            for (JsonNode reason : r.get("reasons")) sum += reason.get("points").asDouble();
            assertEquals(r.get("score").asDouble(), sum, 1e-9, r.get("id").asText());
        }
    }

    @Test
    void every_phase_and_role_gets_a_full_top_five_with_a_mix_of_formats() throws Exception {
        for (JourneyPhase phase : JourneyPhase.values()) {
            for (String role : app.app().service().snapshot().catalog().taxonomy().ids(de.wegweiser.domain.TermKind.ROLE)) {
                for (String language : List.of("de", "en")) {
                    List<JsonNode> top = recommend(contact(role, phase.id(), language, ""), 5);
                    assertEquals(5, top.size(), phase + "/" + role + "/" + language);
                    Map<String, Integer> formats = new HashMap<>();
                    top.forEach(r -> formats.merge(r.get("format").asText(), 1, Integer::sum));
                    assertTrue(formats.values().stream().allMatch(n -> n <= 2),
                            phase + "/" + role + "/" + language + " has a format more than twice: " + formats);
                    assertTrue(top.get(0).get("score").asDouble() > 0);
                }
            }
        }
    }

    @Test
    void upcoming_webinars_are_flagged_with_their_date() throws Exception {
        ContentItem webinar = app.app().service().snapshot().catalog().items().stream()
                .filter(i -> i.format().equals("webinar") && i.isUpcomingWithin(TestApp.TODAY, 60))
                .findFirst().orElseThrow();
        JourneyPhase phase = webinar.phases().stream().sorted().findFirst().orElseThrow();
        String role = webinar.roles().stream().sorted().findFirst().orElseThrow();
        JsonNode hit = recommend(contact(role, phase.id(), webinar.language(), ""), 50).stream()
                .filter(r -> r.get("id").asText().equals(webinar.id())).findFirst().orElseThrow();
        assertTrue(explanation(hit, "Upcoming date: register now").contains(webinar.eventDate().toString()));
    }
}
