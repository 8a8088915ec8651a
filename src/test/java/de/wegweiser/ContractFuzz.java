package de.wegweiser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Requests made from the OpenAPI document, valid and broken, sent to a running service: every
 * answer must be one the document lists (status, media type, headers, schema), and none may be a
 * 5xx that the document does not list. For each operation it sends the documented example (or a
 * body built from the schema), then the same request with each field left out, given a value of
 * the wrong kind, an unknown field added, the body replaced by other JSON, each query parameter
 * and path parameter given odd values, without credentials, and random combinations of these.
 * The sequence is fixed by the seed, so a failure is repeated by running it again.
 *
 * <p>Used by {@code ContractFuzzTest} on the test service, and by {@code .ci/schemathesis}
 * against the packaged jar where Schemathesis itself cannot be installed.
 */
public final class ContractFuzz {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete");
    /** Values of every JSON kind and the edges of strings and numbers. */
    private static final List<JsonNode> ODD_VALUES = List.of(NODES.nullNode(), NODES.numberNode(0), NODES.numberNode(-1),
            NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.numberNode(1.5),
            NODES.booleanNode(true), NODES.textNode(""), NODES.textNode(" "), NODES.textNode("x".repeat(300)),
            NODES.textNode("\u0000\u001f"), NODES.textNode("\ud800"), NODES.textNode("ü€😀"), NODES.textNode("2026-02-30T25:00:00Z"),
            NODES.arrayNode(), NODES.objectNode(), NODES.arrayNode().add("a").add(1), NODES.objectNode().put("a", 1));
    private static final List<String> ODD_QUERY = List.of("", "0", "-1", "51", "abc", "1e3", "2147483648", "true", "TRUE",
            "%00", "%C3%A9", "x".repeat(300), "1.5", "+1", " 1");
    private static final List<String> ODD_PATH = List.of("%20", "%00", "%2F", "a".repeat(201), "..", "%C3%A9", "%FF", "c%0A1",
            "%25", "%7B%7D", "unknown-id");

    private final URI base;
    private final Map<String, String> credentials;
    private final OpenApiContract contract = OpenApiContract.get();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random;
    private final List<String> failures = new ArrayList<>();
    private final List<String> notServed = new ArrayList<>();
    private int sent;
    /** The request before, and its status: a connection problem may be its doing. */
    private String previous = "(none)";

    /** @param credentials headers that authenticate, e.g. X-API-Key and Authorization */
    public ContractFuzz(URI base, Map<String, String> credentials, long seed) {
        this.base = base;
        this.credentials = credentials;
        this.random = new Random(seed);
    }

    public int sent() { return sent; }

    public List<String> failures() { return failures; }

    /** Documented operations the server does not route (yet): another change adds them; the document test lists them. */
    public List<String> notServed() { return notServed; }

    /** Runs every case and {@code randomPerOperation} random ones per operation; returns the failures. */
    public List<String> run(int randomPerOperation) {
        JsonNode paths = contract.document().get("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String template = it.next();
            for (String method : METHODS) {
                JsonNode operation = paths.get(template).get(method);
                if (operation != null && !template.equals("/api/v1/admin/reload")) operation(template, method, operation, randomPerOperation);
            }
        }
        // reloading reads every file: a few times is enough
        send("POST", "/api/v1/admin/reload", null, credentials);
        send("POST", "/api/v1/admin/reload", null, Map.of());
        return failures;
    }

