package de.wegweiser.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff of drafts and of {@code wegweiser diff} compares the top N first and evaluates only the
 * contacts whose list changed completely: it must give exactly what evaluating every contact
 * completely gives, for changes of rules and of the catalog.
 */
class RuleDiffTest {

    private static final int TOP = 5;
    /** A new rule that excludes every webinar. */
    static final Path NO_WEBINARS = Path.of("src", "test", "resources", "drafts", "no-webinars.drl");
    private static Snapshot live;
    private static List<Scenario> scenarios;

    @BeforeAll
    static void load() throws Exception {
        live = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
        scenarios = ScenarioLoader.of(live).load(TestApp.RULES.resolve(ScenarioLoader.FOLDER)).scenarios();
    }

    @AfterAll
    static void close() {
        live.evaluator().close();
    }

    /** One draft with three kinds of change at once: a complete evaluation of every contact is the slow part of this test. */
    @Test
    void changed_points_a_new_exclusion_and_a_removed_catalog_file_give_the_same_diff_as_evaluating_every_contact_completely(
            @TempDir Path dir) throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Path catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
        replace(rules.resolve("buying-center.drl"), "recommend($item, 20, \"IT weighs security and integration\",",
                "recommend($item, 80, \"IT weighs security and integration above all\",");
        Files.copy(NO_WEBINARS, rules.resolve("no-webinars.drl"));
        Files.delete(catalog.resolve("case-studies.yaml"));

        RuleDiff.Result fast = sameAsComplete(catalog, rules);

        List<RuleDiff.Change> changes = fast.changed().stream().flatMap(d -> d.changes().stream()).toList();
        assertTrue(changes.stream().anyMatch(c -> c.kind() == RuleDiff.Kind.LEFT && "No webinars this month".equals(c.excludedAfter())
                && c.after() == 0), "webinars leave the top 5, excluded by the new rule");
        assertTrue(changes.stream().anyMatch(c -> c.kind() == RuleDiff.Kind.LEFT && c.after() == 0 && c.format().equals("case-study")
                && c.excludedAfter() == null), "case studies leave the top 5: they are gone from the catalog");
        assertTrue(fast.changed().stream().filter(d -> d.probe().contact().role().equals("it")).flatMap(d -> d.changes().stream())
                .anyMatch(c -> c.kind() == RuleDiff.Kind.ENTERED || c.kind() == RuleDiff.Kind.SCORE), "IT contacts get more points");
    }

    @Test
    void a_change_that_moves_nothing_lists_every_contact_unchanged_with_its_top_5() throws Exception {
        Snapshot same = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
        try {
            RuleDiff.Result result = RuleDiff.overAllContacts(live, same, scenarios, TOP, TestApp.TODAY);
            assertEquals(0, result.changed().size());
            assertTrue(result.contacts().size() > 100, "scenario and generated contacts");
            assertTrue(result.contacts().stream().allMatch(d -> d.before().equals(d.after()) && d.after().size() == TOP));
        } finally {
            same.evaluator().close();
        }
    }

    @Test
    void the_live_lists_are_kept_for_the_next_comparison_on_the_same_version_and_day() {
        RuleDiff.Tops tops = new RuleDiff.Tops(live, TestApp.TODAY, TOP);
        assertTrue(tops.isFor(live, TestApp.TODAY, TOP));
        assertEquals(false, tops.isFor(live, TestApp.TODAY.plusDays(1), TOP), "another day can change dated items");
        assertEquals(false, tops.isFor(live, TestApp.TODAY, TOP + 1));
        RuleDiff.Result first = RuleDiff.overAllContacts(tops, live, scenarios);
        RuleDiff.Result again = RuleDiff.overAllContacts(tops, live, scenarios);
        assertEquals(first, again);
        assertEquals(0, again.changed().size());
    }

    /** The fast diff of the live version against the files, checked against the complete one. */
    private static RuleDiff.Result sameAsComplete(Path catalog, Path rules) throws Exception {
        Snapshot draft = new SnapshotLoader(TestApp.CLOCK).load(catalog, rules);
        try {
            // every scenario contact and every third generated one: evaluating completely is the slow part
            List<RuleDiff.Probe> all = RuleDiff.probes(draft, scenarios);
            List<RuleDiff.Probe> probes = java.util.stream.IntStream.range(0, all.size())
                    .filter(i -> all.get(i).fromScenario() || i % 3 == 0).mapToObj(all::get).toList();
            RuleDiff.Result fast = RuleDiff.compare(live, draft, probes, TOP, TestApp.TODAY);
            RuleDiff.Result complete = RuleDiff.compareCompletely(live, draft, probes, TOP, TestApp.TODAY);
            assertEquals(complete.changed().size(), fast.changed().size());
            for (int i = 0; i < complete.contacts().size(); i++) {
                assertEquals(complete.contacts().get(i), fast.contacts().get(i), complete.contacts().get(i).probe().label());
            }
            assertEquals(complete, fast);
            assertNotEquals(0, fast.contacts().size());
            return fast;
        } finally {
            draft.evaluator().close();
        }
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), from);
        Files.writeString(file, text.replace(from, to));
    }
}
