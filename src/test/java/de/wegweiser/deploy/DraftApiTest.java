package de.wegweiser.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.wegweiser.TestApp;
import de.wegweiser.storage.TestStorage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Try a change" over HTTP: the editable files, drafts that are checked on a copy and never touch
 * the live files, and deployments that are refused when broken or stale. The service runs on a
 * temporary copy of the frozen rules and catalog; deployments that go live are in
 * {@link DeploymentApiTest}.
 */
class DraftApiTest {

    private static Path dir;
    private static Path rules;
    private static Path catalog;
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        dir = TestStorage.tempDir();
        rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
        app = TestApp.start(TestApp.config(rules, catalog).withAdminToken(TestApp.ADMIN_TOKEN));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        TestStorage.delete(dir);
    }

    // ------------------------------------------------------------ files

    @Test
    void the_editable_files_are_listed_with_size_and_hash_and_each_can_be_read() throws Exception {
        TestApp.Response list = admin("GET", "/api/v1/admin/files", null);
        assertEquals(200, list.status(), list.text());
        List<String> names = new ArrayList<>();
        for (JsonNode f : list.json().get("files")) names.add(f.get("root").asText() + "/" + f.get("path").asText());
        assertAll(list.text(),
                () -> assertTrue(names.contains("rules/buying-center.drl")),
                () -> assertTrue(names.contains("rules/journey/settings.drl")),
                () -> assertTrue(names.contains("rules/content-per-phase.csv")),
                () -> assertTrue(names.contains("rules/scenarios/buying-center.yaml")),
                () -> assertTrue(names.contains("catalog/taxonomy.yaml")));

        TestApp.Response file = admin("GET", "/api/v1/admin/files/rules?path=journey/settings.drl", null);
        assertEquals(200, file.status(), file.text());
        String onDisk = Files.readString(rules.resolve("journey/settings.drl"));
        assertEquals(onDisk, file.json().get("content").asText());
        assertEquals(sha256(onDisk), file.json().get("sha256").asText());
        JsonNode listed = find(list.json().get("files"), "rules", "journey/settings.drl");
        assertEquals(sha256(onDisk), listed.get("sha256").asText());
        assertEquals(onDisk.getBytes(StandardCharsets.UTF_8).length, listed.get("bytes").asInt());
    }

    @Test
    void names_that_leave_the_directory_or_point_at_hidden_or_linked_files_are_refused() throws Exception {
        Path outside = Files.writeString(dir.resolve("secret.drl"), "the secret");
        Files.writeString(rules.resolve(".hidden.drl"), "hidden");
        Path link = Files.createSymbolicLink(rules.resolve("linked.drl"), outside);
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("secret.drl"), "the secret");
        Path linkedDir = Files.createSymbolicLink(rules.resolve("linked-dir"), elsewhere);
        try {
            List<String> attacks = List.of("../secret.drl", "../../etc/passwd", "journey/../../secret.drl", "/etc/passwd",
                    dir.resolve("secret.drl").toString(), "..\\secret.drl", ".hidden.drl", "journey/.hidden.drl", "linked.drl",
                    "linked-dir/secret.drl", "journey/settings.drl/", "./buying-center.drl", "C:/secret.drl", "buying-center.drl%00.txt",
                    "settings.txt", "");
            for (String attack : attacks) {
                TestApp.Response r = admin("GET", "/api/v1/admin/files/rules?path=" + URLEncoder.encode(attack, StandardCharsets.UTF_8), null);
                assertTrue(r.status() == 400 || r.status() == 404, attack + " -> " + r.status() + " " + r.text());
                assertTrue(r.contentType().startsWith("application/problem+json"), attack + ": " + r.contentType());
                assertFalse(r.text().contains("the secret"), attack + ": " + r.text());
            }
            TestApp.Response root = admin("GET", "/api/v1/admin/files/etc?path=passwd", null);
            assertEquals(400, root.status(), root.text());
            assertEquals("root", root.json().get("errors").get(0).get("field").asText());

            // the listing shows none of them
            String listed = admin("GET", "/api/v1/admin/files", null).text();
            assertFalse(listed.contains("hidden") || listed.contains("linked") || listed.contains("secret"), listed);

            // nor can a draft or a deployment write through them
            for (String attack : List.of("../escape.drl", "linked.drl", "linked-dir/escape.drl", ".escape.drl")) {
                for (String route : List.of("/api/v1/admin/drafts", "/api/v1/admin/deployments")) {
                    TestApp.Response r = admin("POST", route, body(change("rules", attack, "package wegweiser.rules;\n", null)));
                    assertEquals(400, r.status(), attack + " " + route + ": " + r.text());
                    assertEquals("files[0].path", r.json().get("errors").get(0).get("field").asText(), r.text());
                }
            }
            assertEquals("the secret", Files.readString(outside));
            assertFalse(Files.exists(dir.resolve("escape.drl")));
            assertFalse(Files.exists(rules.resolve(".escape.drl")));
        } finally {
            Files.delete(link);
            Files.delete(linkedDir);
            Files.delete(rules.resolve(".hidden.drl"));
        }
    }

    @Test
    void without_an_admin_token_every_route_is_401_and_with_a_wrong_one_403() throws Exception {
        String draft = body(change("rules", "buying-center.drl", "x", null));
        List<String[]> routes = List.of(new String[] {"GET", "/api/v1/admin/files", null},
                new String[] {"GET", "/api/v1/admin/files/rules?path=buying-center.drl", null},
                new String[] {"POST", "/api/v1/admin/drafts", draft}, new String[] {"POST", "/api/v1/admin/deployments", draft},
                new String[] {"GET", "/api/v1/admin/deployments", null}, new String[] {"GET", "/api/v1/admin/deployments/1", null});
        for (String[] route : routes) {
            TestApp.Response none = send(route[0], route[1], route[2], null);
            TestApp.Response wrong = send(route[0], route[1], route[2], "Bearer not-the-token");
            assertEquals(401, none.status(), route[1] + ": " + none.text());
            assertEquals(403, wrong.status(), route[1] + ": " + wrong.text());
            assertFalse(none.text().contains("package") || wrong.text().contains("package"), route[1]);
        }
        assertEquals(Files.readString(TestApp.RULES.resolve("buying-center.drl")), Files.readString(rules.resolve("buying-center.drl")));
    }

    // ------------------------------------------------------------ drafts

    @Test
    void a_draft_with_a_syntax_error_shows_the_file_and_line_and_leaves_the_live_file_alone() throws Exception {
        String live = Files.readString(rules.resolve("buying-center.drl"));
        String broken = live.replace("        Contact( role == \"production\" )", "        Contact( role == \"production\" ");
        int line = lineOf(broken, "Contact( role == \"production\" ");

        TestApp.Response r = admin("POST", "/api/v1/admin/drafts", body(change("rules", "buying-center.drl", broken, null)));

        assertEquals(200, r.status(), r.text());
        JsonNode report = r.json();
        JsonNode problem = report.get("problems").get(0);
        assertAll(r.text(),
                () -> assertFalse(report.get("valid").asBoolean()),
                () -> assertEquals("rules", problem.get("source").asText()),
                () -> assertEquals("buying-center.drl", problem.get("file").asText()),
                () -> assertTrue(Math.abs(problem.get("line").asInt() - line) <= 1, "line " + problem.get("line") + ", broken at " + line),
                () -> assertFalse(report.get("scenarios").get("ran").asBoolean()),
                () -> assertFalse(report.has("diff")),
                () -> assertFalse(r.text().contains("wegweiser-draft-"), "no temporary path"));
        assertEquals(live, Files.readString(rules.resolve("buying-center.drl")));
        assertEquals(200, app.get("/api/v1/health").status());
    }

    @Test
    void a_draft_that_calls_into_the_system_is_refused_by_the_safety_check_and_never_runs() throws Exception {
        Path marker = dir.resolve("pwned");
        String attack = """
                package wegweiser.rules;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;

                // Looks harmless.
                rule "Everyone: a little extra"
                    when
                        Contact()
                        $item : ContentItem()
                    then
                        java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), "x");
                        Runtime.getRuntime().exec(new String[] {"touch", "%s"});
                        recommend($item, 1, "A little extra", "Ein wenig mehr");
                end
                """.formatted(marker.toString().replace("\\", "/"), marker.toString().replace("\\", "/"));

        TestApp.Response r = admin("POST", "/api/v1/admin/drafts", body(change("rules", "extra.drl", attack, null)));

        assertEquals(200, r.status(), r.text());
        assertFalse(r.json().get("valid").asBoolean(), r.text());
        JsonNode problem = r.json().get("problems").get(0);
        assertEquals("extra.drl", problem.get("file").asText(), r.text());
        assertTrue(problem.get("line").asInt() >= 13, r.text());
        assertFalse(r.json().has("diff"), "nothing was evaluated");
        assertFalse(Files.exists(marker), "the rule ran");
        assertFalse(Files.exists(rules.resolve("extra.drl")));

        TestApp.Response deploy = admin("POST", "/api/v1/admin/deployments", body(change("rules", "extra.drl", attack, null)));
        assertEquals(422, deploy.status(), deploy.text());
        assertFalse(Files.exists(marker), "the rule ran");
        assertFalse(Files.exists(rules.resolve("extra.drl")));
    }

    @Test
    void a_good_draft_that_changes_points_shows_how_the_top_5_changes_and_deploys_nothing() throws Exception {
        String live = Files.readString(rules.resolve("buying-center.drl"));
        String changed = live.replace("recommend($item, 20, \"IT weighs security and integration\",",
                "recommend($item, 80, \"IT weighs security and integration above all\",");
        assertNotEquals(live, changed);
        String liveRules = app.get("/api/v1/health").json().get("rulesVersion").asText();

        TestApp.Response r = admin("POST", "/api/v1/admin/drafts", body(change("rules", "buying-center.drl", changed, sha256(live))));

        assertEquals(200, r.status(), r.text());
        JsonNode report = r.json();
        JsonNode diff = report.get("diff");
        assertAll(r.text(),
                () -> assertTrue(report.get("valid").asBoolean()),
                () -> assertEquals(0, report.get("problems").size()),
                () -> assertTrue(report.get("scenarios").get("ran").asBoolean()),
                () -> assertEquals(report.get("scenarios").get("total").asInt(), report.get("scenarios").get("passed").asInt()),
                () -> assertEquals(5, diff.get("top").asInt()),
                () -> assertTrue(diff.get("contacts").asInt() > 100, "scenario and generated contacts"),
                () -> assertTrue(diff.get("changed").asInt() > 0),
                () -> assertNotEquals(liveRules, report.get("versions").get("rules").asText()));
        List<String> rolesChanged = new ArrayList<>();
        for (JsonNode entry : diff.get("entries")) {
            rolesChanged.add(entry.get("contact").get("role").asText());
            assertEquals(5, entry.get("after").size(), entry.toString());
            assertFalse(entry.get("after").get(0).get("title").asText().isBlank(), entry.toString());
            assertTrue(entry.get("changes").size() > 0, entry.toString());
        }
        assertTrue(rolesChanged.stream().allMatch("it"::equals), "only IT contacts change: " + rolesChanged);
        JsonNode generated = diff.get("entries").findParents("source").stream()
                .filter(c -> c.get("source").asText().equals("generated")).findFirst().orElseThrow();
        assertTrue(generated.get("label").asText().contains(" / it / "), generated.toString());

        assertEquals(live, Files.readString(rules.resolve("buying-center.drl")));
        assertEquals(liveRules, app.get("/api/v1/health").json().get("rulesVersion").asText());
    }

    @Test
    void a_draft_whose_change_breaks_a_scenario_names_the_scenario() throws Exception {
        String live = Files.readString(rules.resolve("buying-center.drl"));
        String changed = live.replace("Contact( role == \"managing-director\" )", "Contact( role == \"finance\" )");

        TestApp.Response r = admin("POST", "/api/v1/admin/drafts", body(change("rules", "buying-center.drl", changed, null)));

        assertEquals(200, r.status(), r.text());
        JsonNode scenarios = r.json().get("scenarios");
        assertFalse(r.json().get("valid").asBoolean(), r.text());
        assertTrue(scenarios.get("passed").asInt() < scenarios.get("total").asInt(), r.text());
        JsonNode failed = scenarios.get("failed").get(0);
        assertEquals("CEO at intent to purchase gets case studies and references about image", failed.get("name").asText(), r.text());
        assertEquals("scenarios/buying-center.yaml", failed.get("file").asText());
        assertTrue(r.json().has("diff"), "a change that compiles is compared even when a scenario fails");
    }

    @Test
    void a_draft_with_a_bad_body_is_400_naming_the_field() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"files\": []}", "files",
                "{\"files\": [{\"root\": \"rules\", \"path\": \"a.drl\"}]}", "files[0].content",
                "{\"files\": [{\"root\": \"elsewhere\", \"path\": \"a.drl\", \"content\": \"\"}]}", "files[0].root",
                "{\"files\": [{\"root\": \"rules\", \"path\": \"a.exe\", \"content\": \"\"}]}", "files[0].path",
                "{\"files\": [{\"root\": \"rules\", \"path\": \"a.drl\", \"content\": \"\", \"baseSha256\": \"abc\"}]}", "files[0].baseSha256",
                "{\"delete\": [{\"root\": \"rules\", \"path\": \"no-such-file.drl\"}]}", "delete[0].path",
                "{\"files\": [], \"message\": \"only on deployments\"}", "message",
                "{\"file\": []}", "file");
        for (var c : cases.entrySet()) {
            TestApp.Response r = admin("POST", "/api/v1/admin/drafts", c.getKey());
            assertEquals(400, r.status(), c.getKey() + ": " + r.text());
            List<String> fields = new ArrayList<>();
            r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertTrue(fields.contains(c.getValue()), c.getKey() + ": " + r.text());
        }
        String tooBig = "x".repeat(EditableFiles.MAX_FILE_BYTES + 1);
        TestApp.Response big = admin("POST", "/api/v1/admin/drafts", body(change("rules", "big.drl", tooBig, null)));
        assertEquals(400, big.status(), big.text().substring(0, Math.min(300, big.text().length())));
        assertEquals("files[0].content", big.json().get("errors").get(0).get("field").asText());
    }

    // ------------------------------------------------------------ deployments that must not go live

    @Test
    void a_broken_deployment_is_422_with_its_problems_and_writes_nothing() throws Exception {
        String live = Files.readString(rules.resolve("buying-center.drl"));
        String broken = live.replace("rule \"Marketing: image\"", "rule \"Marketing: image\"\n    when nonsense(");
        String version = app.get("/api/v1/health").json().get("rulesVersion").asText();

        TestApp.Response r = admin("POST", "/api/v1/admin/deployments", body(change("rules", "buying-center.drl", broken, sha256(live)),
                change("rules", "new-rules.drl", "package wegweiser.rules;\n", null)));

        assertEquals(422, r.status(), r.text());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertEquals("buying-center.drl", r.json().get("problems").get(0).get("file").asText(), r.text());
        assertEquals(live, Files.readString(rules.resolve("buying-center.drl")));
        assertFalse(Files.exists(rules.resolve("new-rules.drl")));
        assertEquals(version, app.get("/api/v1/health").json().get("rulesVersion").asText());
        assertEquals(0, admin("GET", "/api/v1/admin/deployments", null).json().get("deployments").size());
    }

    @Test
    void a_deployment_made_on_a_file_that_changed_since_is_409_and_writes_nothing() throws Exception {
        String live = Files.readString(rules.resolve("hygiene.drl"));
        String edited = live + "\n// an edit made on an older copy\n";
        String stale = sha256(live.replace("rule", "Rule"));

        TestApp.Response r = admin("POST", "/api/v1/admin/deployments", body(change("rules", "hygiene.drl", edited, stale)));

        assertEquals(409, r.status(), r.text());
        assertEquals("files[0].baseSha256", r.json().get("errors").get(0).get("field").asText(), r.text());
        assertTrue(r.json().get("errors").get(0).get("message").asText().contains(sha256(live)), r.text());
        assertEquals(live, Files.readString(rules.resolve("hygiene.drl")));
    }

    @Test
    void an_unknown_deployment_is_404_and_a_bad_id_or_paging_parameter_400() throws Exception {
        assertEquals(404, admin("GET", "/api/v1/admin/deployments/999", null).status());
        TestApp.Response badId = admin("GET", "/api/v1/admin/deployments/x1", null);
        assertEquals(400, badId.status());
        assertEquals("id", badId.json().get("errors").get(0).get("field").asText());
        TestApp.Response badLimit = admin("GET", "/api/v1/admin/deployments?limit=0", null);
        assertEquals("limit", badLimit.json().get("errors").get(0).get("field").asText(), badLimit.text());
        TestApp.Response badCursor = admin("GET", "/api/v1/admin/deployments?cursor=abc", null);
        assertEquals("cursor", badCursor.json().get("errors").get(0).get("field").asText(), badCursor.text());
    }

    // ------------------------------------------------------------ helpers

    static ObjectNode change(String root, String path, String content, String baseSha256) {
        ObjectNode change = TestApp.JSON.createObjectNode().put("root", root).put("path", path).put("content", content);
        if (baseSha256 != null) change.put("baseSha256", baseSha256);
        return change;
    }

    static String body(ObjectNode... changes) {
        ObjectNode body = TestApp.JSON.createObjectNode();
        ArrayNode files = body.putArray("files");
        for (ObjectNode c : changes) files.add(c);
        return body.toString();
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(fragment)) return i + 1;
        throw new AssertionError("no line with " + fragment);
    }

    private static JsonNode find(JsonNode files, String root, String path) {
        for (JsonNode f : files) if (f.get("root").asText().equals(root) && f.get("path").asText().equals(path)) return f;
        throw new AssertionError("not listed: " + root + "/" + path);
    }

    private static TestApp.Response admin(String method, String path, String body) throws Exception {
        return send(method, path, body, "Bearer " + TestApp.ADMIN_TOKEN);
    }

    static TestApp.Response send(TestApp app, String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (authorization != null) request.header("Authorization", authorization);
        return app.send(request.build());
    }

    private static TestApp.Response send(String method, String path, String body, String authorization) throws Exception {
        return send(app, method, path, body, authorization);
    }
}
