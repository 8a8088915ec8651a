package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.wegweiser.Samples;
import de.wegweiser.TestApp;
import de.wegweiser.bench.ContactGenerator;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Contact;
import org.junit.jupiter.api.Test;

/** The benchmark's hand-written baseline is only a fair baseline if it answers like the DRL rules. */
class HandWrittenScorerTest {

    @Test
    void hand_written_scorer_gives_the_same_top_20_as_the_rules_for_300_random_contacts() throws Exception {
        RuleBook rules = new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES);
        Catalog catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
        try (Evaluator reference = new SessionPerRequestEvaluator(rules, catalog)) {
            Evaluator baseline = new HandWrittenScorer(catalog);
            for (Contact contact : new ContactGenerator(catalog, 11).contacts(Samples.of(300))) {
                assertEquals(PooledSessionEvaluatorTest.describe(catalog, reference.evaluate(contact, TestApp.TODAY)),
                        PooledSessionEvaluatorTest.describe(catalog, baseline.evaluate(contact, TestApp.TODAY)), contact::toString);
            }
        }
    }
}
