package de.wegweiser.http;

import static de.wegweiser.http.ProblemAssert.fieldError;
import static de.wegweiser.http.ProblemAssert.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values that parse but make no sense: times out of any window, a content view without an item, ids without bounds. */
class BadInputTest {

    private static final String CONTACT = "{\"id\": \"c-1\", \"role\": \"it\", \"phase\": \"awareness\"}";

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    private static String contact() throws Exception {
        String id = "c-" + UUID.randomUUID();
        assertEquals(201, app.contacts("PUT", "/api/v1/contacts/" + id, "{\"role\": \"it\"}").status());
        return id;
    }

    private static Response event(String id, String json) throws Exception {
        return app.contacts("POST", "/api/v1/contacts/" + id + "/events", json);
    }

    private static int storedEvents(String id) throws Exception {
        return app.contacts("GET", "/api/v1/contacts/" + id, null).json().path("events").asInt();
    }

    // ---------------------------------------------------------------- event times

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-999999999-01-01T00:00:00Z", "-1000000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z"})
    void an_event_before_2000_is_400_naming_the_field_and_the_window_and_moves_nothing(String at) throws Exception {
        String id = contact();
        Response response = event(id, "{\"id\": \"e-1\", \"type\": \"download\", \"at\": \"%s\", \"itemId\": \"wp-roi-calculation\"}".formatted(at));
        fieldError(problem(response, 400), "at", "lies before 2000-01-01T00:00:00Z", "events lie from 2000-01-01T00:00:00Z to 5 minutes after");
        JsonNode stored = app.contacts("GET", "/api/v1/contacts/" + id, null).json();
        assertEquals(0, stored.path("events").asInt(), stored.toString());
    }

    /** Found by the contract fuzz: the next request on the same connection got no answer. */
    @Test
    void a_request_jetty_refuses_is_answered_with_connection_close_so_no_client_reuses_the_closed_connection() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(app.app().port(), "POST /api/v1/contacts/%00/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        problem(answer, 400);
        assertEquals("close", answer.header("Connection"));
    }

    @Test
    void an_event_at_the_start_of_2000_or_just_now_is_accepted() throws Exception {
        String id = contact(); // the test clock says 2026-11-23T09:00:00Z
        assertEquals(200, event(id, "{\"id\": \"e-1\", \"type\": \"page-view\", \"at\": \"2000-01-01T00:00:00Z\"}").status());
        assertEquals(200, event(id, "{\"id\": \"e-2\", \"type\": \"page-view\", \"at\": \"2026-11-23T09:04:00Z\"}").status());
        fieldError(problem(event(id, "{\"id\": \"e-3\", \"type\": \"page-view\", \"at\": \"+1000000-01-01T00:00:00Z\"}"), 400),
                "at", "events may be at most 5 minutes ahead");
        assertEquals(2, storedEvents(id));
    }

    // ---------------------------------------------------------------- content views need an item

    @Test
    void a_content_view_with_an_explicit_null_item_is_400_and_nothing_is_stored() throws Exception {
        String id = contact();
        Response response = event(id, "{\"id\": \"e-1\", \"type\": \"content-view\", \"at\": \"2026-11-20T10:00:00Z\", \"itemId\": null}");
        fieldError(problem(response, 400), "itemId", "a content-view is about a catalog item");
        assertEquals(0, storedEvents(id));
        assertEquals(200, event(id, "{\"id\": \"e-2\", \"type\": \"page-view\", \"at\": \"2026-11-20T10:00:00Z\", \"itemId\": null}").status(),
                "an event that needs no item may say so with null");
    }

    @Test
    void an_item_id_longer_than_200_characters_is_400_before_it_is_looked_up() throws Exception {
        String id = contact();
        Response response = event(id, "{\"id\": \"e-1\", \"type\": \"content-view\", \"at\": \"2026-11-20T10:00:00Z\", \"itemId\": \"%s\"}"
                .formatted("x".repeat(201)));
        fieldError(problem(response, 400), "itemId", "at most 200 characters");
    }

    // ---------------------------------------------------------------- numbers

    @Test
    void a_limit_of_two_to_the_64_plus_one_is_400_not_read_as_one() throws Exception {
        JsonNode problem = problem(app.post("/api/v1/recommendations", "{\"contact\": %s, \"limit\": 18446744073709551617}".formatted(CONTACT)), 400);
        fieldError(problem, "limit", "whole number from 1 to 50", "18446744073709551617");
        fieldError(problem(app.post("/api/v1/recommendations", "{\"contact\": %s, \"limit\": 4294967297}".formatted(CONTACT)), 400), "limit", "from 1 to 50");
    }

    // ---------------------------------------------------------------- ids and names

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"id", "account", "industry"})
    void a_contact_name_field_over_200_characters_with_control_characters_or_half_a_character_is_400_naming_it(String field)
            throws Exception {
        String[] bad = {"x".repeat(201), "acme\\u0007", "acme\\u0000", "acme\\ud800", "\\udc00acme"};
        for (String value : bad) {
            Response response = app.post("/api/v1/recommendations", "{\"contact\": " + contactWith(field, value) + "}");
            fieldError(problem(response, 400), "contact." + field, "at most 200 characters of valid Unicode without control characters");
        }
        Response fine = app.post("/api/v1/recommendations", "{\"contact\": " + contactWith(field, "Ä".repeat(100) + "\\ud83d\\ude00") + "}");
        assertEquals(200, fine.status(), "a whole character outside the BMP (a surrogate pair) is fine: " + fine.text());
    }

    /** A stateless contact with one field set to a value written into the JSON as it is, escapes included. */
    private static String contactWith(String field, String value) {
        String id = field.equals("id") ? value : "c-1";
        String extra = field.equals("id") ? "" : ", \"%s\": \"%s\"".formatted(field, value);
        return "{\"id\": \"%s\", \"role\": \"it\", \"phase\": \"awareness\"%s}".formatted(id, extra);
    }

    @Test
    void a_stored_profile_with_half_a_character_in_its_account_is_400() throws Exception {
        Response response = app.contacts("PUT", "/api/v1/contacts/c-" + UUID.randomUUID(), "{\"role\": \"it\", \"account\": \"acme\\ud800\"}");
        fieldError(problem(response, 400), "account", "valid Unicode");
    }

    // ---------------------------------------------------------------- query strings

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"format=%ZZ", "format=%2", "format=whitepaper&phase=%", "%ZZ=x"})
    void a_catalog_filter_that_is_not_valid_url_encoding_is_400_not_ignored(String query) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(app.app().port(), "GET /api/v1/catalog?%s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".formatted(query));
        JsonNode problem = problem(answer, 400);
        String field = query.startsWith("%") ? "%ZZ" : query.contains("phase") ? "phase" : "format";
        fieldError(problem, field, "is not valid URL encoding");
    }
}
