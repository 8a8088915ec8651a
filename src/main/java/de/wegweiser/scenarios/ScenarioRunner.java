package de.wegweiser.scenarios;

import de.wegweiser.contacts.JourneyInference;
import de.wegweiser.contacts.JourneyLoopException;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.rules.JourneyRuleBook;
import java.time.Instant;
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
            if (scenario.events().isEmpty()) {
                outcome = outcome(scenario.contact());
            } else {
                InferredJourney journey = infer(scenario);
                Contact contact = scenario.contact();
                Contact inferred = new Contact(contact.id(), contact.role(), contact.concerns(), journey.state().phase(), contact.language(),
                        journey.consumed(), contact.account(), contact.industry(), contact.topics(), journey.state().lifecycle(),
                        contact.existingCustomer());
                outcome = outcome(inferred, journey);
            }
        } catch (RunawayRuleException e) {
            return new ScenarioResult(scenario, List.of(new ScenarioResult.Failure(scenario.line(), "contact", e.getMessage())), List.of());
        } catch (JourneyLoopException | IllegalStateException e) {
            return new ScenarioResult(scenario, List.of(new ScenarioResult.Failure(scenario.events().get(0).line(), "events", e.getMessage())), List.of());
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
        return outcome(contact, null);
    }

    private Outcome outcome(Contact contact, InferredJourney journey) {
        int all = Math.max(1, snapshot.catalog().items().size());
        List<Recommendation> ranked = service.recommend(contact, all).recommendations();
        Evaluation evaluation = snapshot.evaluator().evaluate(contact, today);
        return new Outcome(contact, today, ranked, evaluation, snapshot.catalog(), journey);
    }

    /**
     * Runs the scenario's events, in order, through the journey rules with the same inference the
     * server applies to a stored contact's events; the contact starts in the scenario's state.
     */
    public InferredJourney infer(Scenario scenario) {
        JourneyRuleBook journey = snapshot.journey();
        if (journey == null || journey.isEmpty()) {
            throw new IllegalStateException("the scenario has events, but no journey rules are loaded (rules/journey/*.drl)");
        }
        Contact contact = scenario.contact();
        ContactProfile profile = new ContactProfile(contact.id(), contact.role(), contact.concerns(), contact.topics(), contact.language(),
                contact.account(), contact.industry(), contact.existingCustomer());
        ContactState start = new ContactState(contact.phase(), contact.lifecycle(), 0, null, 0, 0, null);
        JourneyInference inference = new JourneyInference(journey, snapshot.catalog(), profile, start,
                JourneyInference.History.none(contact.consumed()));
        Instant now = clockOn(today).instant();
        for (ScenarioEvent event : scenario.events()) inference.apply(event.toEvent(now));
        ContactState state = inference.state();
        return new InferredJourney(state, state.scoreAt(now, journey.settings().scoreHalfLife()), inference.changes(), inference.consumed());
    }
}
