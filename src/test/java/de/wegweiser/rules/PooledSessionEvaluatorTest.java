package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fallback engine (for rules outside the top-k contract) gives exactly the answers of the
 * straightforward evaluation (a fresh session per request), for many random contacts, and keeps
 * its sessions apart and clean.
 */
class PooledSessionEvaluatorTest {

    private static final int TOP = 20;

    private static RuleBook rules;
    private static Catalog bundled;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() throws Exception {
        rules = new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES);
        bundled = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
    }

    @Test
    void same_top_20_as_a_session_per_request_for_1000_random_contacts_on_the_bundled_catalog() {
        assertSameAnswers(bundled, new ContactGenerator(bundled, 42).contacts(Samples.of(1000)));
    }

    @Test
    void same_top_20_as_a_session_per_request_for_200_random_contacts_on_a_generated_catalog_of_2000_items() {
        Catalog generated = new CatalogGenerator(bundled).generate(Samples.of(2000), TestApp.TODAY, 7);
        assertSameAnswers(generated, new ContactGenerator(generated, 43).contacts(Samples.of(200)));
    }

    /** Same top 20 (ids, order, scores, reasons) and, stronger, the same verdict for every item. */
    private static void assertSameAnswers(Catalog catalog, List<Contact> contacts) {
        try (Evaluator reference = new SessionPerRequestEvaluator(rules, catalog);
             PooledSessionEvaluator engine = new PooledSessionEvaluator(rules, catalog, 2)) {
            assertTrue(engine.pooled());
            int nonEmpty = 0;
            for (Contact contact : contacts) {
                Evaluation expected = reference.evaluate(contact, TestApp.TODAY);
                Evaluation actual = engine.evaluate(contact, TestApp.TODAY);
                List<String> want = describe(catalog, expected);
                assertEquals(want, describe(catalog, actual), contact::toString);
                assertEquals(expected.verdicts(), actual.verdicts(), contact::toString);
                assertEquals(expected.firings(), actual.firings(), contact::toString);
                if (!want.isEmpty()) nonEmpty++;
            }
            assertEquals(contacts.size(), nonEmpty, "every contact should get recommendations");
        }
    }

    static List<String> describe(Catalog catalog, Evaluation evaluation) {
        return Ranking.top(catalog, evaluation, TOP).stream()
                .map(s -> s.item().id() + " " + s.verdict().score() + " " + s.verdict().explanation())
                .toList();
    }

    @Test
    void concurrent_callers_get_the_answers_of_a_single_caller() throws Exception {
        List<Contact> contacts = new ContactGenerator(bundled, 44).contacts(Samples.of(200));
        List<List<String>> expected = new ArrayList<>();
        try (Evaluator reference = new SessionPerRequestEvaluator(rules, bundled);
             Evaluator engine = new PooledSessionEvaluator(rules, bundled, 3)) {
            for (Contact contact : contacts) expected.add(describe(bundled, reference.evaluate(contact, TestApp.TODAY)));
            List<Integer> wrong = Concurrently.run(6, t -> () -> {
                int mismatches = 0;
                for (int n = 0; n < Samples.of(400); n++) {
                    int k = (t * 17 + n) % contacts.size();
                    if (!expected.get(k).equals(describe(bundled, engine.evaluate(contacts.get(k), TestApp.TODAY)))) mismatches++;
                }
                return mismatches;
            }, () -> {});
            for (int result : wrong) assertEquals(0, result);
        }
    }

    @Test
    void closing_while_evaluations_run_lets_them_finish_and_disposes_every_session() throws Exception {
        PooledSessionEvaluator engine = new PooledSessionEvaluator(rules, bundled, 2);
        List<Contact> contacts = new ContactGenerator(bundled, 45).contacts(50);
        List<Integer> answered = Concurrently.run(4, t -> () -> {
            int count = 0;
            for (Contact contact : contacts) {
                if (!engine.evaluate(contact, TestApp.TODAY).verdicts().isEmpty()) count++;
            }
            return count;
        }, () -> {
            Thread.sleep(20);
            engine.close();
        });
        for (int result : answered) assertEquals(contacts.size(), result, "no evaluation failed");
        assertEquals(0, engine.liveSessions(), "sessions returned after close are disposed");
        // a late caller still gets a correct answer, from a session of its own
        Contact late = contacts.get(0);
        assertEquals(describe(bundled, new SessionPerRequestEvaluator(rules, bundled).evaluate(late, TestApp.TODAY)),
                describe(bundled, engine.evaluate(late, TestApp.TODAY)));
        assertEquals(0, engine.liveSessions());
    }

    @Test
    void a_runaway_rule_is_named_and_does_not_poison_the_pool() throws Exception {
        Path dir = rulesDir("loop.drl", """
                package wegweiser.rules;

                import de.wegweiser.domain.Contact;

                rule "Loop"
                    when
                        $c : Contact()
                    then
                        update($c);
                end
                """);
        try (PooledSessionEvaluator engine = new PooledSessionEvaluator(new RuleCompiler(TestApp.CLOCK, false).compile(dir), bundled, 1)) {
            for (int i = 0; i < 3; i++) {
                RunawayRuleException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(RunawayRuleException.class, () -> engine.evaluate(contact(), TestApp.TODAY)));
                assertEquals("Loop", e.rule(), e.getMessage());
            }
            assertTrue(engine.liveSessions() <= 1, "broken sessions are disposed: " + engine.liveSessions());
        }
    }

    @Test
    void a_rule_without_a_contact_fires_in_every_request_as_with_a_session_per_request() throws Exception {
        Path dir = rulesDir("static.drl", """
                package wegweiser.rules;

                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;

                rule "Studies are always good"
                    when
                        $item : ContentItem( format == "study" )
                    then
                        recommend($item, 7, "Studies are always good");
                end
                """);
        RuleBook book = new RuleCompiler(TestApp.CLOCK, false).compile(dir);
        try (PooledSessionEvaluator engine = new PooledSessionEvaluator(book, bundled, 1)) {
            assertFalse(engine.pooled(), "the catalog must not be preloaded for such a rule");
            Evaluation reference = new SessionPerRequestEvaluator(book, bundled).evaluate(contact(), TestApp.TODAY);
            for (int i = 0; i < 2; i++) {
                Evaluation evaluation = engine.evaluate(contact(), TestApp.TODAY);
                assertEquals(reference.verdicts(), evaluation.verdicts());
                assertFalse(evaluation.verdicts().isEmpty());
            }
        }
    }

    @Test
    void facts_a_rule_inserts_do_not_leak_into_the_next_request() throws Exception {
        Path dir = rulesDir("marker.drl", """
                package wegweiser.rules;

                import de.wegweiser.domain.Contact;
                import de.wegweiser.domain.ContentItem;
                import function de.wegweiser.rules.Scoring.recommend;

                declare Seen
                    role : String
                end

                rule "Remember the role"
                    when
                        Contact( $role : role )
                    then
                        insert(new Seen($role));
                end

                rule "A finance contact was here before"
                    when
                        Contact()
                        Seen( role == "finance" )
                        $item : ContentItem( format == "study" )
                    then
                        recommend($item, 1, "finance was here");
                end
                """);
        RuleBook book = new RuleCompiler(TestApp.CLOCK, false).compile(dir);
        try (PooledSessionEvaluator engine = new PooledSessionEvaluator(book, bundled, 1)) {
            Contact finance = new Contact("f", "finance", Set.of(), JourneyPhase.AWARENESS, "de", Set.of(), null, null, Set.of(), null, false);
            assertFalse(engine.evaluate(finance, TestApp.TODAY).verdicts().isEmpty());
            assertTrue(engine.evaluate(contact(), TestApp.TODAY).verdicts().isEmpty(), "the first request's fact is gone");
        }
    }

    private Path rulesDir(String file, String drl) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("rules"));
        Files.writeString(dir.resolve(file), drl);
        return dir;
    }

    private static Contact contact() {
        return new Contact("c-1", "it", Set.of("security"), JourneyPhase.CONSIDERATION, "en", Set.of(), null, null, Set.of(), null, false);
    }
}
