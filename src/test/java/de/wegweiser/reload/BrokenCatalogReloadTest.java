package de.wegweiser.reload;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalog files that are broken, huge or hostile fail a reload within seconds and say where and
 * what is wrong; the last good version keeps serving throughout. Over HTTP, against the real service.
 */
class BrokenCatalogReloadTest {

    private static final String CONTACT = """
            {"contact": {"id": "c-broken", "role": "it", "phase": "consideration", "language": "de"}, "limit": 5}""";

    // one service for all tests, as starting one costs seconds; each test removes the file it added
    @TempDir
    static Path dir;
    private static Path catalog;
    private static TestApp app;
    private static String liveCatalog;
    private Path added;

    @BeforeAll
    static void start() throws Exception {
        catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
        app = TestApp.start(TestApp.config(TestApp.RULES, catalog).withAdminToken(TestApp.ADMIN_TOKEN));
        liveCatalog = app.get("/api/v1/health").json().get("catalogVersion").asText();
    }

    @AfterEach
    void removeTheAddedFile() throws Exception {
        if (added != null) Files.delete(added);
    }

    /** A file this test adds to the live catalog directory; it is removed after the test. */
    private Path adding(String name) {
        added = catalog.resolve(name);
        return added;
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_file_of_20000_broken_items_fails_within_seconds_listing_100_problems_and_counting_the_rest() throws Exception {
        // nine mistakes per item: no title, summary, url, language, phases, roles, concerns or date, and a misspelt format
        StringBuilder text = new StringBuilder("items:\n");
        for (int n = 0; n < 20_000; n++) text.append("  - { id: broken-").append(n).append(", format: whitepapr }\n");
        Files.writeString(adding("broken.yaml"), text);

        JsonNode report = reload(Duration.ofSeconds(60));

        JsonNode first = report.get("problems").get(0);
        assertAll(report.path("outcome") + " in " + report.path("millis") + " ms",
                () -> assertEquals("failed", report.get("outcome").asText()),
                // about 2 s on an idle machine; before, building the log message alone took minutes
                () -> assertTrue(report.get("millis").asLong() < 30_000, report.get("millis") + " ms"),
                () -> assertEquals(100, report.get("problems").size()),
                () -> assertEquals(9 * 20_000 - 100, report.path("moreProblems").asInt()),
                () -> assertEquals("broken.yaml", first.get("file").asText()),
                () -> assertEquals(2, first.get("line").asInt()),
                () -> assertEquals("broken-0.title", first.get("where").asText()),
                () -> assertEquals("missing title", first.get("message").asText()));
        assertStillServing();
        JsonNode lastFailure = admin("GET", "/api/v1/admin/status").json().get("lastFailure");
        assertEquals(9 * 20_000 - 100, lastFailure.path("moreProblems").asInt());
    }

    @Test
    void a_50_MB_file_is_refused_at_once_naming_its_size_and_the_limit() throws Exception {
        writeLongString(adding("huge.yaml"), 50 * 1024 * 1024);

        JsonNode report = reload(Duration.ofSeconds(60));

        assertEquals("failed", report.get("outcome").asText());
        assertTrue(report.get("millis").asLong() < 5_000, report.get("millis") + " ms");
        assertEquals(1, report.get("problems").size(), report.toString());
        JsonNode problem = report.get("problems").get(0);
        assertEquals("huge.yaml", problem.get("file").asText());
        assertEquals("the file has 50 MB; a catalog file may have at most 16 MB: split it into several files",
                problem.get("message").asText());
        assertStillServing();
    }

    @Test
    void a_16_MB_file_of_one_long_string_is_refused_at_its_line_within_seconds() throws Exception {
        writeLongString(adding("long.yaml"), 16 * 1024 * 1024 - 100);

        JsonNode report = reload(Duration.ofSeconds(60));

        assertEquals("failed", report.get("outcome").asText());
        // the YAML parser needed about a minute for this line
        assertTrue(report.get("millis").asLong() < 10_000, report.get("millis") + " ms");
        JsonNode problem = report.get("problems").get(0);
        assertEquals("long.yaml", problem.get("file").asText());
        assertEquals(2, problem.get("line").asInt());
        assertEquals("this line has 16,777,108 characters; a line may have at most 10,000: break long text over several lines"
                + " (YAML joins them with spaces)", problem.get("message").asText());
        assertStillServing();
    }

    @Test
    void a_key_given_twice_in_an_item_fails_the_reload_at_its_line_and_the_last_good_catalog_keeps_serving() throws Exception {
        Files.writeString(adding("twice.yaml"), """
                items:
                  - id: gated-twice
                    title: "Sicherheitsleitfaden"
                    summary: "Ein Eintrag mit einem Feld, das zweimal dasteht."
                    url: https://steinmark.example/de/test/zweimal
                    format: whitepaper
                    language: de
                    gated: true
                    phases: [consideration]
                    roles: [it]
                    concerns: [security]
                    gated: false
                    published: 2026-10-01
                """);

        JsonNode report = reload(Duration.ofSeconds(60));

        assertEquals("failed", report.get("outcome").asText());
        assertEquals(1, report.get("problems").size(), report.toString());
        JsonNode problem = report.get("problems").get(0);
        assertAll(problem.toString(),
                () -> assertEquals("catalog", problem.get("source").asText()),
                () -> assertEquals("twice.yaml", problem.get("file").asText()),
                () -> assertEquals(12, problem.get("line").asInt()),
                () -> assertEquals("gated-twice.gated", problem.get("where").asText()),
                () -> assertEquals("'gated' is given twice (first on line 8); keep one", problem.get("message").asText()));
        assertEquals(404, app.get("/api/v1/catalog/gated-twice").status());
        assertStillServing();
    }

    /** {@code items:} and one item whose id is a single word of about {@code bytes} letters. */
    private static void writeLongString(Path file, int bytes) throws Exception {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'a');
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            byte[] head = "items:\n  - id: ".getBytes(StandardCharsets.UTF_8);
            out.write(head);
            for (int left = bytes - head.length - 1; left > 0; left -= chunk.length) out.write(chunk, 0, Math.min(left, chunk.length));
            out.write('\n');
        }
    }

    private static JsonNode reload(Duration timeout) throws Exception {
        TestApp.Response response = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/reload")).timeout(timeout)
                .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static TestApp.Response admin(String method, String path) throws Exception {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** The version that was live before the broken file still answers. */
    private static void assertStillServing() throws Exception {
        assertEquals(liveCatalog, app.get("/api/v1/health").json().get("catalogVersion").asText());
        assertEquals(200, app.post("/api/v1/recommendations", CONTACT).status());
    }
}
