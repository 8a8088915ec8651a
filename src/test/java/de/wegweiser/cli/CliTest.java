package de.wegweiser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.scenarios.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in process, on the real rules, catalog and scenarios, on the tests' fixed day. */
class CliTest {

    private static final String DAY = TestApp.TODAY.toString();
    private static int shippedScenarios;
    private static int contactScenarios;

    @TempDir
    Path temp;

    @BeforeAll
    static void countScenarios() throws Exception {
        var scenarios = new ScenarioLoader(new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG), List.of())
                .load(TestApp.RULES.resolve(ScenarioLoader.FOLDER)).scenarios();
        shippedScenarios = scenarios.size();
        contactScenarios = (int) scenarios.stream().filter(s -> !s.isAboutAccount()).count(); // diff compares contacts
    }

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {
        List<String> lines() { return out.lines().toList(); }

        String last() { return lines().get(lines().size() - 1); }

        JsonNode json() throws Exception { return TestApp.JSON.readTree(out); }
    }

    // ---------------------------------------------------------------- check

    @Test
    void check_exits_0_on_the_bundled_rules_and_ends_with_the_count_of_passed_checks() {
        Run run = cli("check", "--rules", TestApp.RULES.toString(), "--date", DAY);
        assertEquals(0, run.code(), run.out() + run.err());
        assertEquals((2 + shippedScenarios) + " passed, 0 failed", run.last());
        assertTrue(run.out().contains("Catalog and taxonomy: ok, 227 items"), run.out());
        assertTrue(run.out().contains("Rules: ok, "), run.out());
        assertTrue(run.out().contains("  " + TestApp.RULES.resolve("scenarios/buying-center.yaml") + "\n    ok    CEO at intent to purchase gets case studies and references about image"),
                run.out());
    }

    @Test
    void check_exits_non_zero_on_a_broken_copy_and_names_file_line_and_the_failed_scenario() throws Exception {
        Path rules = copyOfRules();
        Path center = rules.resolve("buying-center.drl");
        Files.writeString(center, Files.readString(center).replace("concerns contains \"roi\"", "concerns contains \"roii\""));
        Run lint = cli("check", "--rules", rules.toString(), "--date", DAY);
        assertEquals(1, lint.code());
        assertEquals("1 passed, 1 failed", lint.last(), "catalog passed, rules failed; scenarios not run");
        assertTrue(lint.out().contains(rules.resolve("buying-center.drl") + ":" + lineOf(center, "\"roii\"")
                + ":48 (rule \"Finance: return on investment\"): unknown concern 'roii'; did you mean 'roi'?"), lint.out());
        assertTrue(lint.out().contains("not run, the rules have errors"), lint.out());

        Files.writeString(center, Files.readString(center).replace("\"roii\"", "\"roi\"")
                .replace("recommend($item, 20, \"Finance weighs", "recommend($item, -20, \"Finance weighs"));
        Run scenario = cli("check", "--rules", rules.toString(), "--date", DAY);
        assertEquals(1, scenario.code());
        // the two scenarios that expect content about the return on investment for finance fail
        assertEquals(shippedScenarios + " passed, 2 failed", scenario.last());
        assertTrue(scenario.out().contains("    FAIL  Finance in awareness learns about the return on investment  ("
                + rules.resolve("scenarios/buying-center.yaml") + ":"), scenario.out());
        assertTrue(scenario.out().contains("    FAIL  Consideration gets numbers and facts against the alternatives  ("
                + rules.resolve("scenarios/journey-phases.yaml") + ":"), scenario.out());
    }

    @Test
    void check_counts_a_broken_catalog_and_an_invalid_scenario_as_failed_checks() throws Exception {
        Path rules = copyOfRules();
        Path scenarios = rules.resolve("scenarios/hygiene.yaml");
        Files.writeString(scenarios, Files.readString(scenarios).replace("role: it", "role: itt"));
        Run run = cli("check", "--rules", rules.toString(), "--date", DAY);
        assertEquals(1, run.code());
        assertEquals((1 + shippedScenarios) + " passed, 1 failed", run.last());
        assertTrue(run.out().contains("field 'contact.role': unknown role 'itt'; did you mean 'it'?"), run.out());

        Path catalog = Files.createDirectories(temp.resolve("catalog"));
        Files.copy(TestApp.CATALOG.resolve("taxonomy.yaml"), catalog.resolve("taxonomy.yaml"));
        Files.writeString(catalog.resolve("webinars.yaml"), "items:\n  - id: web-x\n    format: webnar\n");
        Run broken = cli("check", "--catalog", catalog.toString(), "--date", DAY);
        assertEquals(1, broken.code());
        assertEquals("1 passed, 1 failed", broken.last(), "catalog failed, rules passed without the term check");
        assertTrue(broken.out().contains("webinars.yaml:3 item 'web-x' field 'format': unknown format 'webnar'; did you mean 'webinar'?"), broken.out());
        assertTrue(broken.out().contains("terms not checked: the catalog did not load"), broken.out());
    }

    @Test
    void check_json_parses_with_findings_and_scenario_results() throws Exception {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("extra.drl"), """
                package wegweiser.rules;
                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;
                rule "Uncommented"
                    when
                        Contact( role == "it" )
                        $item : ContentItem( concerns contains "security" )
                    then
                        recommend($item, 1, "Security");
                end
                """);
        Run run = cli("check", "--rules", rules.toString(), "--date", DAY, "--json");
        assertEquals(0, run.code(), "a warning does not fail the check: " + run.err());
        JsonNode json = run.json();
        assertEquals(DAY, json.get("date").asText());
        assertEquals(2 + shippedScenarios, json.get("passed").asInt());
        assertEquals(0, json.get("failed").asInt());
        JsonNode warning = json.get("findings").get(0);
        assertEquals(rules.resolve("extra.drl").toString(), warning.get("file").asText());
        assertEquals(5, warning.get("line").asInt());
        assertEquals(1, warning.get("column").asInt());
        assertEquals("warning", warning.get("severity").asText());
        assertEquals("no-intent-comment", warning.get("code").asText(), "programs read the code, people the message");
        assertTrue(warning.get("message").asText().startsWith("no comment of intent"), warning.toString());
        assertEquals(shippedScenarios, json.get("scenarios").size());
        for (JsonNode scenario : json.get("scenarios")) {
            assertTrue(scenario.get("passed").asBoolean(), scenario.toString());
            assertTrue(scenario.get("line").asInt() > 0);
            assertEquals(0, scenario.get("failures").size());
        }
        assertEquals(List.of("catalog", "rules"), names(json.get("checks")));
    }

    // ---------------------------------------------------------------- diff

    @Test
    void diff_against_a_copy_with_one_rules_points_changed_reports_the_moved_items() throws Exception {
        Path rules = copyOfRules();
        Path center = rules.resolve("buying-center.drl");
        Files.writeString(center, Files.readString(center).replace("recommend($item, 20, \"Production staff care about ease of use\"",
                "recommend($item, 35, \"Production staff care about ease of use\""));
        Run run = cli("diff", "--rules", rules.toString(), "--against", TestApp.RULES.toString(), "--date", DAY, "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode json = run.json();
        int contacts = json.get("contacts").asInt();
        assertEquals(contactScenarios + 8 * 7 * 2, contacts, "every scenario contact and every phase x role x language");
        assertTrue(json.get("changed").asInt() > 0);
        assertTrue(json.get("moved").asInt() + json.get("entered").asInt() > 0, json.toString());
        Set<String> kinds = new java.util.HashSet<>();
        for (JsonNode change : json.get("changes")) {
            assertEquals("production", change.get("contact").get("role").asText(), "only production contacts see the rule: " + change);
            for (JsonNode item : change.get("items")) {
                kinds.add(item.get("change").asText());
                if (!item.get("change").asText().equals("left")) {
                    assertTrue(item.get("after").get("score").asDouble() >= item.get("before").get("score").asDouble(), item.toString());
                }
            }
        }
        assertTrue(kinds.containsAll(Set.of("entered", "left", "moved", "score")), kinds.toString());

        Run text = cli("diff", "--rules", rules.toString(), "--against", TestApp.RULES.toString(), "--date", DAY);
        assertTrue(text.out().contains("contact loyalty / production / en\n"), text.out());
        assertTrue(text.lines().stream().anyMatch(l -> l.matches("  [v^] \\S+ \\(\\S+\\)  \\d+ -> \\d+; score \\d+ -> \\d+")), text.out());
        assertTrue(text.last().matches("\\d+ of " + contacts + " contacts changed: \\d+ entered, \\d+ left, \\d+ moved, \\d+ score changes"), text.last());
    }

    @Test
    void diff_against_the_catalog_before_an_item_changed_its_phase_reports_that_it_left() throws Exception {
        Path catalog = TestApp.copyTree(TestApp.CATALOG, temp.resolve("catalog-changed"));
        Path studies = catalog.resolve("studies.yaml");
        String text = Files.readString(studies);
        int at = text.indexOf("id: st-lieferantenauswahl-de");
        Files.writeString(studies, text.substring(0, at) + text.substring(at).replaceFirst("phases: \\[consideration]", "phases: [loyalty]"));
        Run run = cli("diff", "--catalog", catalog.toString(), "--against-catalog", TestApp.CATALOG.toString(), "--date", DAY, "--json");
        assertEquals(0, run.code(), run.err());
        JsonNode json = run.json();
        assertTrue(json.get("left").asInt() > 0, json.toString());
        boolean studyLeft = false;
        for (JsonNode change : json.get("changes")) {
            for (JsonNode item : change.get("items")) {
                if (item.get("change").asText().equals("left")) studyLeft |= item.get("id").asText().equals("st-lieferantenauswahl-de");
            }
        }
        assertTrue(studyLeft, "the study, now for loyal customers, leaves the top 5 of consideration: " + json);
    }

    @Test
    void diff_of_identical_rules_reports_no_change() throws Exception {
        Run run = cli("diff", "--rules", copyOfRules().toString(), "--against", TestApp.RULES.toString(), "--date", DAY);
        assertEquals(0, run.code(), run.err());
        assertEquals("0 of %d contacts changed: 0 entered, 0 left, 0 moved, 0 score changes".formatted(contactScenarios + 112), run.last());
    }

    @Test
    void diff_says_why_it_cannot_compare_broken_rules() throws Exception {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("hygiene.drl"), Files.readString(rules.resolve("hygiene.drl")).replace("Contact()", "Contact( rol == 1 )"));
        Run run = cli("diff", "--rules", rules.toString(), "--against", TestApp.RULES.toString(), "--date", DAY);
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("wegweiser diff: cannot compare.\nRules in " + rules + " have "), run.err());
    }

    // ---------------------------------------------------------------- usage

    @Test
    void wrong_usage_exits_2_with_a_message() {
        Run noAgainst = cli("diff");
        assertEquals(2, noAgainst.code());
        assertTrue(noAgainst.err().contains("--against DIR") && noAgainst.err().contains("--against-catalog DIR"), noAgainst.err());
        Run badDate = cli("check", "--date", "2026-02-30");
        assertEquals(2, badDate.code());
        assertTrue(badDate.err().contains("--date"), badDate.err());
        Run unknown = cli("chek");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("chek"), unknown.err());
        Run nothing = cli("--rules", "rules");
        assertEquals(2, nothing.code());
    }

    @Test
    void help_lists_both_commands() {
        Run help = cli("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("check") && help.out().contains("diff"), help.out());
        Run checkHelp = cli("check", "--help");
        assertTrue(checkHelp.out().contains("--date=YYYY-MM-DD"), checkHelp.out());
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Runs the command line in process. {@code check} and {@code diff} read the frozen catalog unless
     * a test names another: the shipped one belongs to the marketers.
     */
    private static Run cli(String... args) {
        if (args.length > 0 && List.of("check", "diff").contains(args[0]) && !List.of(args).contains("--catalog")) {
            String[] withCatalog = java.util.Arrays.copyOf(args, args.length + 2);
            withCatalog[args.length] = "--catalog";
            withCatalog[args.length + 1] = TestApp.CATALOG.toString();
            args = withCatalog;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = InProcess.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path copyOfRules() throws Exception {
        return TestApp.copyTree(TestApp.RULES, temp.resolve("rules-" + System.nanoTime()));
    }

    private static int lineOf(Path file, String fragment) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(fragment)) return i + 1;
        throw new AssertionError("no line contains " + fragment);
    }

    private static List<String> names(JsonNode checks) {
        List<String> names = new ArrayList<>();
        checks.forEach(c -> names.add(c.get("name").asText()));
        assertFalse(names.isEmpty());
        return names;
    }
}
