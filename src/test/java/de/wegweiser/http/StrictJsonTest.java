package de.wegweiser.http;

import static de.wegweiser.http.ProblemAssert.fieldError;
import static de.wegweiser.http.ProblemAssert.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Request bodies are JSON as RFC 8259 has it, in UTF-8, sent as application/json; anything else
 * is refused in words, naming the field where there is one, never with the JSON library's text.
 */
class StrictJsonTest {

    private static final String PATH = "/api/v1/recommendations";
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

    private static Response post(byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(PATH)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) request.header("Content-Type", contentType);
        return app.send(request.build());
    }

    private static String detail(Response response, int status) {
        return problem(response, status).path("detail").asText();
    }

    @Test
    void json_nested_deeper_than_100_levels_is_400_saying_so_in_words() throws Exception {
        String deep = "{\"contact\": " + CONTACT + ", \"x\": " + "[".repeat(150) + "]".repeat(150) + "}";
        String detail = detail(app.post(PATH, deep), 400);
        assertTrue(detail.contains("nested deeper than 100 levels"), detail);
        String fine = "{\"contact\": " + CONTACT + ", \"x\": " + "[".repeat(50) + "]".repeat(50) + "}";
        fieldError(problem(app.post(PATH, fine), 400), "x", "unknown field"); // deep enough to parse, then an unknown field
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void nan_and_infinity_are_400_naming_the_field(String number) throws Exception {
        JsonNode problem = problem(app.post(PATH, "{\"contact\": %s, \"limit\": %s}".formatted(CONTACT, number)), 400);
        fieldError(problem, "limit", "NaN and Infinity are not numbers in JSON");
    }

    @Test
    void a_number_too_large_for_a_double_is_400_as_a_number_out_of_range_not_as_infinity() throws Exception {
        JsonNode problem = problem(app.post(PATH, "{\"contact\": %s, \"limit\": 1e400}".formatted(CONTACT)), 400);
        fieldError(problem, "limit", "whole number from 1 to 50");
    }

    @Test
    void a_number_with_more_than_100_digits_is_400_naming_the_field() throws Exception {
        JsonNode problem = problem(app.post(PATH, "{\"contact\": %s, \"limit\": %s}".formatted(CONTACT, "9".repeat(101))), 400);
        fieldError(problem, "limit", "more than 100 digits");
    }

    @Test
    void a_body_that_is_not_utf8_is_400_saying_so_in_words() throws Exception {
        byte[] latin1 = "{\"contact\": {\"id\": \"Müller\", \"role\": \"it\", \"phase\": \"awareness\"}}".getBytes(StandardCharsets.ISO_8859_1);
        String detail = detail(post(latin1, "application/json"), 400);
        assertTrue(detail.contains("the body is not UTF-8"), detail);

        String body = "{\"contact\": " + CONTACT + "}";
        for (Charset utf16 : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE}) {
            detail = detail(post(body.getBytes(utf16), "application/json"), 400); // UTF_16 writes a byte order mark
            assertTrue(detail.contains("the body is not UTF-8"), utf16 + ": " + detail);
        }
        assertEquals(200, post(body.getBytes(StandardCharsets.UTF_8), "application/json").status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {" {}", " x", " 5", " []", " \"text\"", "garbage"})
    void anything_after_the_json_object_is_400(String trailing) throws Exception {
        String detail = detail(app.post(PATH, "{\"contact\": " + CONTACT + "}" + trailing), 400);
        assertTrue(detail.contains("goes on after its JSON value"), detail);
        assertTrue(detail.contains("line 1, column"), detail);
    }

    @Test
    void a_field_sent_twice_in_one_object_is_400_naming_it() throws Exception {
        fieldError(problem(app.post(PATH, "{\"contact\": %s, \"limit\": 99, \"limit\": 2}".formatted(CONTACT)), 400),
                "limit", "appears more than once");
        String twiceInContact = "{\"contact\": {\"id\": \"c-1\", \"role\": \"it\", \"role\": \"finance\", \"phase\": \"awareness\"}}";
        fieldError(problem(app.post(PATH, twiceInContact), 400), "contact.role", "appears more than once");
    }

    @Test
    void malformed_json_is_400_in_words_with_line_and_column_and_no_library_text() throws Exception {
        String detail = detail(app.post(PATH, "{\"contact\": " + CONTACT + ",\n \"limit\" 5}"), 400);
        assertTrue(detail.contains("not valid JSON at line 2, column"), detail);
        detail = detail(app.post(PATH, "{\"contact\": " + CONTACT), 400);
        assertTrue(detail.contains("ends before the JSON does"), detail);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/xml", "application/jsonp"})
    void a_body_sent_as_another_media_type_is_415_naming_application_json(String contentType) throws Exception {
        JsonNode problem = problem(post(("{\"contact\": " + CONTACT + "}").getBytes(StandardCharsets.UTF_8), contentType), 415);
        fieldError(problem, "Content-Type", "must be application/json", contentType);
    }

    @Test
    void a_body_without_content_type_is_415_naming_application_json() throws Exception {
        fieldError(problem(post(("{\"contact\": " + CONTACT + "}").getBytes(StandardCharsets.UTF_8), null), 415),
                "Content-Type", "application/json");
    }

    @Test
    void a_charset_other_than_utf8_is_415_and_utf8_in_any_spelling_is_fine() throws Exception {
        byte[] body = ("{\"contact\": " + CONTACT + "}").getBytes(StandardCharsets.UTF_8);
        fieldError(problem(post(body, "application/json; charset=utf-16"), 415), "Content-Type", "must be UTF-8", "utf-16");
        fieldError(problem(post(body, "application/json;charset=ISO-8859-1"), 415), "Content-Type", "must be UTF-8");
        for (String fine : new String[] {"application/json; charset=utf-8", "Application/JSON;Charset=\"UTF-8\"", "application/json"}) {
            assertEquals(200, post(body, fine).status(), fine);
        }
    }
}