    private void operation(String template, String method, JsonNode operation, int randomCases) {
        List<JsonNode> parameters = parameters(template, operation);
        JsonNode body = exampleBody(operation);
        String path = path(template, Map.of());
        String verb = method.toUpperCase(java.util.Locale.ROOT);

        HttpResponse<String> first = send(verb, path, body, credentials);
        if (first != null && first.statusCode() == 404 && first.body().contains("\"detail\":\"no route ")) {
            failures.remove(failures.size() - 1); // the 404 is not documented for it
            notServed.add(verb + " " + template);
            return;
        }
        send(verb, path, body, Map.of());
        send(verb, path, body, Map.of("X-API-Key", "not-a-key-0123456789", "Authorization", "Bearer not-the-token-0123456789"));
        if (body != null) {
            for (List<String> field : fields(body, List.of())) {
                send(verb, path, without(body, field), credentials);
                for (JsonNode value : ODD_VALUES) send(verb, path, with(body, field, value), credentials);
            }
            ObjectNode extra = body.deepCopy();
            extra.put("unknownField", 1);
            send(verb, path, extra, credentials);
            for (JsonNode other : List.of(NODES.arrayNode(), NODES.textNode("s"), NODES.numberNode(1), NODES.nullNode(), NODES.objectNode())) {
                send(verb, path, other, credentials);
            }
        }
        for (JsonNode parameter : parameters) {
            String in = parameter.get("in").asText();
            String name = parameter.get("name").asText();
            if (in.equals("query")) {
                for (String value : ODD_QUERY) send(verb, path + "?" + encodeName(name) + "=" + rawValue(value), body, credentials);
            } else if (in.equals("path")) {
                for (String value : ODD_PATH) send(verb, path(template, Map.of(name, value)), body, credentials);
            }
        }
        for (int i = 0; i < randomCases; i++) {
            JsonNode randomBody = body == null ? null : mutate(body);
            StringBuilder query = new StringBuilder();
            for (JsonNode parameter : parameters) {
                if (parameter.get("in").asText().equals("query") && random.nextBoolean()) {
                    query.append(query.length() == 0 ? "?" : "&").append(encodeName(parameter.get("name").asText())).append('=')
                            .append(rawValue(pick(ODD_QUERY)));
                }
            }
            Map<String, String> pathValues = new LinkedHashMap<>();
            for (JsonNode parameter : parameters) {
                if (parameter.get("in").asText().equals("path") && random.nextInt(3) == 0) pathValues.put(parameter.get("name").asText(), pick(ODD_PATH));
            }
            send(verb, path(template, pathValues) + query, randomBody, random.nextInt(5) == 0 ? Map.of() : credentials);
        }
    }

