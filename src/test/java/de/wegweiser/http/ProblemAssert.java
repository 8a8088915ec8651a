package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.util.List;
import java.util.Locale;

/** What every error answer must be: problem+json with the status, in words, naming no library. */
final class ProblemAssert {

    /** Texts that only a library's own message or a stack trace would bring into an answer. */
    private static final List<String> LIBRARY_WORDS = List.of("exception", "com.fasterxml", "jackson", "org.eclipse", "jetty",
            "java.", "feature", "constraints", "getmax", "<html", "\tat ");

    private ProblemAssert() {}

    static JsonNode problem(TestApp.Response response, int status) {
        return problem(response.status(), response.contentType(), response.text(), status);
    }

    static JsonNode problem(RawHttp.Answer answer, int status) {
        java.util.Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        answer.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        de.wegweiser.OpenApiContract.get().checkUnparsed(answer.status(), headers, answer.body());
        return problem(answer.status(), answer.header("Content-Type"), answer.body(), status);
    }

    static JsonNode problem(int actualStatus, String contentType, String text, int status) {
        assertEquals(status, actualStatus, text);
        assertTrue(contentType != null && contentType.startsWith("application/problem+json"), "content type " + contentType + ": " + text);
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : LIBRARY_WORDS) assertFalse(lower.contains(word), "names a library ('" + word + "'): " + text);
        JsonNode json;
        try {
            json = TestApp.JSON.readTree(text);
        } catch (Exception e) {
            return fail("not JSON: " + text);
        }
        assertEquals(status, json.path("status").asInt(), text);
        assertFalse(json.path("title").asText().isBlank(), text);
        assertFalse(json.path("detail").asText().isBlank(), text);
        return json;
    }

    /** The message of the error for {@code field}, which must contain each of the parts. */
    static String fieldError(JsonNode problem, String field, String... parts) {
        for (JsonNode error : problem.path("errors")) {
            if (!error.path("field").asText().equals(field)) continue;
            String message = error.path("message").asText();
            for (String part : parts) assertTrue(message.contains(part), "'" + part + "' not in " + problem);
            return message;
        }
        return fail("no error for field '" + field + "' in " + problem);
    }
}
