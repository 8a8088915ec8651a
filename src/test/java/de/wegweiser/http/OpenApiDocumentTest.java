package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import de.wegweiser.OpenApiContract;
import de.wegweiser.TestApp;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document: served without a key, valid OpenAPI 3.1, complete, and a check that catches drift. */
class OpenApiDocumentTest {

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_document_is_served_as_json_and_yaml_without_authentication() throws Exception {
        TestApp.Response json = app.get("/api/v1/openapi.json");
        TestApp.Response yaml = app.get("/api/v1/openapi.yaml");
        assertEquals(200, json.status(), json.text());
        assertEquals(200, yaml.status(), yaml.text());
        assertTrue(json.contentType().startsWith("application/json"), json.contentType());
        assertTrue(yaml.contentType().startsWith("application/yaml"), yaml.contentType());
        assertEquals(OpenApiContract.readDocument(), json.json(), "the JSON is the resource file");
        assertEquals(OpenApiContract.readDocument(), new YAMLMapper().readTree(yaml.text()), "the YAML is the resource file");
    }

    @Test
    void the_served_document_is_valid_openapi_3_1() throws Exception {
        String served = app.get("/api/v1/openapi.json").text();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(served, null, options);
        assertEquals(List.of(), result.getMessages(), "what the OpenAPI parser finds wrong");
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
        assertTrue(result.getOpenAPI().getPaths().size() >= 19, "paths: " + result.getOpenAPI().getPaths().keySet());
    }

    @Test
    void every_route_javalin_registers_is_in_the_document_and_every_documented_route_is_registered() {
        Set<String> registered = new TreeSet<>();
        for (var handler : app.app().http().unsafe.internalRouter.allHttpHandlers()) {
            if (!handler.endpoint.method.isHttpMethod()) continue; // before and after filters
            if (handler.endpoint.path.startsWith("/console")) continue; // the console's pages and login: a web UI, not the API
            registered.add(handler.endpoint.method.name().toLowerCase(Locale.ROOT) + " " + handler.endpoint.path);
        }
        Set<String> documented = new TreeSet<>();
        JsonNode paths = OpenApiContract.get().document().get("paths");
        paths.fieldNames().forEachRemaining(path -> paths.get(path).fieldNames().forEachRemaining(key -> {
            if (Set.of("get", "put", "post", "delete", "patch").contains(key)) documented.add(key + " " + path);
        }));
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        assertEquals(Set.of(), undocumented, "registered in Javalin, missing in openapi.yaml");
        Set<String> notRegistered = new TreeSet<>(documented);
        notRegistered.removeAll(registered);
        assertEquals(Set.of(), notRegistered, "documented in openapi.yaml, not registered in Javalin");
    }

    @Test
    void the_check_fails_an_answer_whose_body_breaks_its_schema() {
        var health = "{\"status\":\"ok\",\"rulesVersion\":\"a\",\"journeyRulesVersion\":\"j\",\"accountRulesVersion\":\"c\",\"catalogVersion\":\"b\",\"items\":3}"; // no "rules"
        AssertionError error = assertThrows(AssertionError.class, () -> check("GET", "/api/v1/health", 200, "application/json", health));
        assertTrue(error.getMessage().contains("rules"), error.getMessage());
        check("GET", "/api/v1/health", 200, "application/json", health.replace("}", ",\"rules\":5}"));
    }

    @Test
    void the_check_fails_an_answer_with_a_field_the_document_does_not_list() {
        String body = "{\"status\":\"ok\",\"rulesVersion\":\"a\",\"journeyRulesVersion\":\"j\",\"accountRulesVersion\":\"c\",\"catalogVersion\":\"b\",\"items\":3,\"rules\":5,\"uptime\":1}";
        assertThrows(AssertionError.class, () -> check("GET", "/api/v1/health", 200, "application/json", body));
    }

    @Test
    void the_check_fails_a_status_or_route_the_document_does_not_list() {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"x\"}";
        assertThrows(AssertionError.class, () -> check("GET", "/api/v1/catalog", 409, "application/problem+json", problem));
        assertThrows(AssertionError.class, () -> check("GET", "/api/v1/nowhere", 200, "application/json", "{}"));
        check("GET", "/api/v1/nowhere", 404, "application/problem+json", problem.replace("409", "404"));
    }

    @Test
    void the_check_fails_a_problem_sent_as_plain_json_or_without_a_required_header() {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Invalid request\",\"status\":400,\"detail\":\"x\"}";
        assertThrows(AssertionError.class, () -> check("POST", "/api/v1/recommendations", 400, "application/json", problem));
        String unauthorized = "{\"type\":\"about:blank\",\"title\":\"Authentication required\",\"status\":401,\"detail\":\"x\"}";
        assertThrows(AssertionError.class, () -> check("GET", "/api/v1/contacts/c-1", 401, "application/problem+json", unauthorized));
    }

    private static void check(String method, String path, int status, String contentType, String body) {
        OpenApiContract.get().check(method, URI.create("http://127.0.0.1" + path), status,
                Map.of("Content-Type", List.of(contentType)), body);
    }
}
