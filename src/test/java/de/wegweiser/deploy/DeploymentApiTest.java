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
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.reload.ReloadProblem;
import de.wegweiser.reload.SnapshotGate;
import de.wegweiser.storage.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
            // the Location header is required by the OpenAPI document, which TestApp checks every answer against
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

    @Test
    void two_deployments_on_the_same_file_at_once_go_one_after_the_other_and_the_second_is_refused_as_stale() throws Exception {
        try (TestApp app = TestApp.start(TestApp.config(rules, dir.resolve("catalog")).withAdminToken(TestApp.ADMIN_TOKEN))) {
            String live = Files.readString(rules.resolve("hygiene.drl"));
            List<Callable<TestApp.Response>> both = new ArrayList<>();
            for (String note : List.of("first", "second")) {
                String request = body(change("rules", "hygiene.drl", live + "\n// edited by the " + note + " editor\n", sha256(live)));
                both.add(() -> DraftApiTest.send(app, "POST", "/api/v1/admin/deployments", request, "Bearer " + TestApp.ADMIN_TOKEN));
            }
            var pool = Executors.newFixedThreadPool(2);
            List<Integer> statuses = new ArrayList<>();
            try {
                for (var answer : pool.invokeAll(both)) statuses.add(answer.get().status());
            } finally {
                pool.shutdown();
            }
            statuses.sort(null);
            assertEquals(List.of(201, 409), statuses, "one goes live, the other was made on a file that changed meanwhile");
            String now = Files.readString(rules.resolve("hygiene.drl"));
            assertTrue(now.endsWith("editor\n") && now.startsWith(live), now);
            assertEquals(1, DraftApiTest.send(app, "GET", "/api/v1/admin/deployments", null, "Bearer " + TestApp.ADMIN_TOKEN)
                    .json().get("deployments").size());
        }
    }

    /** Passes every draft, and refuses the live reload once armed: stands for a file change that races a deployment. */
    private static final class RefusingReload implements SnapshotGate {
        volatile boolean armed;

        @Override
        public List<ReloadProblem> check(Snapshot candidate) {
            return armed ? List.of(new ReloadProblem("rules", "hygiene.drl", 3, null, "refused by the test")) : List.of();
        }

        @Override
        public SnapshotGate forRules(Path rulesDir) {
            return candidate -> List.of();
        }
    }

    @Test
    void when_the_reload_refuses_a_deployment_the_files_are_put_back_and_the_answer_is_409() throws Exception {
        RefusingReload gate = new RefusingReload();
        AppConfig config = TestApp.config(rules, dir.resolve("catalog")).withAdminToken(TestApp.ADMIN_TOKEN);
        try (TestApp app = TestApp.start(config, Duration.ofSeconds(30), gate)) {
            String live = Files.readString(rules.resolve("hygiene.drl"));
            String version = app.get("/api/v1/health").json().get("rulesVersion").asText();
            gate.armed = true;

            TestApp.Response r = DraftApiTest.send(app, "POST", "/api/v1/admin/deployments",
                    body(change("rules", "hygiene.drl", live + "\n// a change\n", null), change("rules", "more.drl", "package wegweiser.rules;\n", null)),
                    "Bearer " + TestApp.ADMIN_TOKEN);

            assertEquals(409, r.status(), r.text());
            assertEquals("refused by the test", r.json().get("problems").get(0).get("message").asText(), r.text());
            assertEquals(live, Files.readString(rules.resolve("hygiene.drl")));
            assertFalse(Files.exists(rules.resolve("more.drl")));
            assertEquals(version, app.get("/api/v1/health").json().get("rulesVersion").asText());
            assertEquals(0, DraftApiTest.send(app, "GET", "/api/v1/admin/deployments", null, "Bearer " + TestApp.ADMIN_TOKEN)
                    .json().get("deployments").size());
        }
    }
}
