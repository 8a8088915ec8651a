package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.Samples;
import de.wegweiser.TestApp;
import de.wegweiser.bench.CatalogGenerator;
import de.wegweiser.bench.ContactGenerator;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.recommend.Ranking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped engine evaluates only the items that can reach the top, and still returns exactly
 * the top N of the straightforward evaluation (a fresh session per request with every item): same
 * items, order, scores and reasons, for many random contacts, limits and catalogs.
 */
class TopKEvaluatorTest {

    /** Rules whose bounds are far from the real scores: the certainty check decides the order. */
    private static final String LOOSE_BOUNDS = """
                package wegweiser.rules;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;
                import function de.wegweiser.rules.Scoring.exclude;
                import function de.wegweiser.rules.Scoring.fallback;

                // points computed from the item: no bound is known, so every item it matches is evaluated
                rule "Longer is better"
                    when
                        Contact()
                        $item : ContentItem( durationMinutes != null )
                    then
                        recommend($item, $item.durationMinutes() / 3.0, "long");
                end

                // compares with the whole contact: the probe cannot take this condition over
                rule "Never twice"
                    when
                        $contact : Contact()
                        $item : ContentItem( id memberOf $contact.consumed )
                    then
                        exclude($item, "consumed");
                end

                rule "Own phase"
                    when
                        Contact( $phase : phase )
                        $item : ContentItem( phases contains $phase )
                    then
                        recommend($item, 30, "phase");
                end

                rule "Topics, once per topic"
                    when
                        $contact : Contact()
                        $topic : String() from $contact.topics
                        $item : ContentItem( topics contains $topic )
                    then
                        recommend($item, 7, "topic " + $topic);
                end

                rule "Other language last"
                    when
                        Contact( $language : language )
                        $item : ContentItem( language != $language )
                    then
                        fallback($item, "other language");
                end

                rule "Everyone likes studies"
                    when
                        $item : ContentItem( format == "study" )
                    then
                        recommend($item, 4, "study");
                end
                """;

