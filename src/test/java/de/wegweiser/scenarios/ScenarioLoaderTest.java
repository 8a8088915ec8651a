package de.wegweiser.scenarios;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.JourneyPhase;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenario files are read strictly: every mistake with file, line, column, scenario, field and a suggestion. */
class ScenarioLoaderTest {

    private static final List<String> RULES = List.of("Production: ease of use", "Never offer consumed content again",
            "Managing director: image and strategy");

    /** A valid scenario; each test breaks one line of it. */
    private static final String VALID = """
            scenarios:
              - name: Production gets ease of use
                contact:
                  role: production
                  phase: consideration
                  language: en
                  concerns: [usability, efficiency]
                  consumed: [wp-roi-calculation]
                top: 5
                expect:
                  inTop:
                    formats: [success-story]
                  atLeast:
                    - count: 2
                      concerns: [usability]
                  notRecommended:
                    consumed: true
                  ruleFired:
                    - "Production: ease of use"
                  excludedBy:
                    - rule: "Never offer consumed content again"
                      ids: [wp-roi-calculation]
            """;

    private static Catalog catalog;

    @BeforeAll
    static void loadCatalog() throws Exception {
        catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
    }

    @Test
    void a_valid_file_gives_its_scenario_with_contact_top_and_expectations() {
        ScenarioSet set = load(VALID);
        assertEquals(List.of(), set.problems());
        Scenario scenario = set.scenarios().get(0);
        assertEquals("Production gets ease of use", scenario.name());
        assertEquals("test.yaml", scenario.file());
        assertEquals(2, scenario.line());
        assertEquals("production", scenario.contact().role());
        assertEquals(JourneyPhase.CONSIDERATION, scenario.contact().phase());
        assertEquals(Set.of("usability", "efficiency"), scenario.contact().concerns());
        assertEquals(Set.of("wp-roi-calculation"), scenario.contact().consumed());
        assertEquals(5, scenario.top());
        assertEquals(List.of("inTop", "atLeast", "notRecommended", "ruleFired", "excludedBy"),
                scenario.expectations().stream().map(Expectation::key).toList());
        assertEquals(List.of(11, 14, 16, 19, 21), scenario.expectations().stream().map(Expectation::line).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            misspelled key         # expect:                     # expext:                      # 10 # expext            # expext                         # unknown field 'expext'; did you mean 'expect'?
            unknown concern        # [usability, efficiency]     # [usability, efficency]       # 7  # efficency         # contact.concerns[1]            # unknown concern 'efficency'; did you mean 'efficiency'?
            unknown role           # role: production            # role: produktion             # 4  # produktion        # contact.role                   # unknown role 'produktion'; did you mean 'production'?
            unknown phase          # phase: consideration        # phase: considerashun         # 5  # considerashun     # contact.phase                  # unknown phase 'considerashun'; did you mean 'consideration'?
            unknown language       # language: en                # language: fr                 # 6  # fr                # contact.language               # unknown language 'fr'; known: de, en
            unknown consumed item  # consumed: [wp-roi-calculation] # consumed: [wp-roi-calculaton] # 8 # wp-roi-calculaton # contact.consumed[0]         # unknown item id 'wp-roi-calculaton'; did you mean 'wp-roi-calculation'?
            unknown format         # formats: [success-story]    # formats: [sucess-story]      # 12 # sucess-story      # expect.inTop.formats[0]        # unknown format 'sucess-story'; did you mean 'success-story'?
            unknown atLeast field  # concerns: [usability]       # concern: [usability]         # 15 # concern           # expect.atLeast[0].concern      # unknown field 'concern'; did you mean 'concerns'?
            unknown rule           # - "Production: ease of use" # - "Production: ease of us"   # 19 # "Production       # expect.ruleFired[0]            # unknown rule 'Production: ease of us'; did you mean 'Production: ease of use'?
            rule name not quoted   # - "Production: ease of use" # - Production: ease of use    # 19 # Production        # expect.ruleFired[0]            # a rule name with ': ' in it must be in quotes, e.g. "Production: ease of use"; or write rule: and item: for a rule that fires for one item
            top not a number       # top: 5                      # top: five                    # 9  # five              # top                            # must be a whole number from 1 to 50; got 'five'
            top too large          # top: 5                      # top: 51                      # 9  # 51                # top                            # must be a whole number from 1 to 50; got '51'
            count above n          # count: 2                    # count: 6                     # 14 # 6                 # expect.atLeast[0].count        # must be a whole number from 1 to 5; got '6'
            flag not a boolean     # consumed: true              # consumed: maybe              # 17 # maybe             # expect.notRecommended.consumed # must be true or false; got 'maybe'
            unknown excluded item  # ids: [wp-roi-calculation]   # ids: [webinar-2019]          # 22 # webinar-2019      # expect.excludedBy[0].ids[0]    # unknown item id 'webinar-2019'; it is not in the catalog
            """)
    void a_mistake_is_reported_with_line_column_scenario_field_and_the_nearest_known_value(
            String mistake, String valid, String broken, int line, String at, String field, String message) {
        String text = replaceOnce(VALID, valid, broken);
        ScenarioSet set = load(text);
        ScenarioProblem problem = only(set);
        int column = text.lines().toList().get(line - 1).indexOf(at) + 1;
        assertAll(problem.describe(),
                () -> assertEquals("test.yaml", problem.file()),
                () -> assertEquals(line, problem.line(), "line"),
                () -> assertEquals(column, problem.column(), "column"),
                () -> assertEquals("Production gets ease of use", problem.scenario()),
                () -> assertEquals(field, problem.field()),
                () -> assertEquals(message, problem.message()));
        assertEquals(List.of(), set.scenarios(), "a scenario with a mistake is not run");
        assertEquals(1, set.invalid());
    }

    @Test
    void a_problem_is_described_with_file_line_column_scenario_and_field() {
        ScenarioProblem problem = only(load(replaceOnce(VALID, "[usability, efficiency]", "[usability, efficency]")));
        assertEquals("test.yaml:7:29 scenario \"Production gets ease of use\" field 'contact.concerns[1]': "
                + "unknown concern 'efficency'; did you mean 'efficiency'?", problem.describe());
    }

    @Test
    void missing_role_phase_and_expectations_are_each_reported() {
        String text = """
                scenarios:
                  - name: Nothing to check
                    contact:
                      language: de
                """;
        List<ScenarioProblem> problems = load(text).problems();
        assertEquals(List.of("contact.role", "contact.phase", "expect"), problems.stream().map(ScenarioProblem::field).toList(), describe(problems));
        assertTrue(problems.get(0).message().startsWith("missing role: a role, e.g. managing-director, head-of-sales"), problems.get(0).message());
        assertEquals(List.of(4, 4, 2), problems.stream().map(ScenarioProblem::line).toList());
    }

    @Test
    void invalid_yaml_is_reported_at_the_line_of_the_mistake() {
        String text = replaceOnce(VALID, "formats: [success-story]", "formats: [success-story");
        ScenarioProblem problem = only(load(text));
        assertTrue(problem.message().startsWith("not valid YAML: "), problem.message());
        assertTrue(problem.line() >= 12 && problem.line() <= 13, problem.describe());
        assertEquals(null, problem.scenario());
    }

    @Test
    void a_broken_scenario_does_not_stop_the_others_in_the_same_file() {
        String text = VALID + """
                  - name: Finance sees the return on investment
                    contact: {role: finance, phase: awareness}
                    expect:
                      atLeast: {count: 2, concerns: [roi]}
                  - name: Broken
                    contact: {role: finance, phase: awarenes}
                    expect:
                      inTop: {formats: [blog-post]}
                """;
        ScenarioSet set = load(text);
        assertEquals(List.of("Production gets ease of use", "Finance sees the return on investment"),
                set.scenarios().stream().map(Scenario::name).toList());
        ScenarioProblem problem = only(set);
        assertEquals("Broken", problem.scenario());
        assertEquals("unknown phase 'awarenes'; did you mean 'awareness'?", problem.message());
    }

    @Test
    void scenario_names_are_unique_across_files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a.yaml", VALID);
        files.put("b.yaml", VALID);
        ScenarioSet set = new ScenarioLoader(catalog, RULES).load(files);
        ScenarioProblem problem = only(set);
        assertEquals("b.yaml", problem.file());
        assertEquals(2, problem.line());
        assertEquals("another scenario has the same name, at a.yaml:2; give each its own", problem.message());
        assertEquals(1, set.scenarios().size());
    }

    @Test
    void unknown_keys_at_every_level_get_the_nearest_known_key() {
        String text = """
                scenario:
                  - name: x
                """;
        assertEquals("unknown field 'scenario'; did you mean 'scenarios'?", only(load(text)).message());
        ScenarioProblem problem = only(load(replaceOnce(VALID, "role: production", "rolle: production")));
        assertEquals("unknown field 'rolle'; did you mean 'role'?", problem.message(), "said once, not again as a missing role");
        assertEquals("contact.rolle", problem.field());
    }

    @Test
    void rule_names_are_not_checked_when_no_rules_are_given() {
        String text = replaceOnce(VALID, "- \"Production: ease of use\"", "- \"A rule that does not exist yet\"");
        assertEquals(1, load(text).problems().size());
        assertEquals(List.of(), new ScenarioLoader(catalog, List.of()).load(Map.of("test.yaml", text)).problems());
    }

    @Test
    void the_scenarios_folder_of_the_shipped_rules_loads_without_problems() {
        ScenarioSet set = new ScenarioLoader(catalog, List.of()).load(TestApp.RULES.resolve(ScenarioLoader.FOLDER));
        assertEquals(List.of(), set.problems(), describe(set.problems()));
        assertTrue(set.scenarios().size() >= 15, "a scenario set for the default rules");
        assertEquals(new ScenarioLoader(catalog, List.of()).load(Path.of("no-such-folder")).scenarios(), List.of());
    }

    // ---------------------------------------------------------------- events

    /** A valid scenario with events; each test breaks one line of it. */
    private static final String WITH_EVENTS = """
            scenarios:
              - name: A gated download means consideration
                contact:
                  role: finance
                events:
                  - {type: content-view, item: blog-oee-explained-de, daysAgo: 3}
                  - type: download
                    item: wp-roi-calculation
                expect:
                  phase: consideration
                  status: lead
                  score: {atLeast: 10}
                  consumed: [wp-roi-calculation]
                  phaseChangedBy: "Gated whitepaper download: consideration"
            """;

    @Test
    void a_scenario_with_events_loads_with_generated_ids_and_starts_at_non_awareness() {
        ScenarioSet set = new ScenarioLoader(catalog, RULES, List.of("Gated whitepaper download: consideration")).load(Map.of("test.yaml", WITH_EVENTS));
        assertEquals(List.of(), set.problems(), describe(set.problems()));
        Scenario scenario = set.scenarios().get(0);
        assertEquals(JourneyPhase.NON_AWARENESS, scenario.contact().phase());
        assertEquals(List.of("e1 (content-view blog-oee-explained-de)", "e2 (download wp-roi-calculation)"),
                scenario.events().stream().map(ScenarioEvent::describe).toList());
        assertEquals(List.of(6, 7), scenario.events().stream().map(ScenarioEvent::line).toList());
        assertEquals(3, scenario.events().get(0).daysAgo());
        assertEquals(List.of("phase", "status", "score", "consumed", "phaseChangedBy"),
                scenario.expectations().stream().map(Expectation::key).toList());
    }

    @Test
    void an_unknown_event_type_is_reported_with_the_nearest_and_the_known_types() {
        ScenarioProblem problem = only(load(replaceOnce(WITH_EVENTS, "type: download", "type: donwload")));
        assertEquals(7, problem.line());
        assertEquals("A gated download means consideration", problem.scenario());
        assertEquals("events[1].type", problem.field());
        assertTrue(problem.message().startsWith("unknown event type 'donwload'; did you mean 'download'?"), problem.message());
        assertTrue(problem.message().contains("content-view") && problem.message().contains("demo-request"), problem.message());
    }

    @Test
    void an_unknown_item_of_an_event_is_reported_with_the_nearest_item_id() {
        ScenarioProblem problem = only(load(replaceOnce(WITH_EVENTS, "item: wp-roi-calculation", "item: wp-roi-calculaton")));
        assertEquals(8, problem.line());
        assertEquals("events[1].item", problem.field());
        assertEquals("unknown item id 'wp-roi-calculaton'; did you mean 'wp-roi-calculation'?", problem.message());
    }

    @Test
    void an_event_about_content_needs_its_item_and_events_need_their_own_ids() {
        ScenarioProblem problem = only(load(replaceOnce(WITH_EVENTS, "        item: wp-roi-calculation\n", "")));
        assertEquals("events[1].item", problem.field());
        assertEquals("missing item: a download is about an item; give its id from the catalog", problem.message());
        problem = only(load(replaceOnce(WITH_EVENTS, "daysAgo: 3}", "id: x}").replace("    item: wp-roi-calculation\n",
                "    item: wp-roi-calculation\n        id: x\n")));
        assertEquals("another event of this scenario has the id 'x', at line 6; give each its own", problem.message());
    }

    @Test
    void journey_expectations_need_events_and_valid_values() {
        String without = replaceOnce(replaceOnce(replaceOnce(WITH_EVENTS, "      - {type: content-view, item: blog-oee-explained-de, daysAgo: 3}\n", ""),
                "      - type: download\n        item: wp-roi-calculation\n", ""), "    events:\n", "      phase: awareness\n");
        List<ScenarioProblem> problems = load(without).problems();
        assertEquals(5, problems.size(), describe(problems));
        assertEquals("expect.phase", problems.get(0).field());
        assertTrue(problems.get(0).message().startsWith("is checked on the state the journey rules infer from events"), problems.get(0).message());
        assertEquals("unknown lifecycle status 'mq'; did you mean 'mql'?",
                only(load(replaceOnce(WITH_EVENTS, "status: lead", "status: mq"))).message().replaceFirst("; known: .*", ""));
        assertEquals("unknown journey rule 'Gated whitepaper download: consideraton'; did you mean 'Gated whitepaper download: consideration'?",
                only(new ScenarioLoader(catalog, RULES, List.of("Gated whitepaper download: consideration"))
                        .load(Map.of("test.yaml", WITH_EVENTS.replace(": consideration\"", ": consideraton\"")))).message());
        assertEquals("must be a number, e.g. 40; got 'many'", only(load(replaceOnce(WITH_EVENTS, "atLeast: 10", "atLeast: many"))).message());
    }

    @Test
    void an_account_scenario_reports_each_mistake_at_its_line_and_field() {
        String text = """
                scenarios:
                  - name: A company
                    contact: {role: it, phase: awareness}
                    account:
                      members:
                        - contact: {id: anna, role: finanze}
                        - contact: {id: anna, role: it}
                          events:
                            - {type: downlaod, item: wp-roi-calculation}
                    expect:
                      gaps:
                        - {kind: missing-roll, role: it}
                        - {kind: lagging-member, member: bert}
                      seen: {it: [securty]}
                """;
        List<ScenarioProblem> problems = load(text).problems();
        assertEquals(List.of("contact", "account.members[0].contact.role", "account.members[1].events[0].type", "expect.gaps[0].kind", "expect.gaps[1].member", "expect.seen.it[0]"),
                problems.stream().map(ScenarioProblem::field).toList(), describe(problems));
        assertEquals(List.of(3, 6, 9, 12, 13, 14), problems.stream().map(ScenarioProblem::line).toList(), describe(problems));
        assertTrue(problems.get(0).message().contains("give each member's contact and events under account.members"), problems.get(0).message());
        assertTrue(problems.get(1).message().contains("did you mean 'finance'"), problems.get(1).message());
        assertTrue(problems.get(3).message().contains("did you mean 'missing-role'"), problems.get(3).message());
        assertTrue(problems.get(4).message().contains("unknown member 'bert'"), problems.get(4).message());
    }

    @Test
    void two_members_of_an_account_scenario_with_the_same_id_are_reported() {
        ScenarioProblem problem = only(load("""
                scenarios:
                  - name: A company
                    account:
                      members:
                        - contact: {id: anna, role: finance}
                        - contact: {id: anna, role: it}
                    expect: {missingRoles: []}
                """));
        assertEquals("account.members[1].contact.id", problem.field());
        assertEquals(6, problem.line());
        assertEquals("another member has the id 'anna', at line 5; give each its own", problem.message());
    }

    @Test
    void an_account_scenario_gives_members_the_account_id_and_ids_of_their_own() {
        ScenarioSet set = load("""
                scenarios:
                  - name: A company
                    account:
                      id: acme
                      members:
                        - contact: {role: finance}
                        - contact: {role: it, phase: consideration}
                    expect:
                      missingRoles: []
                """);
        assertEquals(List.of(), set.problems(), describe(set.problems()));
        ScenarioAccount account = set.scenarios().get(0).account();
        assertEquals("acme", account.id());
        assertEquals(List.of("member-1", "member-2"), account.members().stream().map(m -> m.contact().id()).toList());
        assertEquals(List.of("acme", "acme"), account.members().stream().map(m -> m.contact().account()).toList());
        assertEquals(List.of(JourneyPhase.NON_AWARENESS, JourneyPhase.CONSIDERATION), account.members().stream().map(m -> m.contact().phase()).toList());
    }

    // ---------------------------------------------------------------- helpers

    private static ScenarioSet load(String text) {
        return new ScenarioLoader(catalog, RULES).load(Map.of("test.yaml", text));
    }

    private static ScenarioProblem only(ScenarioSet set) {
        assertEquals(1, set.problems().size(), describe(set.problems()));
        return set.problems().get(0);
    }

    private static String replaceOnce(String text, String what, String with) {
        assertEquals(text.indexOf(what), text.lastIndexOf(what), "appears once: " + what);
        assertTrue(text.contains(what), what);
        return text.replace(what, with);
    }

    private static String describe(List<ScenarioProblem> problems) {
        return problems.stream().map(ScenarioProblem::describe).collect(Collectors.joining("\n"));
    }
}
