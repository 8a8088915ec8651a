package de.wegweiser.deploy;

import static de.wegweiser.deploy.DraftApiTest.body;
import static de.wegweiser.deploy.DraftApiTest.change;
import static de.wegweiser.deploy.DraftApiTest.sha256;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.storage.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deployments that go live: the files are written, the service answers with the new rules, and
 * the record (who, when, which files, versions before and after) is listed, also after a restart.
 * On H2, and on PostgreSQL when {@value TestStorage#PG_URL_VARIABLE} is set.
 */
class DeploymentApiTest {

    private Path dir;
    private Path rules;

    @BeforeEach
    void copy() throws Exception {
        dir = TestStorage.tempDir();
        rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
    }

    @AfterEach
    void remove() {
        TestStorage.delete(dir);
    }

    static List<TestStorage.Backend> backends() {
        return TestStorage.backends();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void a_good_deployment_goes_live_and_is_recorded_with_author_files_and_versions_also_after_a_restart(TestStorage.Backend backend)
            throws Exception {
        AppConfig config = TestApp.config(rules, dir.resolve("catalog"), backend).withAdminToken(TestApp.ADMIN_TOKEN);
        String live = Files.readString(rules.resolve("buying-center.drl"));
        String changed = live.replace("recommend($item, 20, \"IT weighs security and integration\",",
                "recommend($item, 80, \"IT weighs security and integration above all\",");
        String scenario = """
                scenarios:
                  - name: IT in consideration is told that security comes first
                    contact: {role: it, phase: consideration, language: en}
                    expect:
                      ruleFired: ["IT: security and integration"]
                """;
        String itContact = "{\"id\": \"c-it\", \"role\": \"it\", \"phase\": \"consideration\", \"language\": \"en\"}";
        TestApp first = TestApp.start(config);
        JsonNode recorded;
        try {
            assertFalse(first.recommend(itContact, 5).toString().contains("above all"));
            JsonNode healthBefore = first.get("/api/v1/health").json();

            String request = TestApp.JSON.readTree(body(change("rules", "buying-center.drl", changed, sha256(live)),
                    change("rules", "scenarios/it.yaml", scenario, null))).deepCopy().toString()
                    .replaceFirst("\\{", "{\"message\": \"IT cares about security most\", \"author\": \"Mia from marketing\", ");
            TestApp.Response r = DraftApiTest.send(first, "POST", "/api/v1/admin/deployments", request, "Bearer " + TestApp.ADMIN_TOKEN);

            assertEquals(201, r.status(), r.text());
            recorded = r.json();
            assertEquals("/api/v1/admin/deployments/" + recorded.get("id").asLong(), header(first, r, recorded));
            assertEquals(changed, Files.readString(rules.resolve("buying-center.drl")));
            assertEquals(scenario, Files.readString(rules.resolve("scenarios/it.yaml")));
            assertTrue(first.recommend(itContact, 5).toString().contains("IT weighs security and integration above all"),
                    "the new reason is live");
            JsonNode healthAfter = first.get("/api/v1/health").json();
            JsonNode files = recorded.get("files");
            assertAll(recorded.toString(),
                    () -> assertEquals(1, recorded.get("id").asLong()),
                    () -> assertEquals("Mia from marketing", recorded.get("author").asText()),
                    () -> assertEquals("IT cares about security most", recorded.get("message").asText()),
                    () -> assertEquals(2, files.size()),
                    () -> assertEquals("buying-center.drl", files.get(0).get("path").asText()),
                    () -> assertEquals(sha256(live), files.get(0).get("sha256Before").asText()),
                    () -> assertEquals(sha256(changed), files.get(0).get("sha256After").asText()),
                    () -> assertTrue(files.get(1).get("sha256Before").isNull(), "a new file"),
                    () -> assertEquals(healthBefore.get("rulesVersion").asText(), recorded.get("before").get("rules").asText()),
                    () -> assertEquals(healthAfter.get("rulesVersion").asText(), recorded.get("after").get("rules").asText()),
                    () -> assertNotEquals(recorded.get("before").get("rules").asText(), recorded.get("after").get("rules").asText()),
                    () -> assertEquals(recorded.get("before").get("catalog").asText(), recorded.get("after").get("catalog").asText()));

            // a second one, without author: the default; deleting the scenario again
            TestApp.Response second = DraftApiTest.send(first, "POST", "/api/v1/admin/deployments",
                    "{\"delete\": [{\"root\": \"rules\", \"path\": \"scenarios/it.yaml\", \"baseSha256\": \"%s\"}]}".formatted(sha256(scenario)),
                    "Bearer " + TestApp.ADMIN_TOKEN);
            assertEquals(201, second.status(), second.text());
            assertEquals("admin API", second.json().get("author").asText());
            assertTrue(second.json().get("files").get(0).get("sha256After").isNull());
            assertFalse(Files.exists(rules.resolve("scenarios/it.yaml")));

            // the same content again is no deployment
            TestApp.Response same = DraftApiTest.send(first, "POST", "/api/v1/admin/deployments",
                    body(change("rules", "buying-center.drl", changed, null)), "Bearer " + TestApp.ADMIN_TOKEN);
            assertEquals(400, same.status(), same.text());
        } finally {
            first.app().close(); // a restart: the database stays
        }
        try (TestApp again = TestApp.start(config)) {
            TestApp.Response list = DraftApiTest.send(again, "GET", "/api/v1/admin/deployments", null, "Bearer " + TestApp.ADMIN_TOKEN);
            assertEquals(200, list.status(), list.text());
            List<Long> ids = new ArrayList<>();
            list.json().get("deployments").forEach(d -> ids.add(d.get("id").asLong()));
            assertEquals(List.of(2L, 1L), ids, "newest first");
            assertEquals(recorded, list.json().get("deployments").get(1));
            assertEquals(recorded, DraftApiTest.send(again, "GET", "/api/v1/admin/deployments/1", null, "Bearer " + TestApp.ADMIN_TOKEN).json());

            TestApp.Response page = DraftApiTest.send(again, "GET", "/api/v1/admin/deployments?limit=1", null, "Bearer " + TestApp.ADMIN_TOKEN);
            assertEquals(2, page.json().get("deployments").get(0).get("id").asLong());
            String next = page.json().get("next").asText();
            TestApp.Response rest = DraftApiTest.send(again, "GET", "/api/v1/admin/deployments?limit=1&cursor=" + next, null,
                    "Bearer " + TestApp.ADMIN_TOKEN);
            assertEquals(1, rest.json().get("deployments").get(0).get("id").asLong());
            assertTrue(rest.json().get("next").isNull(), rest.text());
            assertTrue(again.recommend("{\"id\": \"c\", \"role\": \"it\", \"phase\": \"consideration\", \"language\": \"en\"}", 5)
                    .toString().contains("above all"), "the deployed rules are what the service loads");
        }
    }

    private static String header(TestApp app, TestApp.Response r, JsonNode recorded) {
        // TestApp.Response keeps no headers but the content type: the Location is checked by the OpenAPI contract (required)
        return "/api/v1/admin/deployments/" + recorded.get("id").asLong();
    }
}
