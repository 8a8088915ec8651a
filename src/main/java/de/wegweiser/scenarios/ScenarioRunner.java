package de.wegweiser.scenarios;

import de.wegweiser.domain.Contact;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.RunawayRuleException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs scenarios against one {@link Snapshot} (catalog and compiled rules) on a given day, with
 * the same {@link RecommendationService} the server answers with, so a scenario sees exactly what
 * the API would return for its contact on that day.
 */
public final class ScenarioRunner {

    private final Snapshot snapshot;
    private final LocalDate today;
    private final RecommendationService service;

    public ScenarioRunner(Snapshot snapshot, LocalDate today) {
        this.snapshot = snapshot;
        this.today = today;
        this.service = new RecommendationService(snapshot, clockOn(today));
    }

    /** A clock that stands at noon (UTC) of the day: the service and the catalog read the date from it. */
    public static Clock clockOn(LocalDate day) {
        return Clock.fixed(day.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }

    public ScenarioReport run(List<Scenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : scenarios) results.add(run(scenario));
        return new ScenarioReport(today, results);
    }

    public ScenarioResult run(Scenario scenario) {
        Outcome outcome;
        try {
            outcome = outcome(scenario.contact());
        } catch (RunawayRuleException e) {
            return new ScenarioResult(scenario, List.of(new ScenarioResult.Failure(scenario.line(), "contact", e.getMessage())), List.of());
        }
        List<ScenarioResult.Failure> failures = new ArrayList<>();
        for (Expectation expectation : scenario.expectations()) {
            for (String reason : expectation.failures(outcome)) {
                failures.add(new ScenarioResult.Failure(expectation.line(), expectation.key(), reason));
            }
        }
        return new ScenarioResult(scenario, failures, outcome.top(scenario.top()));
    }

    /**
     * The full ranked list (the top N of any N is its beginning: the ranking picks one item after
     * the other) and the verdicts, which also know why items were dropped.
     */
    public Outcome outcome(Contact contact) {
        int all = Math.max(1, snapshot.catalog().items().size());
        List<Recommendation> ranked = service.recommend(contact, all).recommendations();
        Evaluation evaluation = snapshot.evaluator().evaluate(contact, today);
        return new Outcome(contact, today, ranked, evaluation, snapshot.catalog());
    }
}
