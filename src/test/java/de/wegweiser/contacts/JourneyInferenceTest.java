package de.wegweiser.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled journey rules ({@code rules/journey}), through the API: events in, phase, status,
 * score and contact policy out, each change with its rule. Every transition of the brief, and for
 * most a near miss that must not move the contact.
 */
class JourneyInferenceTest {

    /** The test clock says 2026-11-23T09:00:00Z; the events happen on the days before. */
    static final Instant NOW = TestApp.CLOCK.instant();

    static TestApp app;
    private final AtomicInteger eventIds = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    // ---------------------------------------------------------------- helpers

    private static String contact(String... fields) throws Exception {
        String id = "j-" + UUID.randomUUID();
        Response response = app.contacts("PUT", "/api/v1/contacts/" + id, EventJson.profile("it", "en", fields));
        assertEquals(201, response.status(), response.text());
        return id;
    }

    /** Posts the events (type, or type:itemId) a minute apart, ending an hour before now. */
    private JsonNode post(String contactId, String... events) throws Exception {
        return postAt(NOW.minusSeconds(3600 + 60L * events.length), contactId, events);
    }

    private JsonNode postAt(Instant first, String contactId, String... events) throws Exception {
        return post(first, 60, contactId, events);
    }

    /** Posts the events {@code secondsApart} from each other, starting at {@code first}. */
    private JsonNode post(Instant first, int secondsApart, String contactId, String... events) throws Exception {
        List<ObjectNode> nodes = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            String[] typeAndItem = events[i].split(":", 2);
            nodes.add(EventJson.node("ev-" + eventIds.incrementAndGet(), typeAndItem[0], first.plusSeconds((long) secondsApart * i).toString(),
                    typeAndItem.length > 1 ? typeAndItem[1] : null));
        }
        Response response = app.contacts("POST", "/api/v1/contacts/" + contactId + "/events", EventJson.batch(nodes));
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static JsonNode state(String contactId) throws Exception {
        Response response = app.contacts("GET", "/api/v1/contacts/" + contactId, null);
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static String item(String query, Predicate<JsonNode> filter) throws Exception {
        return EventJson.catalog(app, query).stream().filter(filter).findFirst().orElseThrow().get("id").asText();
    }

    private static String item(String query) throws Exception {
        return item(query, i -> true);
    }

    /** The last history entry of a kind (phase, status, pause). */
    private static JsonNode last(JsonNode contact, String change) {
        JsonNode found = null;
        for (JsonNode entry : contact.get("history")) if (entry.get("change").asText().equals(change)) found = entry;
        assertNotNull(found, "no " + change + " change in " + contact.get("history"));
        return found;
    }

    private static void assertPhase(String expected, String contactId) throws Exception {
        assertEquals(expected, state(contactId).get("phase").asText(), () -> {
            try {
                return state(contactId).get("history").toString();
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    private static String status(String contactId) throws Exception {
        return state(contactId).path("lifecycle").asText("none");
    }

    // ---------------------------------------------------------------- phases

    @Test
    void a_first_content_view_moves_a_new_contact_to_awareness_and_a_page_view_does_not() throws Exception {
        String id = contact();
        post(id, "page-view");
        assertPhase("non-awareness", id);
        post(id, "content-view:" + item("format=blog-post"));
        assertPhase("awareness", id);
        JsonNode change = last(state(id), "phase");
        assertEquals("First content view: awareness", change.get("rule").asText());
        assertEquals("non-awareness", change.get("from").asText());
        assertEquals("Viewed our content for the first time", change.get("reason").asText());
    }

    @Test
    void three_content_views_move_to_favorability_and_two_do_not() throws Exception {
        List<JsonNode> posts = EventJson.catalog(app, "format=blog-post");
        String id = contact();
        post(id, "content-view:" + posts.get(0).get("id").asText(), "content-view:" + posts.get(1).get("id").asText());
        assertPhase("awareness", id);
        post(id, "content-view:" + posts.get(2).get("id").asText());
        assertPhase("favorability", id);
        assertEquals("Repeated content views: favorability", last(state(id), "phase").get("rule").asText());
    }

    @Test
    void a_newsletter_signup_moves_to_favorability_and_makes_a_subscriber() throws Exception {
        String id = contact();
        post(id, "newsletter-signup");
        JsonNode contact = state(id);
        assertEquals("favorability", contact.get("phase").asText());
        assertEquals("subscriber", contact.get("lifecycle").asText());
        assertEquals("Newsletter signup: subscriber", last(contact, "status").get("rule").asText());
    }

    @Test
    void a_gated_whitepaper_download_moves_to_consideration_and_makes_a_lead() throws Exception {
        String id = contact();
        post(id, "download:" + item("format=whitepaper", i -> i.get("gated").asBoolean()));
        JsonNode contact = state(id);
        assertEquals("consideration", contact.get("phase").asText());
        assertEquals("lead", contact.get("lifecycle").asText());
        assertEquals("Gated whitepaper download: consideration", last(contact, "phase").get("rule").asText());
        assertEquals("Download behind a form: lead", last(contact, "status").get("rule").asText());
    }

    @Test
    void a_gated_download_that_is_no_whitepaper_makes_a_lead_but_no_consideration() throws Exception {
        String id = contact();
        post(id, "download:" + item("format=e-book", i -> i.get("gated").asBoolean()));
        assertPhase("awareness", id);
        assertEquals("lead", status(id));
    }

    @Test
    void a_gated_study_makes_a_lead_and_at_once_a_marketing_qualified_one_because_a_study_is_proof() throws Exception {
        String id = contact();
        post(id, "download:" + item("format=study", i -> i.get("gated").asBoolean()));
        List<JsonNode> statuses = new java.util.ArrayList<>();
        state(id).get("history").forEach(change -> { if (change.get("change").asText().equals("status")) statuses.add(change); });
        assertEquals("lead", statuses.get(statuses.size() - 2).get("to").asText());
        assertEquals("mql", statuses.get(statuses.size() - 1).get("to").asText());
        assertEquals("Proof content read: marketing-qualified", statuses.get(statuses.size() - 1).get("rule").asText());
        // a marketing-qualified lead seriously considers buying
        assertPhase("consideration", id);
    }

    @Test
    void reading_a_comparison_moves_to_consideration() throws Exception {
        String id = contact();
        post(id, "content-view:" + item("format=comparison"));
        assertPhase("consideration", id);
        assertEquals("Comparison read: consideration", last(state(id), "phase").get("rule").asText());
    }

    @Test
    void a_demo_request_moves_to_intent_to_purchase_and_makes_a_sales_qualified_lead() throws Exception {
        String id = contact();
        JsonNode receipt = post(id, "demo-request");
        assertEquals("intent-to-purchase", receipt.get("phase").asText());
        assertEquals("sql", receipt.get("lifecycle").asText());
        assertEquals("Demo request: intent to purchase", last(state(id), "phase").get("rule").asText());
        assertEquals("Demo request or sales contact: sales-qualified", last(state(id), "status").get("rule").asText());
    }

    @Test
    void two_pricing_views_move_to_intent_to_purchase_and_one_does_not() throws Exception {
        String id = contact("\"phase\": \"consideration\"");
        post(id, "pricing-view");
        assertPhase("consideration", id);
        post(id, "pricing-view");
        assertPhase("intent-to-purchase", id);
        assertEquals("Repeated pricing views: intent to purchase", last(state(id), "phase").get("rule").asText());
    }

    @Test
    void attending_a_webinar_moves_to_intent_to_purchase_and_registering_does_not() throws Exception {
        String id = contact("\"phase\": \"consideration\"");
        String webinar = item("format=webinar");
        post(id, "webinar-registration:" + webinar);
        assertPhase("consideration", id);
        post(id, "webinar-attendance:" + webinar);
        assertPhase("intent-to-purchase", id);
        assertTrue(state(id).get("consumed").toString().contains(webinar), "an attended webinar is consumed");
    }

    @Test
    void three_active_people_of_one_account_move_a_considering_contact_to_intent_to_purchase() throws Exception {
        String account = "\"account\": \"acme-" + UUID.randomUUID() + "\"";
        String colleague = contact(account);
        String considering = contact(account, "\"phase\": \"consideration\"");
        post(colleague, "page-view");
        post(considering, "page-view");
        assertPhase("consideration", considering); // two people: not yet a buying center at work

        // a colleague active 40 days ago is outside the 30-day window
        String former = contact(account);
        postAt(NOW.minusSeconds(40L * 24 * 3600), former, "page-view");
        post(considering, "page-view");
        assertPhase("consideration", considering);

        String third = contact(account);
        post(third, "page-view");
        post(considering, "page-view");
        assertPhase("intent-to-purchase", considering);
        assertEquals("Buying center active: intent to purchase", last(state(considering), "phase").get("rule").asText());
        assertPhase("non-awareness", third); // the rule is for contacts already weighing the options
    }

    @Test
    void a_purchase_moves_to_conversion_and_makes_a_customer() throws Exception {
        String id = contact("\"phase\": \"intent-to-purchase\"", "\"lifecycle\": \"sql\"");
        post(id, "purchase");
        JsonNode contact = state(id);
        assertEquals("conversion", contact.get("phase").asText());
        assertEquals("customer", contact.get("lifecycle").asText());
    }

    @Test
    void completing_the_onboarding_or_renewing_moves_to_loyalty() throws Exception {
        String onboarded = contact("\"phase\": \"conversion\"");
        post(onboarded, "onboarding-complete");
        assertPhase("loyalty", onboarded);
        String renewed = contact("\"phase\": \"conversion\"");
        post(renewed, "renewal");
        assertPhase("loyalty", renewed);
        assertEquals("customer", status(renewed));
    }

    @Test
    void five_engagements_after_the_purchase_move_to_loyalty_and_four_do_not() throws Exception {
        String id = contact("\"phase\": \"intent-to-purchase\"");
        post(id, "purchase", "support-ticket", "page-view", "newsletter-open", "support-ticket");
        assertPhase("conversion", id);
        post(id, "page-view");
        assertPhase("loyalty", id);
        assertEquals("Repeated use after the purchase: loyalty", last(state(id), "phase").get("rule").asText());
    }

    @Test
    void a_review_or_a_referral_moves_to_advocacy() throws Exception {
        String reviewer = contact("\"phase\": \"loyalty\"");
        post(reviewer, "review");
        assertPhase("advocacy", reviewer);
        String referrer = contact("\"phase\": \"loyalty\"");
        post(referrer, "referral");
        assertPhase("advocacy", referrer);
    }

    @Test
    void inferred_phases_never_move_back_and_the_cms_phase_is_where_inference_continues() throws Exception {
        String loyal = contact("\"phase\": \"loyalty\"");
        post(loyal, "content-view:" + item("format=blog-post"), "newsletter-signup", "download:" + item("format=whitepaper"));
        assertPhase("loyalty", loyal);

        String id = contact("\"phase\": \"consideration\"");
        post(id, "demo-request");
        JsonNode history = state(id).get("history");
        assertEquals("Set by the CMS", history.get(0).get("rule").asText());
        assertEquals("consideration", history.get(1).get("from").asText());
        assertEquals("intent-to-purchase", history.get(1).get("to").asText());
    }

    // ---------------------------------------------------------------- statuses and score

    @Test
    void a_form_makes_a_subscriber_a_lead() throws Exception {
        String id = contact();
        post(id, "newsletter-signup");
        post(id, "form-submit");
        JsonNode change = last(state(id), "status");
        assertEquals("subscriber", change.get("from").asText());
        assertEquals("lead", change.get("to").asText());
        assertEquals("Form submitted: lead", change.get("rule").asText());
    }

    @Test
    void a_lead_becomes_marketing_qualified_at_the_event_that_lifts_the_score_to_40() throws Exception {
        String id = contact();
        Instant at = NOW.minusSeconds(3600); // all at once: no decay between the events
        // 10 + 10 + 5 + 5 = 30 points: a lead, not yet qualified
        post(at, 0, id, "form-submit", "pricing-view", "webinar-registration", "newsletter-signup");
        assertEquals("lead", status(id));
        assertEquals(30.0, state(id).get("leadScore").asDouble(), 0.1);
        JsonNode receipt = post(at, 0, id, "pricing-view");
        assertEquals("mql", receipt.get("lifecycle").asText());
        JsonNode change = last(state(id), "status");
        assertEquals("Lead score reached: marketing-qualified", change.get("rule").asText());
        assertEquals("The lead score reached 40", change.get("reason").asText());
        assertEquals("ev-" + eventIds.get(), change.get("eventId").asText(), "the change names the event that caused it");
    }

    @Test
    void a_subscriber_with_a_high_score_is_no_marketing_qualified_lead_without_a_form() throws Exception {
        String id = contact();
        post(id, "newsletter-signup", "pricing-view", "pricing-view", "pricing-view", "pricing-view");
        assertTrue(state(id).get("leadScore").asDouble() >= 40);
        assertEquals("subscriber", status(id));
    }

    @Test
    void a_lead_reading_proof_becomes_marketing_qualified_and_a_sales_contact_makes_it_sales_qualified() throws Exception {
        String id = contact();
        post(id, "form-submit");
        post(id, "content-view:" + item("format=case-study"));
        assertEquals("mql", status(id));
        assertEquals("Proof content read: marketing-qualified", last(state(id), "status").get("rule").asText());
        post(id, "sales-contact");
        assertEquals("sql", status(id));
    }

    @Test
    void the_lead_score_halves_after_thirty_days_and_the_order_of_arrival_does_not_matter() throws Exception {
        String id = contact();
        postAt(NOW.minusSeconds(30L * 24 * 3600), id, "form-submit");
        assertEquals(5.0, state(id).get("leadScore").asDouble(), 0.01, "10 points 30 days ago");

        // the same events sent newest first and oldest first
        Instant[] times = {NOW.minusSeconds(40L * 24 * 3600), NOW.minusSeconds(10L * 24 * 3600), NOW.minusSeconds(3600)};
        String inOrder = contact();
        String reversed = contact();
        for (Instant time : times) postAt(time, inOrder, "pricing-view");
        for (int i = times.length - 1; i >= 0; i--) postAt(times[i], reversed, "pricing-view");
        double expected = 10 * (Math.pow(0.5, 40 / 30.0) + Math.pow(0.5, 10 / 30.0) + Math.pow(0.5, (1 / 24.0) / 30.0));
        assertEquals(expected, state(inOrder).get("leadScore").asDouble(), 0.01);
        assertEquals(expected, state(reversed).get("leadScore").asDouble(), 0.01);
    }

    @Test
    void every_change_has_a_date_a_rule_a_reason_in_the_contacts_language_and_the_event() throws Exception {
        String id = "j-" + UUID.randomUUID();
        app.contacts("PUT", "/api/v1/contacts/" + id, EventJson.profile("finance", "de"));
        Instant at = NOW.minusSeconds(7200);
        postAt(at, id, "demo-request");
        JsonNode contact = state(id);
        JsonNode phase = last(contact, "phase");
        assertEquals(at.toString(), phase.get("at").asText());
        assertEquals("Hat eine Demo angefragt", phase.get("reason").asText());
        assertEquals("ev-" + eventIds.get(), phase.get("eventId").asText());
        JsonNode points = contact.get("recentScoreChanges").get(0);
        assertEquals(25.0, points.get("points").asDouble());
        assertEquals("Demo requested: 25 points", points.get("rule").asText());
        assertFalse(contact.get("history").toString().contains("\"change\":\"score\""), "points are listed apart from the history");
    }

    // ---------------------------------------------------------------- contact policy

    @Test
    void an_item_shown_three_times_without_a_click_is_paused_for_30_days_and_not_recommended() throws Exception {
        String id = contact("\"phase\": \"consideration\"");
        String top = app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?limit=1", null).json()
                .get("recommendations").get(0).get("id").asText();
        post(id, "recommendation-impression:" + top, "recommendation-impression:" + top);
        assertTrue(state(id).get("paused").isEmpty(), "twice is not yet too often");

        Instant third = NOW.minusSeconds(600);
        postAt(third, id, "recommendation-impression:" + top);
        JsonNode contact = state(id);
        JsonNode pause = contact.get("paused").get(0);
        assertEquals(top, pause.get("itemId").asText());
        assertEquals(third.plusSeconds(30L * 24 * 3600).toString(), pause.get("until").asText());
        assertEquals("Ignored recommendations take a break", pause.get("rule").asText());
        assertEquals("Shown 3 times without a click", pause.get("reason").asText());
        assertEquals(top, last(contact, "pause").get("to").asText());

        JsonNode explained = app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?limit=5&explain=true", null).json();
        assertFalse(explained.get("recommendations").toString().contains("\"id\":\"" + top + "\""));
        JsonNode excluded = null;
        for (JsonNode e : explained.get("excluded")) if (e.get("id").asText().equals(top)) excluded = e;
        assertNotNull(excluded, explained.get("excluded").toString());
        assertEquals("Ignored recommendations take a break", excluded.get("rule").asText());
        assertTrue(excluded.get("explanation").asText().contains("paused until 2026-12-23"), excluded.toString());
    }

    @Test
    void a_click_between_impressions_starts_the_count_afresh() throws Exception {
        String id = contact();
        String[] items = EventJson.catalog(app, "format=blog-post").stream().limit(2).map(i -> i.get("id").asText()).toArray(String[]::new);
        post(id, "recommendation-impression:" + items[0], "recommendation-impression:" + items[0], "content-view:" + items[0],
                "recommendation-impression:" + items[0], "recommendation-impression:" + items[0],
                "recommendation-impression:" + items[1], "recommendation-impression:" + items[1]);
        assertTrue(state(id).get("paused").isEmpty(), state(id).get("paused").toString());
    }

    @Test
    void a_pause_ends_after_30_days_and_the_item_is_recommended_again() throws Exception {
        String id = contact("\"phase\": \"consideration\"");
        String top = app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?limit=1", null).json()
                .get("recommendations").get(0).get("id").asText();
        postAt(NOW.minusSeconds(31L * 24 * 3600), id, "recommendation-impression:" + top, "recommendation-impression:" + top,
                "recommendation-impression:" + top);
        JsonNode contact = state(id);
        assertTrue(contact.get("paused").isEmpty(), "the pause is over");
        assertEquals(top, last(contact, "pause").get("to").asText(), "it is still in the history");
        assertEquals(top, app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?limit=1", null).json()
                .get("recommendations").get(0).get("id").asText());
    }
}
