package de.wegweiser.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import de.wegweiser.storage.TestStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The contact API against the real app, on the embedded database and, in CI, on PostgreSQL. */
@ParameterizedClass
@MethodSource("backends")
class ContactApiTest {

    static final String AT = "2026-11-20T10:00:00Z";

    @Parameter
    TestStorage.Backend backend;

    static TestApp app;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @BeforeParameterizedClassInvocation
    static void start(TestStorage.Backend backend) throws Exception {
        app = TestApp.start(backend);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (app != null) app.close();
    }

    private static String newId() {
        return "c-" + UUID.randomUUID();
    }

    private static Response put(String id, String body) throws Exception {
        return app.contacts("PUT", "/api/v1/contacts/" + id, body);
    }

    private static Response get(String id) throws Exception {
        return app.contacts("GET", "/api/v1/contacts/" + id, null);
    }

    private static Response events(String id, String body) throws Exception {
        return app.contacts("POST", "/api/v1/contacts/" + id + "/events", body);
    }

    private static String created(String role, String language, String... fields) throws Exception {
        String id = newId();
        Response response = put(id, EventJson.profile(role, language, fields));
        assertEquals(201, response.status(), response.text());
        return id;
    }

    private static void assertProblem(Response response, int status, String field, String messagePart) {
        assertEquals(status, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        JsonNode problem = response.json();
        assertEquals(status, problem.get("status").asInt());
        if (field == null) return;
        for (JsonNode error : problem.path("errors")) {
            if (error.get("field").asText().equals(field) && error.get("message").asText().contains(messagePart)) return;
        }
        throw new AssertionError("no error for field " + field + " containing '" + messagePart + "' in " + problem);
    }

    // ---------------------------------------------------------------- profile

    @Test
    void put_creates_a_contact_with_201_and_put_again_updates_the_profile_with_200() throws Exception {
        String id = newId();
        Response created = put(id, EventJson.profile("finance", "en", "\"concerns\": [\"roi\"]", "\"account\": \"acme\"",
                "\"industry\": \"automotive\", \"topics\": [\"financing\"]"));
        assertEquals(201, created.status(), created.text());
        JsonNode contact = created.json();
        assertEquals(id, contact.get("id").asText());
        assertEquals("finance", contact.get("role").asText());
        assertEquals("[\"roi\"]", contact.get("concerns").toString());
        assertEquals("[\"financing\"]", contact.get("topics").toString());
        assertEquals("acme", contact.get("account").asText());
        assertEquals("non-awareness", contact.get("phase").asText(), "a new contact starts before the journey");
        assertFalse(contact.has("lifecycle"), "no status until a rule or the CMS sets one");
        assertEquals(0.0, contact.get("leadScore").asDouble());

        Response updated = put(id, EventJson.profile("head-of-sales", "de", "\"concerns\": [\"price\", \"efficiency\"]"));
        assertEquals(200, updated.status(), updated.text());
        JsonNode again = get(id).json();
        assertEquals("head-of-sales", again.get("role").asText());
        assertEquals("[\"efficiency\",\"price\"]", again.get("concerns").toString());
        assertEquals("de", again.get("language").asText());
        assertFalse(again.has("account"), "PUT replaces the profile");
        assertEquals(contact.get("createdAt"), again.get("createdAt"));
    }

    @Test
    void a_phase_and_status_set_by_the_cms_are_kept_and_recorded_in_the_history() throws Exception {
        String id = newId();
        put(id, EventJson.profile("it", "en", "\"phase\": \"evaluation\"", "\"lifecycle\": \"mql\""));
        JsonNode contact = get(id).json();
        assertEquals("consideration", contact.get("phase").asText(), "aliases from other phase models are accepted");
        assertEquals("mql", contact.get("lifecycle").asText());
        JsonNode history = contact.get("history");
        assertEquals(2, history.size(), history.toString());
        assertEquals("Set by the CMS", history.get(0).get("rule").asText());
        assertEquals("non-awareness", history.get(0).get("from").asText());
        assertEquals("consideration", history.get(0).get("to").asText());
        assertEquals("status", history.get(1).get("change").asText());

        put(id, EventJson.profile("it", "en"));
        JsonNode kept = get(id).json();
        assertEquals("consideration", kept.get("phase").asText(), "left out, the current phase stays");
        assertEquals("mql", kept.get("lifecycle").asText());
        assertEquals(2, kept.get("history").size());
    }

    @Test
    void a_profile_with_unknown_terms_or_fields_is_400_naming_each_field() throws Exception {
        Response response = put(newId(), "{\"role\": \"ceo\", \"concerns\": [\"prise\"], \"phase\": \"nowhere\", \"consumed\": []}");
        assertProblem(response, 400, "role", "unknown role 'ceo'");
        assertProblem(response, 400, "concerns[0]", "did you mean 'price'");
        assertProblem(response, 400, "phase", "unknown phase 'nowhere'");
        assertProblem(response, 400, "consumed", "unknown field");
        assertProblem(put(newId(), "{\"concerns\": []}"), 400, "role", "missing");
        assertProblem(put("c-1", "{\"id\": \"c-2\", \"role\": \"it\"}"), 400, "id", "differs from the id in the path");
        assertProblem(put("c".repeat(201), "{\"role\": \"it\"}"), 400, "id", "1 to 200 characters");
        assertEquals(404, get("c-1").status(), "nothing is created by a bad request");
    }

    @Test
    void an_unknown_contact_is_404_for_reading_events_and_recommendations() throws Exception {
        String id = newId();
        assertProblem(get(id), 404, null, null);
        assertTrue(get(id).json().get("detail").asText().contains("PUT"), "the detail says how to create the contact");
        assertProblem(events(id, EventJson.event("e-1", "page-view", AT, null)), 404, null, null);
        assertProblem(app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations", null), 404, null, null);
    }

    @Test
    void delete_erases_the_contact_with_all_its_events_and_answers_204() throws Exception {
        String id = created("it", "en");
        String whitepaper = EventJson.catalog(app, "format=whitepaper").get(0).get("id").asText();
        assertEquals(200, events(id, EventJson.event("e-1", "download", AT, whitepaper)).status());
        assertEquals(1, get(id).json().get("events").asInt());

        Response deleted = app.contacts("DELETE", "/api/v1/contacts/" + id, null);
        assertEquals(204, deleted.status(), deleted.text());
        assertEquals("", deleted.text());
        assertEquals(404, get(id).status());
        assertEquals(204, app.contacts("DELETE", "/api/v1/contacts/" + id, null).status(), "erasing twice is fine");

        // a contact with the same id starts from nothing: the old event id is free again
        put(id, EventJson.profile("it", "en"));
        JsonNode fresh = get(id).json();
        assertEquals(0, fresh.get("events").asInt());
        assertEquals(0, fresh.get("consumed").size());
        assertEquals(0, fresh.get("history").size());
        JsonNode receipt = events(id, EventJson.event("e-1", "page-view", AT, null)).json();
        assertEquals(1, receipt.get("stored").asInt(), receipt.toString());
    }

    // ---------------------------------------------------------------- events

    @Test
    void one_event_or_a_batch_is_stored_and_the_receipt_shows_the_new_state() throws Exception {
        String id = created("it", "en");
        JsonNode one = events(id, EventJson.event("e-1", "page-view", AT, null)).json();
        assertEquals(id, one.get("contactId").asText());
        assertEquals("[{\"id\":\"e-1\",\"status\":\"stored\"}]", one.get("events").toString());
        assertTrue(one.get("leadScore").asDouble() > 0, one.toString());

        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 2; i <= 4; i++) batch.add(EventJson.node("e-" + i, "newsletter-open", AT, null));
        JsonNode three = events(id, EventJson.batch(batch)).json();
        assertEquals(3, three.get("received").asInt());
        assertEquals(3, three.get("stored").asInt());
        assertEquals(4, get(id).json().get("events").asInt());
    }

    @Test
    void the_same_event_sent_twice_is_stored_once() throws Exception {
        String id = created("it", "en");
        String event = EventJson.event("e-1", "pricing-view", AT, null);
        JsonNode first = events(id, event).json();
        JsonNode second = events(id, event).json();
        assertEquals("stored", first.get("events").get(0).get("status").asText());
        assertEquals("duplicate", second.get("events").get(0).get("status").asText());
        assertEquals(first.get("leadScore"), second.get("leadScore"), "a duplicate earns no points");
        JsonNode contact = get(id).json();
        assertEquals(1, contact.get("events").asInt());
        assertEquals(1, contact.get("recentScoreChanges").size());

        // within one batch too, and next to a new event
        JsonNode batch = events(id, EventJson.batch(List.of(EventJson.node("e-1", "pricing-view", AT, null),
                EventJson.node("e-2", "page-view", AT, null), EventJson.node("e-2", "page-view", AT, null)))).json();
        assertEquals("[{\"id\":\"e-1\",\"status\":\"duplicate\"},{\"id\":\"e-2\",\"status\":\"stored\"},{\"id\":\"e-2\",\"status\":\"duplicate\"}]",
                batch.get("events").toString());
        assertEquals(2, get(id).json().get("events").asInt());
    }

    @Test
    void the_same_event_id_with_another_payload_is_409_naming_the_fields_and_nothing_of_the_request_is_stored() throws Exception {
        String id = created("it", "en");
        events(id, EventJson.event("e-1", "page-view", AT, null));
        JsonNode before = get(id).json();

        Response conflict = events(id, EventJson.batch(List.of(EventJson.node("e-2", "demo-request", AT, null),
                EventJson.node("e-1", "pricing-view", "2026-11-20T10:00:01Z", null))));
        assertProblem(conflict, 409, "events[1].type", "stored 'page-view', sent 'pricing-view'");
        assertProblem(conflict, 409, "events[1].at", "stored '2026-11-20T10:00:00Z'");
        assertTrue(conflict.json().get("detail").asText().contains("'e-1'"));

        JsonNode after = get(id).json();
        assertEquals(before.get("events"), after.get("events"), "e-2 was not stored either");
        assertEquals(before.get("phase"), after.get("phase"));
        assertEquals(before.get("history"), after.get("history"));
        String item = EventJson.catalog(app, "format=blog-post").get(0).get("id").asText();
        assertProblem(events(id, EventJson.event("e-1", "page-view", AT, item)), 409, "itemId", "stored nothing, sent '" + item + "'");
    }

    @Test
    void an_unknown_event_type_is_400_naming_the_field_and_nothing_is_stored() throws Exception {
        String id = created("it", "en");
        Response response = events(id, EventJson.batch(List.of(EventJson.node("e-1", "page-view", AT, null),
                EventJson.node("e-2", "page-veiw", AT, null))));
        assertProblem(response, 400, "events[1].type", "did you mean 'page-view'");
        assertEquals(21, response.json().get("errors").get(0).get("allowed").size(), "the allowed event types are listed");
        assertEquals(0, get(id).json().get("events").asInt(), "the valid event of the batch was not stored either");
        assertProblem(events(id, EventJson.event("e-3", "visit", AT, null)), 400, "type", "unknown event type 'visit'");
    }

    @Test
    void an_unknown_item_id_is_400_with_the_nearest_known_id() throws Exception {
        String id = created("it", "en");
        String item = EventJson.catalog(app, "format=whitepaper").get(0).get("id").asText();
        Response response = events(id, EventJson.event("e-1", "download", AT, item + "x"));
        assertProblem(response, 400, "itemId", "did you mean '" + item + "'");
        assertProblem(events(id, EventJson.event("e-2", "content-view", AT, null)), 400, "itemId", "a content-view is about a catalog item");
        assertEquals(0, get(id).json().get("events").asInt());
    }

    @Test
    void a_time_beyond_five_minutes_in_the_future_is_400_and_one_within_is_accepted() throws Exception {
        String id = created("it", "en");
        // the test clock says 2026-11-23T09:00:00Z
        assertProblem(events(id, EventJson.event("e-1", "page-view", "2026-11-23T09:05:01Z", null)), 400, "at",
                "events may be at most 5 minutes ahead");
        assertProblem(events(id, EventJson.event("e-2", "page-view", "2026-11-24T09:00:00Z", null)), 400, "at", "lies 1 day after");
        assertProblem(events(id, EventJson.event("e-3", "page-view", "2026-11-23 09:00", null)), 400, "at", "ISO 8601");
        assertProblem(events(id, "{\"id\": \"e-4\", \"type\": \"page-view\"}"), 400, "at", "missing");
        assertEquals(0, get(id).json().get("events").asInt());
        assertEquals(200, events(id, EventJson.event("e-5", "page-view", "2026-11-23T10:04:00+01:00", null)).status(),
                "an offset other than Z is fine");
    }

    @Test
    void a_batch_over_500_events_is_400_naming_events_and_nothing_is_stored() throws Exception {
        String id = created("it", "en");
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 501; i++) batch.add(EventJson.node("e-" + i, "page-view", AT, null));
        assertProblem(events(id, EventJson.batch(batch)), 400, "events", "at most 500 events per request; got 501");
        assertEquals(0, get(id).json().get("events").asInt());
        assertEquals(200, events(id, EventJson.batch(batch.subList(0, 500))).status(), "500 are fine");
        assertEquals(500, get(id).json().get("events").asInt());
    }

