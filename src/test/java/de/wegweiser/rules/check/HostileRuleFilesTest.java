package de.wegweiser.rules.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The attacks that were found, end to end: hostile rule files reach the running service (reload)
 * and the command line ({@code check}), and no line of them runs. Each writes a marker file if it
 * ever runs, and some would end the process: the test JVM surviving is part of the proof.
 */
class HostileRuleFilesTest {

    @TempDir
    Path dir;

    private String journeyAttack(String action) {
        return """
                // Looks like an ordinary journey rule.
                package wegweiser.journey;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.Event;
                import de.wegweiser.domain.EventType;
                import function de.wegweiser.rules.Journey.addScore;

                // Every page view counts.
                rule "Page view: attack"
                    when
                        $contact : Contact()
                        Event( type == EventType.PAGE_VIEW )
                    then
                        addScore($contact, 1, "Visited a page");
                        %s
                end
                """.formatted(action);
    }

    private Path marker() {
        return dir.resolve("pwned");
    }

    /** Java that writes the marker, or ends the process. */
    private String[] payloads() {
        String path = marker().toString().replace("\\", "/");
        return new String[] {
                "java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + path + "\"), \"x\");",
                "System.exit(3);",
                "// \\u000a java.nio.file.Files.writeString(java.nio.file.Path.of(\"" + path + "\"), \"x\");",
                "insert(new Object());",
        };
    }

    @Test
    void a_hostile_journey_rule_is_refused_on_reload_and_never_runs() throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Path catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
        try (TestApp app = TestApp.start(TestApp.config(rules, catalog).withAdminToken(TestApp.ADMIN_TOKEN))) {
            String before = app.get("/api/v1/health").json().path("journeyRulesVersion").asText();
            for (String payload : payloads()) {
                Files.writeString(rules.resolve("journey/attack.drl"), journeyAttack(payload));
                TestApp.Response reload = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/reload"))
                        .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
                JsonNode body = reload.json();
                assertEquals("failed", body.path("outcome").asText(), reload.text());
                JsonNode problem = body.path("problems").get(0);
                assertEquals("journey/attack.drl", problem.path("file").asText(), reload.text());
                assertEquals(16, problem.path("line").asInt(), reload.text());
                assertFalse(Files.exists(marker()), "the rule ran: " + payload);
            }
            // still serving, still on the last good journey rules
            assertEquals(200, app.post("/api/v1/recommendations", """
                    {"contact": {"id": "c1", "role": "it", "phase": "consideration", "language": "de"}}""").status());
            JsonNode health = app.get("/api/v1/health").json();
            if (health.has("journeyRulesVersion")) assertEquals(before, health.path("journeyRulesVersion").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void the_check_command_refuses_a_hostile_rule_without_running_it(int payload) throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Files.writeString(rules.resolve("journey/attack.drl"), journeyAttack(payloads()[payload]));
        Files.writeString(rules.resolve("attack.drl"), """
                package wegweiser.rules;
                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;

                // Recommends everything, and more.
                rule "Everything"
                    when
                        Contact()
                        $item : ContentItem()
                    then
                        recommend($item, 1, "x"); %s
                end
                """.formatted(payloads()[payload]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(new String[] {"check", "--rules", rules.toString(), "--catalog", TestApp.CATALOG.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertTrue(code != 0, output);
        assertTrue(output.contains("attack.drl:"), output);
        assertFalse(Files.exists(marker()), "the rule ran");
    }
}
