package de.wegweiser.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.RuleInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenarios run on the real rules and catalog, on the tests' fixed day. */
class ScenarioRunnerTest {

    private static Snapshot snapshot;
    private static ScenarioRunner runner;

    @BeforeAll
    static void load() throws Exception {
        snapshot = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
        runner = new ScenarioRunner(snapshot, TestApp.TODAY);
    }

    @Test
    void the_candidates_among_some_items_are_those_of_the_whole_ranking_in_the_same_order() {
        // "no onboarding guide at any position" evaluates only the onboarding guides: it must see what the whole list shows
        List<String> formats = snapshot.catalog().items().stream().map(i -> i.format()).distinct().toList();
        for (var probe : RuleDiff.generatedContacts(snapshot.catalog().taxonomy()).subList(0, 60)) {
            // the whole ranking once per contact; a fresh outcome per format, which has evaluated nothing yet
            List<de.wegweiser.recommend.Recommendation> ranked = runner.outcome(probe.contact()).ranked();
            for (String format : formats) {
                List<String> among = runner.outcome(probe.contact()).candidatesAmong(i -> i.format().equals(format)).stream()
                        .map(r -> r.item().id()).toList();
                List<String> whole = ranked.stream()
                        .filter(r -> r.item().format().equals(format)).map(r -> r.item().id()).toList();
                assertEquals(whole, among, probe.label() + ", " + format);
            }
        }
    }

    @Test
    void an_items_verdict_worked_out_alone_is_the_one_of_the_whole_catalog() {
        // "excludedBy" and failure messages evaluate the items they name, not the catalog
        List<de.wegweiser.domain.ContentItem> items = snapshot.catalog().items();
        for (var probe : RuleDiff.generatedContacts(snapshot.catalog().taxonomy()).subList(0, 40)) {
            var whole = snapshot.evaluator().evaluate(probe.contact(), TestApp.TODAY);
            for (int i = probe.label().length() % 5; i < items.size(); i += 5) {
                String id = items.get(i).id();
                assertEquals(whole.verdict(id), runner.outcome(probe.contact()).verdict(id), probe.label() + ", " + id);
            }
        }
    }

    // ---------------------------------------------------------------- the bundled scenarios (frozen copy)
    // The shipped ones, in rules/scenarios, are run by ShippedFilesTest.

    @Test
    void a_rule_change_that_breaks_a_scenario_is_reported_as_failed_with_the_reason(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        Path hygiene = rules.resolve("hygiene.drl");
        // a marketer turns "never twice" into a small penalty
        Files.writeString(hygiene, Files.readString(hygiene)
                .replace("exclude($item, \"Already consumed\", \"Bereits genutzt\");", "recommend($item, -5, \"Already consumed\");"));
        Snapshot changed = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, rules);
        ScenarioReport report = new ScenarioRunner(changed, TestApp.TODAY).run(shipped(changed).scenarios());

