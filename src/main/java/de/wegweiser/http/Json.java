package de.wegweiser.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON mapper of the API, and strict body parsing: JSON as RFC 8259 has it, in UTF-8, sent
 * as {@code application/json}. Every refusal is said in this service's words, naming the field
 * where there is one; no text of the JSON library reaches the client.
 */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The only media type request bodies are read as. */
    static final String MEDIA_TYPE = "application/json";
    /** Deepest nesting of arrays and objects in a body; the API's own bodies need 4. */
    static final int MAX_DEPTH = 100;
    /** Most digits of one number; no field takes more than a few, and long ones cost time to convert. */
    static final int MAX_NUMBER_DIGITS = 100;

    /**
     * Reads request bodies. NaN and Infinity are let through the parser only so that they can be
     * refused with the field's name (see {@link #notFinite}); decimals are read exactly, so that
     * 1e400 is a number too large rather than Infinity; a key twice in one object fails.
     */
    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_DIGITS)
                            // no name limit of the parser's own: which limit a StreamConstraintsException is about is then
                            // known without reading its text; RequestReader refuses unknown (and so long) names anyway
                            .maxNameLength((int) HttpApi.MAX_BODY_BYTES).build())
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {}

    /**
     * Writes the body as UTF-8 JSON bytes. Unlike {@code ctx.json}, which builds a String and then
     * encodes it, this encodes once: a recommendation answer is about 20 KB, on every page view.
     */
    static void respond(Context ctx, Object body) {
        ctx.contentType(ContentType.APPLICATION_JSON).result(bytes(body));
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * The request body as a JSON tree: 415 unless sent as {@code application/json} in UTF-8, 400
     * for bytes that are not UTF-8 and for anything that is not exactly one JSON value.
     */
    static JsonNode body(Context ctx) {
        requireJsonMediaType(ctx.header("Content-Type"));
        byte[] bytes = ctx.bodyAsBytes(); // enforces the request size limit (413)
        if (bytes.length == 0) {
            throw ApiException.badRequest(List.of(new FieldError("$", "the request body is empty; send a JSON object")));
        }
        return parse(utf8(bytes));
    }

    /** 415 for any media type but application/json, and for a charset other than UTF-8. */
    static void requireJsonMediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("no Content-Type; send the body as Content-Type: " + MEDIA_TYPE);
        }
        String[] parts = contentType.split(";");
        String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(MEDIA_TYPE)) {
            throw unsupported("Content-Type must be %s; got '%s'".formatted(MEDIA_TYPE, shortened(parts[0].strip())));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter.length == 2 && parameter[0].strip().equalsIgnoreCase("charset")) {
                String charset = parameter[1].strip().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8")) {
                    throw unsupported("the body must be UTF-8: send charset=utf-8 or no charset; got charset=" + shortened(charset));
                }
            }
        }
    }

    private static ApiException unsupported(String message) {
        return new ApiException(415, Problem.title(415), message,
                List.of(new FieldError("Content-Type", message, List.of(MEDIA_TYPE, MEDIA_TYPE + "; charset=utf-8"))));
    }

    /** The bytes as text, if they are UTF-8: RFC 8259 allows no other encoding between systems. */
    static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never has fewer bytes than chars
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (result.isError()) {
            throw malformed("the body is not UTF-8: byte %d does not belong to a UTF-8 character; send JSON in UTF-8"
                    .formatted(in.position() + 1));
        }
        String text = out.flip().toString();
        // NUL is UTF-8, but JSON has it only escaped (\u0000): NUL bytes are what UTF-16 and UTF-32 text look like
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw malformed("the body is not UTF-8: it has NUL bytes (the first at character %d), as UTF-16 and UTF-32 text has; send JSON in UTF-8"
                    .formatted(nul + 1));
        }
        return text;
    }

    /** Exactly one JSON value, or a 400 in words: where, and what is wrong. */
    static JsonNode parse(String text) {
        JsonParser parser;
        try {
            parser = READER.createParser(text);
        } catch (IOException e) {
            throw new IllegalStateException("a parser over a String cannot fail to open", e);
        }
        boolean valueRead = false;
        try (parser) {
            JsonNode tree = READER.readTree(parser);
            valueRead = true;
            // checked here, not with FAIL_ON_TRAILING_TOKENS, so that a token and plain text after the value get one message
            if (parser.nextToken() != null) throw trailing(parser.currentTokenLocation());
            if (tree != null) notFinite(tree, "");
            return tree;
        } catch (StreamConstraintsException e) {
            throw tooBig(parser);
        } catch (MismatchedInputException e) { // reading a tree, only FAIL_ON_READING_DUP_TREE_KEY raises it
            String field = path(parser.getParsingContext());
            throw ApiException.badRequest(List.of(new FieldError(field, "appears more than once in its object; send each field once")));
        } catch (JsonEOFException e) {
            throw malformed("the body ends before the JSON does%s: close every string, array and object".formatted(at(e.getLocation())));
        } catch (JsonProcessingException e) {
            if (valueRead) throw trailing(e.getLocation());
            throw malformed("the body is not valid JSON%s".formatted(at(e.getLocation())));
        } catch (IOException e) {
            throw new ApiException(400, "Unreadable body", "the request body could not be read", List.of());
        }
    }

    private static ApiException trailing(JsonLocation location) {
        return malformed("the body goes on after its JSON value%s; send one JSON object and nothing after it".formatted(at(location)));
    }

    /** The parser's limits are depth and number length (names and strings cannot exceed the body); which, its depth tells. */
    private static ApiException tooBig(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        if (context.getNestingDepth() > MAX_DEPTH) {
            return malformed("the JSON is nested deeper than %d levels%s".formatted(MAX_DEPTH, at(parser.currentLocation())));
        }
        return ApiException.badRequest(List.of(new FieldError(path(context),
                "is a number with more than %d digits; no field takes one".formatted(MAX_NUMBER_DIGITS))));
    }

    /** NaN and Infinity: JavaScript has them, JSON does not. */
    private static void notFinite(JsonNode node, String path) {
        if (node.isNumber() && (node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw ApiException.badRequest(List.of(new FieldError(path.isEmpty() ? "$" : path,
                    "NaN and Infinity are not numbers in JSON; send a number")));
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                notFinite(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) notFinite(node.get(i), path + "[" + i + "]");
        }
    }

    /** The field the parser is at, written as the API's field errors write it: {@code contact.concerns[1]}. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) parts.push("[" + c.getCurrentIndex() + "]");
            else if (c.getCurrentName() != null) parts.push("." + c.getCurrentName());
        }
        String path = String.join("", parts);
        path = path.startsWith(".") ? path.substring(1) : path;
        return path.isEmpty() ? "$" : path;
    }

    private static ApiException malformed(String detail) {
        return new ApiException(400, "Malformed JSON", detail, List.of(new FieldError("$", detail)));
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line %d, column %d".formatted(location.getLineNr(), location.getColumnNr());
    }

    private static String shortened(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