    /** A body with one to three random fields removed or given odd values. */
    private JsonNode mutate(JsonNode body) {
        JsonNode result = body;
        List<List<String>> fields = fields(body, List.of());
        if (fields.isEmpty()) return random.nextBoolean() ? body : pick(ODD_VALUES);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            List<String> field = pick(fields);
            result = random.nextInt(4) == 0 ? without(result, field) : with(result, field, pick(ODD_VALUES));
        }
        return result;
    }

    /** Sends, checks, and records a failure; the answer, or null when there was none. */
    private HttpResponse<String> send(String method, String pathAndQuery, JsonNode body, Map<String, String> headers) {
        sent++;
        URI uri = URI.create(base.toString().replaceAll("/$", "") + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String what = method + " " + pathAndQuery + (body == null ? "" : " " + shortened(body.toString()));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                failures.add("%s -> %d %s".formatted(what, response.statusCode(), shortened(response.body())));
            }
            try {
                contract.check(method, uri, response.statusCode(), response.headers().map(), response.body());
            } catch (AssertionError e) {
                if (response.statusCode() < 500) failures.add(what + " -> " + e.getMessage());
            }
            previous = what + " -> " + response.statusCode() + " " + response.headers().firstValue("Connection").orElse("");
            return response;
        } catch (Exception e) {
            failures.add(what + " -> no answer: " + e + "; the request before: " + previous);
            previous = what + " -> no answer";
            return null;
        }
    }

    private List<JsonNode> parameters(String template, JsonNode operation) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode source : List.of(contract.document().get("paths").get(template).path("parameters"), operation.path("parameters"))) {
            for (JsonNode parameter : source) {
                all.add(parameter.has("$ref") ? contract.document().at(parameter.get("$ref").asText().substring(1)) : parameter);
            }
        }
        return all.stream().filter(p -> !p.get("in").asText().equals("header")).toList();
    }

    private static JsonNode exampleBody(JsonNode operation) {
        JsonNode media = operation.path("requestBody").path("content").path("application/json");
        if (media.isMissingNode()) return null;
        return media.has("example") ? media.get("example") : NODES.objectNode();
    }

    private static String path(String template, Map<String, String> values) {
        String path = template;
        Map<String, String> defaults = Map.of("id", "c-fuzz-1", "account", "acme", "root", "rules");
        for (var name : defaults.entrySet()) {
            path = path.replace("{" + name.getKey() + "}", values.getOrDefault(name.getKey(), name.getValue()));
        }
        return path;
    }

    /** The paths of every field in the body, nested objects included: {@code [contact, role]}. */
    private static List<List<String>> fields(JsonNode node, List<String> at) {
        List<List<String>> fields = new ArrayList<>();
        if (!node.isObject()) return fields;
        node.fieldNames().forEachRemaining(name -> {
            List<String> path = new ArrayList<>(at);
            path.add(name);
            fields.add(path);
            fields.addAll(fields(node.get(name), path));
        });
        if (node.isObject() && node.has("events") && node.get("events").isArray() && !node.get("events").isEmpty()) {
            // the first event's fields stand for all
            fields.addAll(fields(node.get("events").get(0), List.of("events", "0")));
        }
        return fields;
    }

    private static JsonNode without(JsonNode body, List<String> field) {
        JsonNode copy = body.deepCopy();
        JsonNode parent = walk(copy, field.subList(0, field.size() - 1));
        String last = field.get(field.size() - 1);
        if (parent instanceof ObjectNode object) object.remove(last);
        else if (parent instanceof ArrayNode array && index(last) < array.size()) array.remove(index(last));
        return copy;
    }

    private static JsonNode with(JsonNode body, List<String> field, JsonNode value) {
        JsonNode copy = body.deepCopy();
        JsonNode parent = walk(copy, field.subList(0, field.size() - 1));
        String last = field.get(field.size() - 1);
        if (parent instanceof ObjectNode object) object.set(last, value);
        else if (parent instanceof ArrayNode array && index(last) < array.size()) array.set(index(last), value);
        return copy;
    }

    /** The node at the path, or null where an earlier change left something else there. */
    private static JsonNode walk(JsonNode node, List<String> path) {
        for (String step : path) {
            if (node == null) return null;
            node = node.isArray() ? node.get(index(step)) : node.isObject() ? node.get(step) : null;
        }
        return node;
    }

    private static int index(String step) {
        return step.chars().allMatch(Character::isDigit) ? Integer.parseInt(step) : Integer.MAX_VALUE;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encodeName(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    /** Query values are sent as written: {@code %ZZ} is meant to arrive broken. */
    private static String rawValue(String value) {
        return value.replace(" ", "%20");
    }

    private static String shortened(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    /**
     * {@code ContractFuzz <base-url> <api-key> <admin-token> [random cases per operation] [seed]}:
     * exits 1 and lists the failures if any answer breaks the document or is an undocumented 5xx.
     */
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: ContractFuzz <base-url> <api-key> <admin-token> [random-cases-per-operation] [seed]");
            System.exit(2);
        }
        int randomCases = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 13;
        var fuzz = new ContractFuzz(URI.create(args[0]), Map.of("X-API-Key", args[1], "Authorization", "Bearer " + args[2]), seed);
        List<String> failures = fuzz.run(randomCases);
        failures.forEach(f -> System.out.println("FAIL " + f));
        fuzz.notServed().forEach(o -> System.out.println("not served, skipped: " + o));
        System.out.printf("contract fuzz: %d requests, %d failures (seed %d)%n", fuzz.sent(), failures.size(), seed);
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
