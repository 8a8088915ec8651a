package de.wegweiser.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.bench.ContactGenerator;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TermKind;
import de.wegweiser.recommend.Ranking;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.Evaluator;
import de.wegweiser.rules.HandWrittenScorer;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.rules.SessionPerRequestEvaluator;
import de.wegweiser.catalog.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The marketers' files ({@code rules/}, {@code content-catalog/}) are guarded by their own scenarios
 * and nothing else: they load, and every scenario in {@code rules/scenarios/} passes. The engine's
 * tests read frozen copies ({@link TestApp#RULES}, {@link TestApp#CATALOG}), so a change of points or
 * wording in {@code rules/} fails only the scenarios that pin it.
 */
class ShippedFilesTest {

    @Test
    void the_shipped_rules_and_catalog_load_and_every_shipped_scenario_passes() throws Exception {
        Snapshot shipped = new SnapshotLoader(TestApp.CLOCK).load(TestApp.SHIPPED_CATALOG, TestApp.SHIPPED_RULES);
        ScenarioSet set = ScenarioLoader.of(shipped).load(TestApp.SHIPPED_RULES.resolve(ScenarioLoader.FOLDER));
        assertEquals(List.of(), set.problems());
        assertFalse(set.scenarios().isEmpty(), "the marketers ship scenarios");
        ScenarioReport report = new ScenarioRunner(shipped, TestApp.TODAY).run(set.scenarios());
        assertEquals(List.of(), failures(report));
    }

    @Test
    void the_shipped_scenarios_cover_every_phase_every_role_and_both_languages() throws Exception {
        Snapshot shipped = new SnapshotLoader(TestApp.CLOCK).load(TestApp.SHIPPED_CATALOG, TestApp.SHIPPED_RULES);
        List<Scenario> scenarios = ScenarioLoader.of(shipped).load(TestApp.SHIPPED_RULES.resolve(ScenarioLoader.FOLDER)).scenarios()
                .stream().filter(s -> !s.isAboutAccount()).toList(); // account scenarios state several contacts
        Set<JourneyPhase> phases = scenarios.stream().map(s -> s.contact().phase())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(JourneyPhase.class)));
        Set<String> roles = scenarios.stream().map(s -> s.contact().role()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(EnumSet.allOf(JourneyPhase.class), phases);
        assertEquals(new TreeSet<>(shipped.catalog().taxonomy().ids(TermKind.ROLE)), roles);
        assertEquals(Set.of("de", "en"), scenarios.stream().map(s -> s.contact().language()).collect(Collectors.toSet()));
    }

    @Test
    void the_engine_tests_read_frozen_copies_outside_the_marketers_folders() throws Exception {
        for (Path frozen : List.of(TestApp.RULES, TestApp.CATALOG)) {
            Path real = frozen.toRealPath();
            for (Path shipped : List.of(TestApp.SHIPPED_RULES, TestApp.SHIPPED_CATALOG)) {
                assertFalse(real.startsWith(shipped.toRealPath()), frozen + " lies inside " + shipped);
            }
        }
    }

    /**
     * A marketer lowers the points of "Finance: return on investment" and rewords the German reason of
     * "Production: ease of use", in a copy of the bundled rules with their scenarios. The engine's
     * reference (the hand-written scorer, which repeats every rule's points and texts) still agrees
     * with the frozen rules it is tested against; it would have failed on the changed ones. Of the
     * scenarios, exactly the two that expect finance content about the return on investment fail; no
     * scenario pins the reworded text.
     */
    @Test
    void a_change_of_points_and_wording_fails_only_the_scenarios_that_pin_it_and_no_engine_fixture(@TempDir Path dir) throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Path center = rules.resolve("buying-center.drl");
        String before = Files.readString(center);
        String after = before
                .replace("recommend($item, 20, \"Finance weighs the return on investment\"",
                        "recommend($item, -20, \"Finance weighs the return on investment\"")
                .replace("\"Die Produktion achtet auf einfache Bedienung\"", "\"Für die Produktion zählt, dass alles leicht zu bedienen ist\"");
        assertTrue(after.contains("-20, \"Finance") && after.contains("leicht zu bedienen"), "both edits were made");
        Files.writeString(center, after);

        Snapshot changed = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, rules);
        ScenarioSet set = ScenarioLoader.of(changed).load(rules.resolve(ScenarioLoader.FOLDER));
        assertEquals(List.of(), set.problems());
        ScenarioReport report = new ScenarioRunner(changed, TestApp.TODAY).run(set.scenarios());
        assertEquals(List.of("Consideration gets numbers and facts against the alternatives",
                        "Finance in awareness learns about the return on investment"),
                report.results().stream().filter(r -> !r.passed()).map(r -> r.scenario().name()).sorted().toList());
        assertEquals(set.scenarios().size() - 2, report.passed());

        Catalog catalog = changed.catalog();
        RuleBook frozen = new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES);
        List<Contact> contacts = new ContactGenerator(catalog, 7).contacts(100);
        Evaluator reference = new HandWrittenScorer(catalog);
        try (Evaluator onFrozen = new SessionPerRequestEvaluator(frozen, catalog);
             Evaluator onChanged = new SessionPerRequestEvaluator(changed.rules(), catalog)) {
            int differ = 0;
            for (Contact contact : contacts) {
                List<String> expected = top(catalog, reference.evaluate(contact, TestApp.TODAY));
                assertEquals(expected, top(catalog, onFrozen.evaluate(contact, TestApp.TODAY)), contact::toString);
                if (!expected.equals(top(catalog, onChanged.evaluate(contact, TestApp.TODAY)))) differ++;
            }
            assertNotEquals(0, differ, "on the changed rules the hand-written reference would have failed");
        }
    }

    private static List<String> top(Catalog catalog, Evaluation evaluation) {
        return Ranking.top(catalog, evaluation, 20).stream()
                .map(s -> s.item().id() + " " + s.verdict().score() + " " + s.verdict().explanation())
                .toList();
    }

    private static List<String> failures(ScenarioReport report) {
        return report.results().stream().filter(r -> !r.passed())
                .map(r -> r.scenario().name() + ": " + r.failures().stream().map(ScenarioResult.Failure::describe).toList())
                .toList();
    }
}