    @Test
    void malformed_event_bodies_are_400_naming_the_field() throws Exception {
        String id = created("it", "en");
        assertProblem(events(id, "{\"events\": []}"), 400, "events", "1 to 500 events");
        assertProblem(events(id, "[1, 2]"), 400, "$", "one event object");
        assertProblem(events(id, "{\"id\": \"e-1\", \"type\": \"page-view\", \"at\": \"" + AT + "\", \"item\": \"x\"}"), 400, "item", "unknown field");
        assertProblem(events(id, "{\"type\": \"page-view\", \"at\": \"" + AT + "\"}"), 400, "id", "missing");
        assertProblem(events(id, "{\"events\": [\"page-view\"]}"), 400, "events[0]", "must be an event object");
        assertEquals(0, get(id).json().get("events").asInt());
    }

    // ---------------------------------------------------------------- recommendations

    @Test
    void recommendations_by_id_are_those_for_the_stored_profile_state_and_consumed_items() throws Exception {
        String id = created("finance", "en", "\"concerns\": [\"roi\"]", "\"phase\": \"consideration\"", "\"lifecycle\": \"lead\"");
        String stateless = "{\"id\": \"%s\", \"role\": \"finance\", \"phase\": \"consideration\", \"language\": \"en\", \"concerns\": [\"roi\"], \"lifecycle\": \"lead\"%s}";
        JsonNode before = app.recommend(stateless.formatted(id, ""), 5);
        String top = before.get("recommendations").get(0).get("id").asText();

        events(id, EventJson.event("e-1", "content-view", AT, top));
        Response byId = app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?limit=5", null);
        assertEquals(200, byId.status(), byId.text());
        JsonNode expected = app.recommend(stateless.formatted(id, ", \"consumed\": [\"" + top + "\"]"), 5);
        assertEquals(expected.get("recommendations"), byId.json().get("recommendations"));
        assertEquals(id, byId.json().get("contactId").asText());
        assertFalse(byId.text().contains("\"id\":\"" + top + "\""), "consumed content never comes back");
        assertEquals(5, byId.json().get("recommendations").size());
    }

