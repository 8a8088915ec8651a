package de.wegweiser.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.util.List;

/** The one JSON mapper of the API, and strict body parsing with readable syntax errors. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {}

    /**
     * Writes the body as UTF-8 JSON bytes. Unlike {@code ctx.json}, which builds a String and then
     * encodes it, this encodes once: a recommendation answer is about 20 KB, on every page view.
     */
    static void respond(Context ctx, Object body) {
        try {
            ctx.contentType(ContentType.APPLICATION_JSON).result(MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** The request body as a JSON tree; malformed JSON is a 400 naming line and column. */
    static JsonNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes(); // enforces the request size limit (413)
        if (bytes.length == 0) {
            throw ApiException.badRequest(List.of(new FieldError("$", "the request body is empty; send a JSON object")));
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " at line %d, column %d".formatted(at.getLineNr(), at.getColumnNr());
            String reason = e.getOriginalMessage().lines().findFirst().orElse("").replaceAll("\\s*\\(start marker.*$", "");
            throw new ApiException(400, "Malformed JSON", "the body is not valid JSON" + where + ": " + reason, List.of());
        } catch (java.io.IOException e) {
            throw new ApiException(400, "Unreadable body", "the request body could not be read", List.of());
        }
    }
}
