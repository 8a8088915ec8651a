package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.bench.ContactGenerator;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Contact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The second line of defence behind the safety check: a request whose rules run past the time
 * budget is stopped, the rule that was firing is named, and the next request is answered.
 */
@Isolated // alone, as the budget is a system property, and -1 would fail every other test's requests
class EvaluationBudgetTest {

    private static final String BUDGET = "wegweiser.rules.budget-ms";

    @AfterEach
    void restoreBudget() {
        System.clearProperty(BUDGET);
    }

    @Test
    void rules_past_the_time_budget_are_stopped_and_named_and_the_engine_recovers() throws Exception {
        Catalog catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES, catalog.taxonomy());
        Contact contact = new ContactGenerator(catalog, 7).contacts(1).get(0);
        try (TopKEvaluator engine = new TopKEvaluator(book, catalog, 1)) {
            System.setProperty(BUDGET, "-1"); // every request is already late
            RuleTimeoutException e = assertThrows(RuleTimeoutException.class, () -> engine.evaluate(contact, TestApp.TODAY));
            assertTrue(book.rules().stream().anyMatch(r -> r.name().equals(e.rule())), e.getMessage());
            assertTrue(e.getMessage().contains("rule \"" + e.rule() + "\""), e.getMessage());

            System.clearProperty(BUDGET);
            assertFalse(engine.evaluate(contact, TestApp.TODAY).verdicts().isEmpty(), "the worker answers again");
        }
    }

    @Test
    void a_request_past_the_time_budget_answers_500_problem_json_naming_the_rule() throws Exception {
        try (TestApp app = TestApp.start()) {
            String body = """
                    {"contact": {"id": "c1", "role": "it", "phase": "consideration", "language": "de"}}""";
            System.setProperty(BUDGET, "-1");
            TestApp.Response late = app.post("/api/v1/recommendations", body);
            assertEquals(500, late.status(), late.text());
            assertTrue(late.contentType().startsWith("application/problem+json"), late.contentType());
            assertEquals("The rules took too long", late.json().path("title").asText());
            assertTrue(late.json().path("detail").asText().matches("(?s).*while rule \".+\" fired.*"), late.text());

            System.clearProperty(BUDGET);
            assertEquals(200, app.post("/api/v1/recommendations", body).status());
        }
    }
}
