package de.wegweiser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API's OpenAPI document as a test oracle: every response a test receives is checked for its
 * route, method and status, its media type, its required headers and its body's schema, so the
 * document cannot drift from the code. A route or status the document does not list fails the
 * test that received it.
 *
 * <p>The HTTP layer answers some requests before any route is chosen: an unknown path (404), a
 * method the path does not take (405), and requests Jetty refuses (a broken request line 400, a
 * slow body 408, a body too large 413, a URI or headers too long 414 and 431, an HTTP version
 * other than 1.x 505). The document's description says so; their bodies are checked against its
 * {@code Problem} schema.
 */
public final class OpenApiContract {

    /** Where the document is registered for the schema validator: the $refs inside resolve against it. */
    private static final String BASE = "https://wegweiser.invalid/openapi.json";
    private static final Set<Integer> BEFORE_ROUTING = Set.of(400, 404, 405, 408, 413, 414, 431, 505);
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // the validator warns that the document's top-level keys (openapi, paths, ...) are no schema keywords
        System.setProperty("org.slf4j.simpleLogger.log.com.networknt", "error");
    }

    private static final OpenApiContract INSTANCE = new OpenApiContract(readDocument());

    private final JsonNode document;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private record PathTemplate(String template, Pattern pattern, int literalChars) {}

    private OpenApiContract(JsonNode document) {
        this.document = document;
        for (Iterator<String> names = document.get("paths").fieldNames(); names.hasNext(); ) {
            String template = names.next();
            String regex = Pattern.compile("\\{[^}/]+}").splitAsStream(template).map(Pattern::quote)
                    .reduce((a, b) -> a + "[^/]+" + b).orElse("");
            if (template.endsWith("}")) regex += "[^/]+";
            paths.add(new PathTemplate(template, Pattern.compile(regex), template.replaceAll("\\{[^}]+}", "").length()));
        }
        // a literal path wins over a template that matches it too
        paths.sort((a, b) -> Integer.compare(b.literalChars(), a.literalChars()));
        String text;
        try {
            text = JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(BASE, text))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    public static OpenApiContract get() { return INSTANCE; }

    /** The document as the service reads it, from {@code src/main/resources/openapi.yaml}. */
    public JsonNode document() { return document; }

    public static JsonNode readDocument() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
            if (in == null) throw new IllegalStateException("openapi.yaml is not on the class path");
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documented path template that a request path matches, if any. */
    public Optional<String> template(String path) {
        return paths.stream().filter(p -> p.pattern().matcher(path).matches()).map(PathTemplate::template).findFirst();
    }

    /**
     * Fails with an {@link AssertionError} unless the document lists this answer.
     *
     * @param headers the response headers, by name in any case
     */
    public void check(String method, URI uri, int status, Map<String, List<String>> headers, String body) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        List<String> problems = problems(method.toLowerCase(Locale.ROOT), path, status, headers, body);
        if (!problems.isEmpty()) {
            throw new AssertionError("the answer to %s %s breaks the OpenAPI document (src/main/resources/openapi.yaml):%n  %s%n  status %d, body: %s"
                    .formatted(method, uri, String.join("\n  ", problems), status, excerpt(body)));
        }
    }

    /** For a request that could not be parsed as HTTP at all: only the HTTP layer's problems fit. */
    public void checkUnparsed(int status, Map<String, List<String>> headers, String body) {
        List<String> problems = new ArrayList<>();
        if (!BEFORE_ROUTING.contains(status)) problems.add("status %d is not one the HTTP layer answers before routing".formatted(status));
        else problems.addAll(problemBody(headers, body));
        if (!problems.isEmpty()) {
            throw new AssertionError("the answer to an unparsable request breaks the OpenAPI document: %s; status %d, body: %s"
                    .formatted(problems, status, excerpt(body)));
        }
    }

    private List<String> problems(String method, String path, int status, Map<String, List<String>> headers, String body) {
        Optional<String> template = template(path);
        if (template.isEmpty()) {
            if (status == 404 || (BEFORE_ROUTING.contains(status) && status != 405)) return problemBody(headers, body);
            return List.of("no path of the document matches " + path);
        }
        JsonNode pathItem = document.get("paths").get(template.get());
        JsonNode operation = METHODS.contains(method) ? pathItem.get(method) : null;
        if (operation == null) {
            if (status == 405 || (BEFORE_ROUTING.contains(status) && status != 404)) return problemBody(headers, body);
            return List.of("%s is not documented for %s, and the answer is %d, not 405".formatted(method.toUpperCase(Locale.ROOT), template.get(), status));
        }
        String code = Integer.toString(status);
        JsonNode responses = operation.get("responses");
        String pointer = "/paths/" + escape(template.get()) + "/" + method + "/responses/";
        JsonNode response = responses.get(code);
        if (response == null && responses.has(code.charAt(0) + "XX")) code = code.charAt(0) + "XX";
        response = responses.get(code);
        if (response == null) {
            if (BEFORE_ROUTING.contains(status) && status != 404 && status != 405) return problemBody(headers, body);
            return List.of("status %d is not documented for %s %s; documented: %s"
                    .formatted(status, method.toUpperCase(Locale.ROOT), template.get(), names(responses)));
        }
        pointer += escape(code);
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = at(pointer);
        }
        List<String> problems = new ArrayList<>();
        JsonNode documentedHeaders = response.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = documentedHeaders.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            JsonNode definition = header.getValue().has("$ref") ? at(header.getValue().get("$ref").asText().substring(1)) : header.getValue();
            if (definition.path("required").asBoolean(false) && header(headers, header.getKey()) == null) {
                problems.add("the header %s is required, and missing".formatted(header.getKey()));
            }
        }
        JsonNode content = response.get("content");
        if (content == null || content.isEmpty()) {
            if (body != null && !body.isEmpty()) problems.add("the document lists no body for %d; got one".formatted(status));
            return problems;
        }
        if (method.equals("head")) return problems;
        String mediaType = mediaType(header(headers, "Content-Type"));
        if (!content.has(mediaType)) {
            problems.add("Content-Type %s is not documented for %d; documented: %s".formatted(mediaType, status, names(content)));
            return problems;
        }
        if (mediaType.equals("application/x-ndjson")) { // JSON Lines: the schema is each line's
            String[] lines = body == null ? new String[0] : body.split("\n");
            for (int i = 0; i < lines.length && problems.size() < 10; i++) {
                if (lines[i].isBlank()) continue;
                for (String p : validate(pointer + "/content/" + escape(mediaType) + "/schema", lines[i])) problems.add("line " + (i + 1) + ": " + p);
            }
        } else if (mediaType.endsWith("json")) {
            problems.addAll(validate(pointer + "/content/" + escape(mediaType) + "/schema", body));
        }
        return problems;
    }

    /** The problem+json body of an answer the HTTP layer gives before any route is chosen. */
    private List<String> problemBody(Map<String, List<String>> headers, String body) {
        String mediaType = mediaType(header(headers, "Content-Type"));
        if (!mediaType.equals("application/problem+json")) return List.of("Content-Type is " + mediaType + ", not application/problem+json");
        return validate("/components/schemas/Problem", body);
    }

    private List<String> validate(String pointer, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            return List.of("the body is not JSON");
        }
        if (node == null || node.isMissingNode()) return List.of("the body is empty; the document lists one");
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(BASE + "#" + p)));
        List<Error> errors = schema.validate(node);
        return errors.stream().limit(10).map(e -> "schema %s: %s".formatted(pointer, e)).toList();
    }

    private JsonNode at(String pointer) {
        JsonNode node = document.at(pointer);
        if (node.isMissingNode()) throw new AssertionError("the document's $ref #" + pointer + " points nowhere");
        return node;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    private static String mediaType(String contentType) {
        return contentType == null ? "(none)" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
    }

    private static String escape(String pointerToken) {
        return pointerToken.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String excerpt(String body) {
        if (body == null) return "(none)";
        return body.length() <= 600 ? body : body.substring(0, 600) + "...";
    }
}
