package de.wegweiser.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLoaderTest {

    @TempDir
    Path temp;

    @Test
    void reload_compiles_only_what_changed() throws Exception {
        Path rules = copy(TestApp.RULES, temp.resolve("rules"));
        Path catalog = copy(TestApp.CATALOG, temp.resolve("catalog"));
        SnapshotLoader loader = new SnapshotLoader(TestApp.CLOCK);
        Snapshot first = loader.load(catalog, rules);

        Snapshot same = loader.reload(first, catalog, rules);
        assertSame(first.catalog(), same.catalog());
        assertSame(first.rules(), same.rules());
        assertSame(first.evaluator(), same.evaluator()); // same rules, same catalog: the same engine

        Path file = rules.resolve("hygiene.drl");
        Files.writeString(file, Files.readString(file).replace("recommend($item, 2,", "recommend($item, 3,"));
        Snapshot newRules = loader.reload(same, catalog, rules);
        assertSame(same.catalog(), newRules.catalog());
        assertNotEquals(same.rules().version(), newRules.rules().version());

        Path items = catalog.resolve("webinars.yaml");
        Files.writeString(items, Files.readString(items).replace("Live-Demo:", "Live-Demo (neu):"));
        Snapshot newCatalog = loader.reload(newRules, catalog, rules);
        assertSame(newRules.rules(), newCatalog.rules());
        assertNotEquals(newRules.catalog().version(), newCatalog.catalog().version());
        // only webinars.yaml was read again; the result is what a full load gives
        Catalog full = new CatalogLoader(TestApp.CLOCK).load(catalog);
        assertEquals(full.items(), newCatalog.catalog().items());
        assertEquals(full.version(), newCatalog.catalog().version());
        ContentItem unchanged = newRules.catalog().items().get(0);
        assertNotEquals("webinar", unchanged.format());
        assertSame(unchanged, newCatalog.catalog().items().get(0));
        Stream.of(first, same, newRules, newCatalog).forEach(s -> s.evaluator().close());
    }

    @Test
    void a_change_of_the_journey_rules_only_keeps_the_engine_which_serves_on_after_the_old_version_is_closed() throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, temp.resolve("rules"));
        Path catalog = copy(TestApp.CATALOG, temp.resolve("catalog"));
        SnapshotLoader loader = new SnapshotLoader(TestApp.CLOCK);
        Snapshot first = loader.load(catalog, rules);
        var contact = new de.wegweiser.domain.Contact("c", "finance", java.util.Set.of(), de.wegweiser.domain.JourneyPhase.CONSIDERATION, "de",
                java.util.Set.of(), null, null, java.util.Set.of(), null, false);
        var before = new RecommendationService(first, TestApp.CLOCK).recommend(contact, 5);

        Path settings = rules.resolve("journey/settings.drl");
        Files.writeString(settings, Files.readString(settings).replace("mqlScore : int = 40", "mqlScore : int = 45"));
        Snapshot journeyChanged = loader.reload(first, catalog, rules);
        assertNotEquals(first.journey().version(), journeyChanged.journey().version());
        assertSame(first.evaluator(), journeyChanged.evaluator());

        first.evaluator().close(); // the old version goes, as after a swap: the new one still holds the engine
        var after = new RecommendationService(journeyChanged, TestApp.CLOCK).recommend(contact, 5);
        assertEquals(before.recommendations(), after.recommendations());

        Path file = rules.resolve("hygiene.drl");
        Files.writeString(file, Files.readString(file).replace("recommend($item, 2,", "recommend($item, 3,"));
        Snapshot rulesChanged = loader.reload(journeyChanged, catalog, rules);
        assertNotSame(journeyChanged.evaluator(), rulesChanged.evaluator());
        Stream.of(journeyChanged, rulesChanged).forEach(s -> s.evaluator().close());
    }

    @Test
    void a_new_engine_takes_over_the_probe_answers_of_unchanged_rules_and_answers_as_a_fresh_one() throws Exception {
        Learnt live = liveEngineThatLearntItsProbes();

        // new points in one rule, and another rule asks for other formats: its probe changes, the rest stay
        Path hygiene = live.rules.resolve("hygiene.drl");
        Files.writeString(hygiene, Files.readString(hygiene).replace("recommend($item, 2,", "recommend($item, 3,"));
        Path table = live.rules.resolve("content-per-phase.csv");
        Files.writeString(table, Files.readString(table).replace("\"onboarding-guide, tutorial, checklist\"", "\"onboarding-guide, tutorial\""));
        Snapshot next = live.loader.reload(live.snapshot, live.catalog, live.rules);
        assertTrue(((de.wegweiser.rules.TopKEvaluator) next.evaluator()).probesKnown() > 0, "nothing taken over");

        assertAnswersAsAFreshEngine(next, live);
    }

    @Test
    void after_a_catalog_edit_the_new_engine_asks_again_only_for_the_edited_items_and_answers_as_a_fresh_one() throws Exception {
        Learnt live = liveEngineThatLearntItsProbes();

        // one file edited so that the rules see its items differently: other phases and roles
        Path webinars = live.catalog.resolve("webinars.yaml");
        Files.writeString(webinars, Files.readString(webinars)
                .replace("phases: [intent-to-purchase]\n    roles: [production]", "phases: [awareness]\n    roles: [finance]")
                .replace("phases: [consideration]\n    roles: [it]", "phases: [loyalty]\n    roles: [purchasing]"));
        Snapshot edited = live.loader.reload(live.snapshot, live.catalog, live.rules);
        assertNotEquals(live.snapshot.catalog().version(), edited.catalog().version());
        assertSame(live.snapshot.rules(), edited.rules());

        assertAnswersAsAFreshEngine(edited, live);
    }

    /** A copy of the rules and catalog, loaded, whose engine answered every generated contact once. */
    private record Learnt(Path rules, Path catalog, SnapshotLoader loader, Snapshot snapshot, List<Contact> contacts) {}

    private Learnt liveEngineThatLearntItsProbes() throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, temp.resolve("rules"));
        Path catalog = copy(TestApp.CATALOG, temp.resolve("catalog"));
        SnapshotLoader loader = new SnapshotLoader(TestApp.CLOCK);
        Snapshot live = loader.load(catalog, rules);
        List<Contact> contacts = de.wegweiser.scenarios.RuleDiff.generatedContacts(live.catalog().taxonomy()).stream()
                .map(de.wegweiser.scenarios.RuleDiff.Probe::contact).toList();
        contacts.forEach(c -> new RecommendationService(live, TestApp.CLOCK).recommend(c, 10));
        return new Learnt(rules, catalog, loader, live, contacts);
    }

    /** Every contact's top 10 from the new version is what an engine that learnt nothing gives. */
    private static void assertAnswersAsAFreshEngine(Snapshot next, Learnt live) {
        Snapshot fresh = new Snapshot(next.catalog(), next.rules(), new de.wegweiser.rules.TopKEvaluator(next.rules(), next.catalog()),
                next.journey(), next.account());
        for (Contact contact : live.contacts) {
            assertEquals(new RecommendationService(fresh, TestApp.CLOCK).recommend(contact, 10).recommendations(),
                    new RecommendationService(next, TestApp.CLOCK).recommend(contact, 10).recommendations(), contact.toString());
        }
        Stream.of(live.snapshot, next, fresh).forEach(s -> s.evaluator().close());
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
        return to;
    }
}
