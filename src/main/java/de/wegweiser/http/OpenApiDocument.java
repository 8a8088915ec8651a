package de.wegweiser.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI 3.1 document, written by hand in {@code src/main/resources/openapi.yaml} and
 * read once at start; the test suite checks every response it receives against it. Served as
 * written (YAML) and as JSON, without authentication: it names no secret.
 */
final class OpenApiDocument {

    static final String RESOURCE = "openapi.yaml";
    static final String YAML_TYPE = "application/yaml";

    private final byte[] yaml;
    private final byte[] json;

    private OpenApiDocument(byte[] yaml, byte[] json) {
        this.yaml = yaml;
        this.json = json;
    }

    static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            byte[] yaml = in.readAllBytes();
            JsonNode tree = new YAMLMapper().readTree(yaml);
            return new OpenApiDocument(yaml, Json.bytes(tree));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    void json(Context ctx) {
        ctx.contentType("application/json").result(json);
    }

    void yaml(Context ctx) {
        ctx.contentType(YAML_TYPE + "; charset=utf-8").result(yaml);
    }
}
