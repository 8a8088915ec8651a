package de.wegweiser.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules and catalog change while the service runs: safely, atomically, and only when valid. */
class HotReloadTest {

    private static final String CONTACT = """
            {"contact": {"id": "c-reload", "role": "it", "phase": "consideration", "language": "de"}, "limit": 20}""";

    @TempDir
    Path dir;
    private Path rules;
    private Path catalog;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        rules = copy(TestApp.RULES, dir.resolve("rules"));
        catalog = copy(TestApp.CATALOG, dir.resolve("catalog"));
        app = TestApp.start(TestApp.config(rules, catalog).withAdminToken(TestApp.ADMIN_TOKEN).withWatch(true));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static Path copy(Path from, Path to) throws Exception {
        return TestApp.copyTree(from, to);
    }

    private TestApp.Response admin(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) request.header("Authorization", "Bearer " + token);
        return app.send(request.build());
    }

    private JsonNode reload() throws Exception {
        TestApp.Response response = admin("POST", "/api/v1/admin/reload", TestApp.ADMIN_TOKEN);
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static String variantRules(int n) {
        return """
                package wegweiser.rules;
                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;

                // Marks every recommendation with the rules variant that produced it.
                rule "Variant %d"
                    when
                        Contact()
                        $item : ContentItem()
                    then
                        recommend($item, 0.5, "variant %d");
                end
                """.formatted(n, n);
    }

    private static String variantCatalog(int n) {
        return """
                items:
                  - id: variant-%d
                    title: "Variante %d: Sicherheitsleitfaden"
                    summary: "Ein Testeintrag, der die Katalogversion markiert."
                    url: https://steinmark.example/de/test/variante-%d
                    format: whitepaper
                    language: de
                    phases: [consideration]
                    roles: [it]
                    concerns: [security, integration]
                    published: 2026-10-01
                """.formatted(n, n, n);
    }

    @Test
    void admin_endpoints_answer_401_without_a_token_and_403_with_a_wrong_one() throws Exception {
        TestApp.Response missing = admin("GET", "/api/v1/admin/status", null);
        assertEquals(401, missing.status());
        assertTrue(missing.contentType().startsWith("application/problem+json"));
        TestApp.Response wrong = admin("POST", "/api/v1/admin/reload", "not-the-token-but-long-enough");
        assertEquals(403, wrong.status());
        assertTrue(wrong.contentType().startsWith("application/problem+json"));
        assertEquals(200, admin("GET", "/api/v1/admin/status", TestApp.ADMIN_TOKEN).status());
    }

    @Test
    void admin_endpoints_are_off_when_no_token_is_configured() throws Exception {
        try (TestApp plain = TestApp.start()) {
            TestApp.Response status = plain.get("/api/v1/admin/status");
            assertEquals(404, status.status());
            assertTrue(status.json().get("detail").asText().contains("WEGWEISER_ADMIN_TOKEN"));
            TestApp.Response reload = plain.post("/api/v1/admin/reload", "");
            assertEquals(404, reload.status());
        }
    }

    @Test
    void status_shows_live_versions_files_counts_and_load_times() throws Exception {
        JsonNode live = admin("GET", "/api/v1/admin/status", TestApp.ADMIN_TOKEN).json().get("live");
        JsonNode health = app.get("/api/v1/health").json();
        assertEquals(health.get("rulesVersion").asText(), live.get("rulesVersion").asText());
        assertEquals(health.get("catalogVersion").asText(), live.get("catalogVersion").asText());
        assertEquals(health.get("items").asInt(), live.get("items").asInt());
        assertTrue(live.get("ruleFiles").toString().contains("buying-center.drl"));
        assertTrue(live.get("catalogFiles").toString().contains("taxonomy.yaml"));
        assertTrue(live.get("rulesLoadedAt").asText().startsWith("2026-11-23T"));
    }

    @Test
    void a_broken_rule_file_is_not_deployed_and_the_last_good_version_keeps_serving() throws Exception {
        String before = app.get("/api/v1/health").json().get("rulesVersion").asText();
        Files.writeString(rules.resolve("broken.drl"), variantRules(1).replace("recommend($item, 0.5, \"variant 1\");", "recommend($item, 0.5, \"variant 1\";"));
        JsonNode report = reload();
        assertEquals("failed", report.get("outcome").asText());
        JsonNode problem = report.get("problems").get(0);
        assertEquals("rules", problem.get("source").asText());
        assertEquals("broken.drl", problem.get("file").asText());
        assertEquals(12, problem.get("line").asInt(), problem.toString());
        assertEquals("Variant 1", problem.get("where").asText());
        assertEquals(before, app.get("/api/v1/health").json().get("rulesVersion").asText());
        assertEquals(200, app.post("/api/v1/recommendations", CONTACT).status());

        JsonNode status = admin("GET", "/api/v1/admin/status", TestApp.ADMIN_TOKEN).json();
        assertEquals("failed", status.get("lastFailure").get("outcome").asText());
        assertEquals("broken.drl", status.get("lastFailure").get("problems").get(0).get("file").asText());

        Files.writeString(rules.resolve("broken.drl"), variantRules(1));
        JsonNode fixed = reload();
        // the file watcher may have deployed the fix already
        assertTrue(Set.of("deployed", "unchanged").contains(fixed.get("outcome").asText()), fixed.toString());
        assertNotEquals(before, app.get("/api/v1/health").json().get("rulesVersion").asText());
        assertTrue(app.post("/api/v1/recommendations", CONTACT).text().contains("Variant 1"));

        // the failure stays on record, marked as resolved by the version that went live with the fix
        JsonNode after = admin("GET", "/api/v1/admin/status", TestApp.ADMIN_TOKEN).json();
        assertEquals("failed", after.get("lastFailure").get("outcome").asText());
        assertEquals(app.get("/api/v1/health").json().get("rulesVersion").asText(),
                after.get("lastFailure").get("resolvedBy").get("rulesVersion").asText(), after.toString());
        assertTrue(after.get("lastFailure").get("problems").get(0).get("column").asInt() >= 0);
    }

    @Test
    void a_broken_catalog_is_not_deployed_and_reports_file_item_and_field() throws Exception {
        Files.writeString(catalog.resolve("variant.yaml"), variantCatalog(1).replace("[security, integration]", "[security, integraton]"));
        JsonNode report = reload();
        assertEquals("failed", report.get("outcome").asText());
        JsonNode problem = report.get("problems").get(0);
        assertEquals("catalog", problem.get("source").asText());
        assertEquals("variant.yaml", problem.get("file").asText());
        assertEquals("variant-1.concerns", problem.get("where").asText());
        assertTrue(problem.get("message").asText().contains("did you mean 'integration'"));
        assertEquals(404, app.get("/api/v1/catalog/variant-1").status());
    }

    private static final String EXTRA_JOURNEY_RULE = """
            package wegweiser.journey;
            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.Event;
            import de.wegweiser.domain.EventType;
            import function de.wegweiser.rules.Journey.addScore;

            // Page views count more during the campaign.
            rule "Campaign: page views count extra"
                when
                    $contact : Contact()
                    Event( type == EventType.PAGE_VIEW )
                then
                    addScore($contact, 7, "Visited during the campaign");
            end
            """;

    private String pageViewRules(String contactId, String eventId) throws Exception {
        TestApp.Response put = app.contacts("PUT", "/api/v1/contacts/" + contactId, "{\"role\": \"it\"}");
        assertTrue(put.status() == 201 || put.status() == 200, put.text());
        TestApp.Response receipt = app.contacts("POST", "/api/v1/contacts/" + contactId + "/events",
                "{\"id\": \"" + eventId + "\", \"type\": \"page-view\", \"at\": \"2026-11-23T08:00:00Z\"}");
        assertEquals(200, receipt.status(), receipt.text());
        return receipt.json().get("changes").toString();
    }

    @Test
    void a_broken_journey_rule_is_not_deployed_and_a_fixed_one_changes_only_the_journey_rules() throws Exception {
        JsonNode before = admin("GET", "/api/v1/admin/status", TestApp.ADMIN_TOKEN).json().get("live");
        assertTrue(before.get("journeyRuleFiles").toString().contains("journey/phases.drl"), before.toString());
        assertEquals(40, before.get("journeySettings").get("mqlScore").asInt());

        Files.writeString(rules.resolve("journey/campaign.drl"), EXTRA_JOURNEY_RULE.replace("addScore($contact, 7,", "addScore($contact 7,"));
        JsonNode failed = reload();
        assertEquals("failed", failed.get("outcome").asText());
        JsonNode problem = failed.get("problems").get(0);
        assertEquals("journey/campaign.drl", problem.get("file").asText());
        assertEquals(13, problem.get("line").asInt(), problem.toString());
        assertEquals(before.get("journeyRulesVersion"), failed.get("live").get("journeyRulesVersion"));
        assertFalse(pageViewRules("c-campaign-1", "e-1").contains("Campaign"), "the broken rule is not live");

        Files.writeString(rules.resolve("journey/campaign.drl"), EXTRA_JOURNEY_RULE);
        JsonNode deployed = reload();
        assertTrue(Set.of("deployed", "unchanged").contains(deployed.get("outcome").asText()), deployed.toString());
        JsonNode live = deployed.get("live");
        assertNotEquals(before.get("journeyRulesVersion"), live.get("journeyRulesVersion"));
        assertEquals(before.get("rulesVersion"), live.get("rulesVersion"), "the recommendation rules did not change");
        assertTrue(pageViewRules("c-campaign-2", "e-1").contains("Campaign: page views count extra"));
    }

    @Test
    void a_rule_change_that_breaks_a_marketers_scenario_is_not_deployed() throws Exception {
        String before = app.get("/api/v1/health").json().get("rulesVersion").asText();
        Path file = rules.resolve("buying-center.drl");
        // a well-formed edit with a bad effect: production content about ease of use now sinks
        Files.writeString(file, Files.readString(file).replace(
                "recommend($item, 20, \"Production staff care about ease of use\"",
                "recommend($item, -60, \"Production staff care about ease of use\""));
        JsonNode report = reload();
        assertEquals("failed", report.get("outcome").asText(), report.toString());
        JsonNode problem = report.get("problems").get(0);
        assertEquals("scenarios", problem.get("source").asText());
        assertEquals("scenarios/buying-center.yaml", problem.get("file").asText());
        assertEquals("Production staff get content about ease of use", problem.get("where").asText());
        assertTrue(problem.get("line").asInt() > 0);
        assertEquals(before, app.get("/api/v1/health").json().get("rulesVersion").asText());
    }

    @Test
    void a_rule_outside_the_fast_rule_contract_goes_live_with_a_warning_and_without_narrowing() throws Exception {
        assertTrue(admin("GET", "/api/v1/admin/status", TestApp.ADMIN_TOKEN).json().get("live").get("narrowing").asBoolean());
        Files.writeString(rules.resolve("grouped.drl"), variantRules(3).replace("    when", "    agenda-group \"later\"\n    when"));
        JsonNode deployed = reload();
        assertEquals("deployed", deployed.get("outcome").asText(), deployed.toString());
        JsonNode live = deployed.get("live");
        assertFalse(live.get("narrowing").asBoolean());
        String warnings = live.get("ruleWarnings").toString();
        JsonNode grouped = null;
        for (JsonNode warning : live.get("ruleWarnings")) if (warning.get("file").asText().equals("grouped.drl")) grouped = warning;
        assertTrue(grouped != null && grouped.get("line").asInt() == 7 && warnings.contains("agenda-group")
                && warnings.contains("evaluates the whole catalog"), warnings);
        assertEquals(200, app.post("/api/v1/recommendations", CONTACT).status());

        Files.delete(rules.resolve("grouped.drl"));
        assertTrue(reload().get("live").get("narrowing").asBoolean());
    }

    @Test
    void reloading_unchanged_files_changes_nothing() throws Exception {
        assertEquals("unchanged", reload().get("outcome").asText());
    }

    @Test
    void a_saved_file_goes_live_without_any_request() throws Exception {
        String before = app.get("/api/v1/health").json().get("catalogVersion").asText();
        Files.writeString(catalog.resolve("variant.yaml"), variantCatalog(7));
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (app.get("/api/v1/catalog/variant-7").status() != 200) {
            assertTrue(System.nanoTime() < deadline, "the watcher did not deploy the new catalog within 15 s");
            Thread.sleep(50);
        }
        assertNotEquals(before, app.get("/api/v1/health").json().get("catalogVersion").asText());
    }

    @Tag("slow") // load from 4 threads during 20 file changes
    @Test
    void requests_from_4_threads_never_fail_and_each_comes_from_one_version_while_files_change_20_times() throws Exception {
        Files.writeString(rules.resolve("variant.drl"), variantRules(0));
        Files.writeString(catalog.resolve("variant.yaml"), variantCatalog(0));
        assertTrue(Set.of("deployed", "unchanged").contains(reload().get("outcome").asText())); // the watcher may have been first

        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, Integer> rulesVariantOfVersion = new ConcurrentHashMap<>();
        Map<String, Integer> catalogVariantOfVersion = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        int[] requests = new int[4];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    try {
                        TestApp.Response response = app.post("/api/v1/recommendations", CONTACT);
                        requests[thread]++;
                        if (response.status() != 200) {
                            failures.add(response.status() + " " + response.text());
                            continue;
                        }
                        check(response.json(), rulesVariantOfVersion, catalogVariantOfVersion, failures);
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }));
        }
        Set<String> deployedRules = new TreeSet<>();
        for (int round = 1; round <= 20; round++) {
            if (round % 2 == 1) { // broken in turn: neither may go live
                Files.writeString(rules.resolve("variant.drl"), variantRules(round).replace("end\n", ""));
                Files.writeString(catalog.resolve("variant.yaml"), variantCatalog(round).replace("format: whitepaper", "format: whitepapr"));
                assertEquals("failed", reload().get("outcome").asText());
            } else {
                Files.writeString(rules.resolve("variant.drl"), variantRules(round));
                Files.writeString(catalog.resolve("variant.yaml"), variantCatalog(round));
                JsonNode report = reload();
                assertTrue(Set.of("deployed", "unchanged").contains(report.get("outcome").asText()), report.toString()); // the watcher may have been first
                deployedRules.add(report.get("live").get("rulesVersion").asText());
            }
            Thread.sleep(100);
        }
        running.set(false);
        for (Future<?> worker : workers) worker.get();
        pool.shutdown();

        assertEquals(List.of(), failures);
        assertEquals(10, deployedRules.size(), "every fixed round went live");
        assertTrue(rulesVariantOfVersion.size() >= 5, "requests saw many versions: " + rulesVariantOfVersion);
        assertTrue(java.util.Arrays.stream(requests).sum() > 100, "requests ran during the swaps");
        assertTrue(rulesVariantOfVersion.values().stream().allMatch(v -> v % 2 == 0), "a broken variant went live: " + rulesVariantOfVersion);
        assertTrue(catalogVariantOfVersion.values().stream().allMatch(v -> v % 2 == 0), "a broken catalog went live: " + catalogVariantOfVersion);
    }

    /** One response: exactly one rules variant and at most one catalog variant, always the same for a version. */
    private static void check(JsonNode body, Map<String, Integer> rulesOfVersion, Map<String, Integer> catalogOfVersion, List<String> failures) {
        Set<Integer> ruleVariants = new TreeSet<>();
        Set<Integer> itemVariants = new TreeSet<>();
        for (JsonNode recommendation : body.get("recommendations")) {
            String id = recommendation.get("id").asText();
            if (id.startsWith("variant-")) itemVariants.add(Integer.parseInt(id.substring(8)));
            for (JsonNode reason : recommendation.get("reasons")) {
                String rule = reason.get("rule").asText();
                if (rule.startsWith("Variant ")) ruleVariants.add(Integer.parseInt(rule.substring(8)));
            }
        }
        if (ruleVariants.size() != 1) failures.add("rules variants in one response: " + ruleVariants);
        if (itemVariants.size() > 1) failures.add("catalog variants in one response: " + itemVariants);
        if (!ruleVariants.isEmpty()) {
            Integer seen = rulesOfVersion.putIfAbsent(body.get("rulesVersion").asText(), ruleVariants.iterator().next());
            if (seen != null && !ruleVariants.contains(seen)) failures.add("rules version answered with two variants");
        }
        if (!itemVariants.isEmpty()) {
            Integer seen = catalogOfVersion.putIfAbsent(body.get("catalogVersion").asText(), itemVariants.iterator().next());
            if (seen != null && !itemVariants.contains(seen)) failures.add("catalog version answered with two variants");
        }
    }
}