        List<ScenarioResult> failed = report.results().stream().filter(r -> !r.passed()).toList();
        assertEquals(List.of("Consumed items never come back"), failed.stream().map(r -> r.scenario().name()).toList());
        List<String> reasons = failed.get(0).failures().stream().map(ScenarioResult.Failure::describe).toList();
        assertEquals(3, reasons.size(), String.join("\n", reasons));
        assertTrue(reasons.get(0).startsWith("line 11 (notRecommended): expected no item that is consumed by the contact at any position, but found 2: "),
                reasons.get(0));
        assertTrue(reasons.get(1).startsWith("line 14 (excludedBy): expected item 'st-lieferantenauswahl-de' to be excluded by rule "
                + "\"Never offer consumed content again\", but it was not excluded: it is at position "), reasons.get(1));
        assertEquals(report.results().size() - 1, report.passed());
    }

    @Test
    void the_scenario_examples_in_the_guides_load_and_pass() throws Exception {
        int examples = 0;
        for (Path readme : List.of(Path.of("docs", "rules.md"), TestApp.SHIPPED_RULES.resolve(ScenarioLoader.FOLDER).resolve("README.md"))) {
            java.util.regex.Matcher block = java.util.regex.Pattern.compile("```yaml\n(scenarios:.*?)```", java.util.regex.Pattern.DOTALL)
                    .matcher(Files.readString(readme));
            while (block.find()) {
                ScenarioSet set = new ScenarioLoader(snapshot.catalog(), snapshot.rules().rules().stream().map(RuleInfo::name).toList())
                        .load(Map.of(readme.toString(), block.group(1)));
                assertEquals(List.of(), set.problems(), readme.toString());
                for (ScenarioResult result : runner.run(set.scenarios()).results()) {
                    assertTrue(result.passed(), readme + ": " + result.failures());
                    examples++;
                }
            }
        }
        assertTrue(examples >= 2, "the rule author's guide and the scenarios' README show a scenario");
    }

    // ---------------------------------------------------------------- each kind of expectation can fail

    @Test
    void in_top_fails_when_a_listed_format_or_item_is_missing_and_says_where_it_is() {
        ScenarioResult result = run("""
                contact: {role: managing-director, phase: intent-to-purchase, language: de, consumed: [cs-tauberfeld-co2-bilanz-de]}
                expect:
                  inTop:
                    formats: [case-study, onboarding-guide]
                    ids: [cs-tauberfeld-co2-bilanz-de]
                """);
        List<String> reasons = reasons(result);
        assertEquals(2, reasons.size(), String.join("\n", reasons));
        assertTrue(reasons.get(0).startsWith("line 5 (inTop): expected an item with format 'onboarding-guide' in the top 5, "
                + "but there is none (no candidate has it); the top 5: 1. "), reasons.get(0));
        assertEquals("line 5 (inTop): expected item 'cs-tauberfeld-co2-bilanz-de' in the top 5, but it was excluded by rule "
                + "\"Never offer consumed content again\" (Bereits genutzt)", reasons.get(1));
    }

    @Test
    void not_in_top_and_not_recommended_fail_on_an_item_that_is_there() {
        ScenarioResult result = run("""
                contact: {role: production, phase: conversion, language: de}
                expect:
                  notInTop:
                    n: 3
                    formats: [onboarding-guide, newsletter]
                  notRecommended: [tut-connect-user-roles-de]
                """);
        List<String> reasons = reasons(result);
        assertEquals(2, reasons.size(), String.join("\n", reasons));
        assertTrue(reasons.get(0).startsWith("line 5 (notInTop): expected no item with format 'onboarding-guide' in the top 3, but found "),
                reasons.get(0));
        assertTrue(reasons.get(1).startsWith("line 8 (notRecommended): expected no item with id 'tut-connect-user-roles-de' at any position, "
                + "but found 1: 2. tut-connect-user-roles-de (tutorial, de, "), reasons.get(1));
    }

    @Test
    void all_in_top_fails_on_every_item_that_does_not_match() {
        ScenarioResult result = run("""
                contact: {role: it, phase: consideration, language: de}
                expect:
                  allInTop: {n: 3, languages: [en]}
                """);
        assertEquals(List.of("line 5 (allInTop): expected every item in the top 3 with language 'en', but "
                + result.top().subList(0, 3).stream().map(r -> "%d. %s (%s, de, %s)".formatted(result.top().indexOf(r) + 1,
                        r.item().id(), r.item().format(), Outcome.points(r.score()))).collect(Collectors.joining(", ")) + " do not"), reasons(result));
    }

    @Test
    void at_least_fails_when_too_few_items_match_all_fields() {
        ScenarioResult passing = run("""
                contact: {role: managing-director, phase: intent-to-purchase, language: de}
                expect:
                  atLeast: {count: 2, formats: [case-study, reference], concerns: [image]}
                """);
        assertTrue(passing.passed(), reasons(passing).toString());
        ScenarioResult failing = run("""
                contact: {role: managing-director, phase: intent-to-purchase, language: de}
                expect:
                  atLeast: {count: 2, formats: [case-study, reference], concerns: [price]}
                """);
        assertTrue(reasons(failing).get(0).startsWith("line 5 (atLeast): expected at least 2 items with format 'case-study' or 'reference' "
                + "and concern 'price' in the top 5, but found 0; the top 5: "), reasons(failing).toString());
    }

    @Test
    void rule_fired_fails_for_a_rule_that_gave_no_reason_in_the_top_or_for_the_item() {
        ScenarioResult result = run("""
                contact: {role: finance, phase: awareness, language: en}
                expect:
                  ruleFired:
                    - "Production: ease of use"
                    - "Finance: return on investment"
                    - {rule: "Loyalty: stay in touch and get more out of it", item: nl-customer-2026-11-de}
                """);
        List<String> reasons = reasons(result);
        assertEquals(2, reasons.size(), String.join("\n", reasons));
        assertTrue(reasons.get(0).startsWith("line 6 (ruleFired): expected rule \"Production: ease of use\" to fire for an item in the top 5, "
                + "but it fired for no item at all; the top 5: "), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("line 8 (ruleFired): expected rule \"Loyalty: stay in touch and get more out of it\" to fire for "
                + "item 'nl-customer-2026-11-de', but it did not; the rules that did: "), reasons.get(1));
    }

    @Test
    void excluded_by_fails_when_another_rule_or_no_rule_excluded_the_item() {
        ScenarioResult result = run("""
                contact: {role: production, phase: loyalty, language: de, existingCustomer: true, consumed: [nl-customer-2026-11-de]}
                expect:
                  excludedBy:
                    - {rule: "Expired content is withdrawn", ids: [tut-tool-probe-measurement-de]}
                    - {rule: "Never offer consumed content again", ids: [nl-customer-2026-11-de]}
                """);
        List<String> reasons = reasons(result);
        assertEquals(1, reasons.size(), String.join("\n", reasons));
        assertTrue(reasons.get(0).startsWith("line 6 (excludedBy): expected item 'tut-tool-probe-measurement-de' to be excluded by rule "
                + "\"Expired content is withdrawn\", but it was not excluded: it is at position 1 with "), reasons.get(0));
    }

    @Test
    void a_scenario_with_events_checks_the_inferred_state_and_recommends_for_it() {
        ScenarioResult result = run("""
                contact: {role: finance, language: de}
                events:
                  - {type: content-view, item: blog-oee-explained-de, daysAgo: 30}
                  - {type: download, item: wp-roi-calculation}
                expect:
                  phase: consideration
                  phaseChangedBy: "Gated whitepaper download: consideration"
                  status: lead
                  score: {atLeast: 11.5, atMost: 11.5}
                  consumed: [blog-oee-explained-de, wp-roi-calculation]
                  allInTop: {consumed: false}
                  inTop: {phases: [consideration]}
                """);
        assertEquals(List.of(), reasons(result));
        assertTrue(result.passed());
    }

    @Test
    void a_wrong_expected_phase_fails_with_the_phases_the_rules_inferred_and_why() {
        ScenarioResult result = run("""
                contact: {role: finance, language: de}
                events:
                  - {type: content-view, item: blog-oee-explained-de}
                  - {type: newsletter-signup, id: signup}
                expect:
                  phase: consideration
                  status: mql
                  phaseChangedBy: "Gated whitepaper download: consideration"
                """);
        List<String> reasons = reasons(result);
        assertEquals(List.of(
                "line 8 (phase): expected phase 'consideration' after the events, but the contact is in 'favorability'; the phases: "
                        + "non-awareness -> awareness (\"First content view: awareness\", event e1) -> favorability (\"Newsletter signup: favorability\", event signup)",
                "line 9 (status): expected status 'mql' after the events, but the contact has 'subscriber' (lead score 8); the statuses: "
                        + "no status -> subscriber (\"Newsletter signup: subscriber\", event signup)",
                "line 10 (phaseChangedBy): expected journey rule \"Gated whitepaper download: consideration\" to move the contact's phase, but it did not; "
                        + "the phases: non-awareness -> awareness (\"First content view: awareness\", event e1) -> favorability (\"Newsletter signup: favorability\", event signup)"),
                reasons);
    }

    @Test
    void scenario_events_go_through_the_same_journey_rules_as_the_server_so_a_changed_threshold_changes_the_status(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        Path settings = rules.resolve("journey").resolve("settings.drl");
        Files.writeString(settings, Files.readString(settings).replace("mqlScore : int = 40", "mqlScore : int = 10"));
        Snapshot changed = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, rules);
        String text = """
                scenarios:
                  - name: under test
                    contact: {role: finance}
                    events:
                      - {type: download, item: wp-roi-calculation}
                    expect:
                      status: lead
                """;
        Scenario scenario = new ScenarioLoader(snapshot.catalog(), List.of()).load(Map.of("t.yaml", text)).scenarios().get(0);
        assertTrue(runner.run(scenario).passed());
        assertEquals(List.of("line 7 (status): expected status 'lead' after the events, but the contact has 'mql' (lead score 10); the statuses: "
                        + "no status -> lead (\"Download behind a form: lead\", event e1) -> mql (\"Lead score reached: marketing-qualified\", event e1)"),
                reasons(new ScenarioRunner(changed, TestApp.TODAY).run(scenario)));
    }

    @Test
    void the_report_counts_passed_and_failed_scenarios_and_keeps_their_order() {
        ScenarioSet set = new ScenarioLoader(snapshot.catalog(), List.of()).load(Map.of("t.yaml", """
                scenarios:
                  - name: passes
                    contact: {role: it, phase: awareness}
                    expect: {inTop: {concerns: [security]}}
                  - name: fails
                    contact: {role: it, phase: awareness}
                    expect: {notInTop: {concerns: [security]}}
                """));
        ScenarioReport report = runner.run(set.scenarios());
        assertEquals(List.of(true, false), report.results().stream().map(ScenarioResult::passed).toList());
        assertEquals(1, report.passed());
        assertEquals(1, report.failed());
        assertFalse(report.allPassed());
        assertEquals(TestApp.TODAY, report.date());
    }

    // ---------------------------------------------------------------- accounts

    private static final String COMPANY = """
            account:
              members:
                - contact: {id: anna, role: finance, language: en}
                  events:
                    - {type: download, item: wp-roi-calculation}
                - contact: {id: ben, role: head-of-sales, language: en}
                  events:
                    - {type: download, item: wp-capacity-wins-orders-en}
                - contact: {id: carla, role: it, language: en}
                  events:
                    - {type: content-view, item: wp-opc-ua-mes-integration-en}
            """;

    @Test
    void an_account_scenario_judges_the_company_from_what_each_member_did() {
        ScenarioResult result = run(COMPANY + """
                expect:
                  phase: consideration
                  status: lead
                  missingRoles: [managing-director, production]
                  seen: {finance: [roi], it: [integration], head-of-sales: [price, efficiency]}
                  unseen: {it: [security]}
                  gaps:
                    - {kind: lagging-member, member: carla}
                    - {kind: unseen-concern, role: it, concern: security}
                  noGaps:
                    - {kind: missing-role, role: finance}
                """);
        assertEquals(List.of(), reasons(result));
        assertEquals(List.of(), result.top(), "an account scenario has no list of its own");
    }

    @Test
    void a_failing_account_expectation_says_what_the_account_rules_made_of_the_company() {
        ScenarioResult result = run(COMPANY + """
                expect:
                  phase: awareness
                  missingRoles: [it]
                  seen: {finance: [price]}
                  gaps:
                    - {kind: missing-role, role: finance}
                  noGaps:
                    - {kind: lagging-member}
                """);
        List<String> reasons = reasons(result);
        assertEquals(5, reasons.size(), String.join("\n", reasons));
        assertEquals("line 15 (phase): expected the account in phase 'awareness', but it is in 'consideration' "
                + "(rule \"Most active members have reached the phase\"); the members: anna (finance, consideration, active), "
                + "ben (head-of-sales, consideration, active), carla (it, awareness, active)", reasons.get(0));
        assertEquals("line 16 (missingRoles): expected the roles missing are it, but the missing roles are managing-director, production",
                reasons.get(1));
        assertEquals("line 17 (seen): expected that finance has seen content on price, but not for price; 1 member(s) with the role, seen: roi",
                reasons.get(2));
        assertTrue(reasons.get(3).startsWith("line 19 (gaps): expected a gap missing-role (role finance), but there is none; the gaps: "
                + "missing-role (role managing-director)"), reasons.get(3));
        assertTrue(reasons.get(4).startsWith("line 21 (noGaps): expected no gap lagging-member, but there is;"), reasons.get(4));
    }

    @Test
    void a_change_of_the_account_rules_fails_the_account_scenarios_that_pin_it(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        Path center = rules.resolve("account/buying-center.drl");
        // a marketer decides production no longer takes part in the purchase
        String text = Files.readString(center);
        int start = text.indexOf("// The people on the shop floor");
        int end = text.indexOf("end", text.indexOf("needsRole($account, \"production\"")) + "end".length();
        Files.writeString(center, text.substring(0, start) + text.substring(end));
        Snapshot changed = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, rules);
        ScenarioReport report = new ScenarioRunner(changed, TestApp.TODAY).run(shipped(changed).scenarios());

        List<ScenarioResult> failed = report.results().stream().filter(r -> !r.passed()).toList();
        assertEquals(List.of("Three colleagues of a machine builder are in consideration, with managing director and production still unknown"),
                failed.stream().map(r -> r.scenario().name()).toList());
        assertEquals(List.of("missingRoles", "gaps"), failed.get(0).failures().stream().map(ScenarioResult.Failure::expectation).toList());
    }

    // ---------------------------------------------------------------- helpers

    private static ScenarioSet shipped(Snapshot snapshot) {
        return new ScenarioLoader(snapshot.catalog(), snapshot.rules().rules().stream().map(RuleInfo::name).toList())
                .load(TestApp.RULES.resolve(ScenarioLoader.FOLDER));
    }

    /** One scenario; its body is indented under {@code - name: under test}. */
    private static ScenarioResult run(String body) {
        String text = "scenarios:\n  - name: under test\n" + body.lines().map(l -> "    " + l).collect(Collectors.joining("\n")) + "\n";
        ScenarioSet set = new ScenarioLoader(snapshot.catalog(), snapshot.rules().rules().stream().map(RuleInfo::name).toList())
                .load(Map.of("t.yaml", text));
        assertEquals(List.of(), set.problems());
        return runner.run(set.scenarios().get(0));
    }

    private static List<String> reasons(ScenarioResult result) {
        return result.failures().stream().map(ScenarioResult.Failure::describe).toList();
    }

    private static Path copyOfRules(Path dir) throws Exception {
        return TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
    }
}