    private static RuleBook rules;
    private static Catalog bundled;
    private static Catalog generated;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() throws Exception {
        rules = new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES);
        bundled = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
        generated = new CatalogGenerator(bundled).generate(Samples.of(5000), TestApp.TODAY, 7);
    }

    @Test
    void the_default_rules_keep_to_the_contract_that_allows_narrowing() {
        assertTrue(rules.plan().usable(), rules.plan().limitation());
    }

    @Test
    void same_top_20_as_a_session_per_request_for_1000_random_contacts_on_the_bundled_catalog() {
        assertSameTop(rules, bundled, new ContactGenerator(bundled, 42).contacts(Samples.of(1000)), 20, Set.of());
    }

    @Tag("slow") // a generated catalog of 5000 items, bench-like
    @Test
    void same_top_20_for_300_random_contacts_on_a_generated_catalog_of_5000_items_while_evaluating_a_small_part() {
        try (TopKEvaluator engine = assertSameTop(rules, generated, new ContactGenerator(generated, 43).contacts(300), 20, Set.of())) {
            assertTrue(engine.itemsEvaluatedPerRequest() < generated.items().size() / 10.0,
                    "evaluated per request: " + engine.itemsEvaluatedPerRequest());
        }
    }

    @Test
    void same_top_20_when_evaluating_in_many_small_rounds() throws Exception {
        // one item in the first round, then 2, 4, ...: the check that an evaluated item is certainly
        // ahead of every unevaluated one decides nearly every position
        List<Contact> contacts = new ContactGenerator(generated, 51).contacts(Samples.of(60));
        for (RuleBook book : List.of(rules, compile("loose.drl", LOOSE_BOUNDS))) {
            Evaluator reference = new SessionPerRequestEvaluator(book, generated);
            try (TopKEvaluator engine = new TopKEvaluator(book, generated, 1, 1)) {
                for (Contact contact : contacts) {
                    assertEquals(reference.withCandidates(contact, TestApp.TODAY, Set.of(), 20, c -> describe(Ranking.top(c, 20))),
                            top(engine, contact, 20, Set.of()), contact::toString);
                }
            }
        }
    }

    @Test
    void same_top_for_short_and_long_lists() {
        List<Contact> contacts = new ContactGenerator(generated, 44).contacts(Samples.of(60));
        for (int limit : new int[] {1, 5, 100}) assertSameTop(rules, generated, contacts, limit, Set.of()).close();
    }

    @Test
    void items_excluded_by_the_caller_never_appear_and_the_rest_is_unchanged() {
        List<Contact> contacts = new ContactGenerator(bundled, 45).contacts(Samples.of(100));
        Set<String> paused = new LinkedHashSet<>();
        for (int i = 0; i < bundled.items().size(); i += 3) paused.add(bundled.items().get(i).id());
        assertSameTop(rules, bundled, contacts, 20, paused).close();
    }

    @Test
    void a_catalog_smaller_than_the_list_returns_every_candidate() {
        Catalog tiny = new Catalog(bundled.taxonomy(), bundled.items().subList(0, 7), "tiny", List.of(), TestApp.CLOCK.instant());
        assertSameTop(rules, tiny, new ContactGenerator(bundled, 46).contacts(Samples.of(30)), 20, Set.of()).close();
    }

    @Test
    void concurrent_callers_get_the_answers_of_a_single_caller() throws Exception {
        List<Contact> contacts = new ContactGenerator(generated, 47).contacts(Samples.of(100));
        List<List<String>> expected = new ArrayList<>();
        try (Evaluator reference = new SessionPerRequestEvaluator(rules, generated);
             TopKEvaluator engine = new TopKEvaluator(rules, generated, 3)) {
            for (Contact contact : contacts) expected.add(describe(Ranking.top(generated, reference.evaluate(contact, TestApp.TODAY), 20)));
            List<Integer> wrong = Concurrently.run(6, t -> () -> {
                int mismatches = 0;
                for (int n = 0; n < Samples.of(150); n++) {
                    int k = (t * 17 + n) % contacts.size();
                    if (!expected.get(k).equals(top(engine, contacts.get(k), 20, Set.of()))) mismatches++;
                }
                return mismatches;
            }, () -> {});
            for (int result : wrong) assertEquals(0, result);
        }
    }

    @Test
    void closing_while_recommendations_run_lets_them_finish_even_when_they_still_probe() throws Exception {
        // a fresh engine: its probe answers are not cached yet, so requests after close() still probe
        TopKEvaluator engine = new TopKEvaluator(rules, generated, 2);
        List<Contact> contacts = new ContactGenerator(generated, 52).contacts(40);
        List<Integer> answered = Concurrently.run(3, t -> () -> {
            int count = 0;
            for (Contact contact : contacts) if (!top(engine, contact, 20, Set.of()).isEmpty()) count++;
            return count;
        }, engine::close);
        for (int result : answered) assertEquals(contacts.size(), result, "no request failed");
    }

    @Test
    void rules_outside_the_contract_are_evaluated_item_by_item_with_the_reason_given() throws Exception {
        RuleBook book = compile("grouped.drl", """
                package wegweiser.rules;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;

                // only one of the studies gets the bonus: the group ties items together
                rule "One study only"
                    activation-group "studies"
                    when
                        Contact()
                        $item : ContentItem( format == "study" )
                    then
                        recommend($item, 50, "the one study");
                end
                """);
        assertFalse(book.plan().usable());
        assertTrue(book.plan().limitation().contains("One study only") && book.plan().limitation().contains("activation-group"),
                book.plan().limitation());
        RuleProblem warning = book.warnings().stream().filter(w -> "One study only".equals(w.rule())).findFirst().orElseThrow();
        assertEquals("grouped.drl", warning.file());
        assertEquals(8, warning.line());
        assertTrue(warning.message().contains("evaluates the whole catalog"), warning.message());
        try (TopKEvaluator engine = assertSameTop(book, bundled, new ContactGenerator(bundled, 48).contacts(20), 20, Set.of())) {
            assertFalse(engine.narrowing());
        }
    }

    @Test
    void a_rule_that_inserts_facts_is_outside_the_contract() throws Exception {
        RuleBook book = compile("insert.drl", """
                package wegweiser.rules;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;

                rule "Remember"
                    when
                        Contact()
                        $item : ContentItem( format == "study" )
                    then
                        recommend($item, 5, "noted");
                        insert("seen " + $item.id());
                end
                """);
        assertTrue(book.plan().limitation().contains("insert"), book.plan().limitation());
    }

    @Test
    void computed_points_and_conditions_on_whole_facts_still_give_the_same_top() throws Exception {
        RuleBook book = compile("computed.drl", LOOSE_BOUNDS);
        assertTrue(book.plan().usable(), book.plan().limitation());
        assertSameTop(book, generated, new ContactGenerator(generated, 49).contacts(150), 20, Set.of()).close();
    }

    @Test
    void no_candidate_at_all_gives_an_empty_list() throws Exception {
        RuleBook book = compile("nothing.drl", """
                package wegweiser.rules;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.exclude;

                rule "Nothing fits"
                    when
                        Contact()
                        $item : ContentItem()
                    then
                        exclude($item, "no");
                end
                """);
        try (TopKEvaluator engine = new TopKEvaluator(book, bundled, 1)) {
            Contact contact = new Contact("c", "it", Set.of(), JourneyPhase.AWARENESS, "en", Set.of(), null, null, Set.of(), null, false);
            assertEquals(List.of(), top(engine, contact, 20, Set.of()));
            assertNull(engine.withCandidates(contact, TestApp.TODAY, Set.of(), 20, Candidates::next));
        }
    }

    /** Same top N (ids, order, scores, reasons) as the reference; returns the engine for further checks. */
    private static TopKEvaluator assertSameTop(RuleBook book, Catalog catalog, List<Contact> contacts, int limit, Set<String> excluded) {
        Evaluator reference = new SessionPerRequestEvaluator(book, catalog);
        TopKEvaluator engine = new TopKEvaluator(book, catalog, 2);
        int nonEmpty = 0;
        for (Contact contact : contacts) {
            List<String> want = reference.withCandidates(contact, TestApp.TODAY, excluded, limit, c -> describe(Ranking.top(c, limit)));
            assertEquals(want, top(engine, contact, limit, excluded), contact::toString);
            for (String line : want) assertFalse(excluded.contains(line.substring(0, line.indexOf(' '))));
            if (!want.isEmpty()) nonEmpty++;
        }
        assertTrue(nonEmpty > 0, "some contact should get recommendations");
        return engine;
    }

    private static List<String> top(Evaluator engine, Contact contact, int limit, Set<String> excluded) {
        return engine.withCandidates(contact, TestApp.TODAY, excluded, limit, c -> describe(Ranking.top(c, limit)));
    }

    private static List<String> describe(List<Ranking.Scored> top) {
        return top.stream().map(s -> s.item().id() + " " + s.verdict().score() + " " + s.verdict().explanation()
                + " " + s.verdict().isFallback()).toList();
    }

    private RuleBook compile(String file, String drl) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("rules"));
        Files.writeString(dir.resolve(file), drl);
        return new RuleCompiler(TestApp.CLOCK, false).compile(dir);
    }

}
