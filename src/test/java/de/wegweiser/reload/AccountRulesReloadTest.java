package de.wegweiser.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Account rules change while the service runs: checked like every rule file, deployed at once, and the account list follows. */
class AccountRulesReloadTest {

    @TempDir
    Path dir;
    private Path rules;
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Path catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
        app = TestApp.start(TestApp.config(rules, catalog).withAdminToken(TestApp.ADMIN_TOKEN));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private JsonNode reload() throws Exception {
        TestApp.Response response = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/reload"))
                .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private String gaps(String account) throws Exception {
        TestApp.Response response = app.contacts("GET", "/api/v1/accounts/" + account, null);
        assertEquals(200, response.status(), response.text());
        return response.json().get("gaps").toString();
    }

    private String listedWithMissingRoles() throws Exception {
        return app.contacts("GET", "/api/v1/accounts?gap=missing-role", null).json().get("accounts").toString();
    }

    @Test
    void a_hostile_account_rule_is_refused_and_a_changed_buying_center_is_live_at_once() throws Exception {
        app.contacts("PUT", "/api/v1/contacts/solo", "{\"role\": \"it\", \"language\": \"en\", \"account\": \"solo-gmbh\"}");
        assertTrue(gaps("solo-gmbh").contains("Nobody is known yet for production"));
        assertTrue(listedWithMissingRoles().contains("solo-gmbh"));
        JsonNode before = reload().get("live");
        assertTrue(before.get("accountRuleFiles").toString().contains("account/gaps.drl"), before.toString());
        assertEquals(30, before.at("/accountSettings/activeDays").asInt());

        Files.writeString(rules.resolve("account/attack.drl"), """
                package wegweiser.account;
                import de.wegweiser.domain.Account;
                import function de.wegweiser.rules.Accounts.roleMissing;

                // Tries to run a program.
                rule "Attack"
                    when
                        $account : Account()
                    then
                        Runtime.getRuntime().exec("id");
                end
                """);
        JsonNode refused = reload();
        assertEquals("failed", refused.get("outcome").asText());
        assertEquals("account/attack.drl", refused.at("/problems/0/file").asText(), refused.toString());
        assertEquals(10, refused.at("/problems/0/line").asInt());
        assertEquals(before.get("accountRulesVersion"), refused.at("/live/accountRulesVersion"));
        Files.delete(rules.resolve("account/attack.drl"));

        // marketing decides that the buying center no longer needs anyone of production
        Path file = rules.resolve("account/buying-center.drl");
        String text = Files.readString(file);
        int start = text.indexOf("// The people on the shop floor");
        int end = text.indexOf("end\n", start) + 4;
        Files.writeString(file, text.substring(0, start) + text.substring(end));
        // an account scenario still expects production to be missing: the change is not deployed
        JsonNode pinned = reload();
        assertEquals("failed", pinned.get("outcome").asText(), pinned.toString());
        assertEquals("scenarios/accounts.yaml", pinned.at("/problems/0/file").asText(), pinned.toString());
        assertTrue(pinned.at("/problems/0/message").asText().contains("missingRoles"), pinned.toString());
        assertEquals(before.get("accountRulesVersion"), pinned.at("/live/accountRulesVersion"));
        // the marketer updates the scenario with the rule
        Path scenarios = rules.resolve("scenarios/accounts.yaml");
        String scenario = Files.readString(scenarios);
        Files.writeString(scenarios, scenario.replace("missingRoles: [managing-director, production]", "missingRoles: [managing-director]")
                .replace("        - {kind: missing-role, role: production}\n", ""));
        JsonNode deployed = reload();
        assertEquals("deployed", deployed.get("outcome").asText(), deployed.toString());
        assertNotEquals(before.get("accountRulesVersion"), deployed.at("/live/accountRulesVersion"));
        assertEquals(before.get("rulesVersion"), deployed.at("/live/rulesVersion"), "the recommendation rules did not change");
        assertFalse(gaps("solo-gmbh").contains("production"), gaps("solo-gmbh"));
        assertTrue(gaps("solo-gmbh").contains("Nobody is known yet for finance"));

        // the list's summaries were made by the old rules: they are made again before listing
        Files.delete(scenarios); // this buying center is a test of the list, not one marketing would keep
        Files.writeString(file, text.replace("needsRole($account, \"managing-director\"", "needsRole($account, \"it\"")
                .replace("needsRole($account, \"head-of-sales\"", "needsRole($account, \"it\"")
                .replace("needsRole($account, \"production\"", "needsRole($account, \"it\"")
                .replace("needsRole($account, \"finance\"", "needsRole($account, \"it\""));
        assertEquals("deployed", reload().get("outcome").asText());
        assertFalse(listedWithMissingRoles().contains("solo-gmbh"), "only IT is needed now, and IT is there");
    }
}