    @Test
    void recommendations_by_id_check_limit_and_explain_and_name_the_rule_of_an_exclusion() throws Exception {
        String id = created("it", "de");
        String item = EventJson.catalog(app, "format=blog-post&language=de").get(0).get("id").asText();
        events(id, EventJson.event("e-1", "content-view", AT, item));
        JsonNode explained = app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?limit=3&explain=true", null).json();
        assertEquals(3, explained.get("recommendations").size());
        JsonNode excluded = null;
        for (JsonNode e : explained.get("excluded")) if (e.get("id").asText().equals(item)) excluded = e;
        assertNotNull(excluded, "the consumed item is listed as excluded");
        assertEquals("Never offer consumed content again", excluded.get("rule").asText());
        assertProblem(app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?limit=0", null), 400, "limit", "from 1 to 50");
        assertProblem(app.contacts("GET", "/api/v1/contacts/" + id + "/recommendations?explain=maybe", null), 400, "explain", "true or false");
    }

    // ---------------------------------------------------------------- API keys

    @Test
    void every_contact_endpoint_answers_401_without_an_api_key_or_with_an_unknown_one() throws Exception {
        String id = created("it", "en");
        String[][] calls = {{"GET", "/api/v1/contacts/" + id}, {"PUT", "/api/v1/contacts/" + id}, {"DELETE", "/api/v1/contacts/" + id},
                {"POST", "/api/v1/contacts/" + id + "/events"}, {"GET", "/api/v1/contacts/" + id + "/recommendations"}};
        for (String[] call : calls) {
            for (String key : new String[] {null, "not-a-key-but-long-enough", TestApp.API_KEY + "x"}) {
                var request = java.net.http.HttpRequest.newBuilder(app.uri(call[1]))
                        .method(call[0], java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\": \"it\"}"));
                if (key != null) request.header(TestApp.API_KEY_HEADER, key);
                Response response = app.send(request.build());
                assertProblem(response, 401, null, null);
            }
        }
        assertEquals(200, get(id).status(), "nothing was changed or erased");
        assertEquals(200, app.post("/api/v1/recommendations", "{\"contact\": {\"id\": \"x\", \"role\": \"it\", \"phase\": \"awareness\"}}").status(),
                "the stateless endpoint stays open by default");
    }
}
