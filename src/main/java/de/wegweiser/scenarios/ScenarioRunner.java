package de.wegweiser.scenarios;

import de.wegweiser.accounts.AccountAssessment;
import de.wegweiser.accounts.AccountInference;
import de.wegweiser.accounts.AccountRulesLoopException;
import de.wegweiser.contacts.JourneyInference;
import de.wegweiser.contacts.JourneyLoopException;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.TrackedContact;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.AccountRuleBook;
import de.wegweiser.rules.Evaluation;
import de.wegweiser.rules.JourneyRuleBook;
import de.wegweiser.rules.RunawayRuleException;
import de.wegweiser.rules.SessionPerRequestEvaluator;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
            if (scenario.isAboutAccount()) {
                outcome = outcome(scenario.account());
            } else if (scenario.events().isEmpty()) {
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
        } catch (JourneyLoopException | AccountRulesLoopException | IllegalStateException e) {
            int line = scenario.events().isEmpty() ? scenario.line() : scenario.events().get(0).line();
            return new ScenarioResult(scenario, List.of(new ScenarioResult.Failure(line, scenario.isAboutAccount() ? "account" : "events",
                    e.getMessage())), List.of());
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
     * The ranked list (the top N of any N is its beginning: the ranking picks one item after the
     * other) and the verdicts, which also know why items were dropped; each worked out when first read.
     */
    public Outcome outcome(Contact contact) {
        return outcome(contact, null);
    }

    private Outcome outcome(Contact contact, InferredJourney journey) {
        return new Outcome(contact, today, snapshot.catalog(), journey, new Outcome.Rules() {
            @Override
            public List<Recommendation> top(int n, Set<String> without) {
                return service.recommend(contact, n, without).recommendations();
            }

            @Override
            public Evaluation all() {
                return snapshot.evaluator().evaluate(contact, today);
            }

            /** Planned rules match one item each, so an item's verdict does not depend on the others: those items alone. */
            @Override
            public Evaluation some(Set<String> ids) {
                if (!snapshot.rules().plan().usable()) return all();
                Catalog catalog = snapshot.catalog();
                List<ContentItem> items = ids.stream().flatMap(id -> catalog.item(id).stream()).toList();
                Catalog some = new Catalog(catalog.taxonomy(), items, catalog.version(), List.of(), catalog.loadedAt());
                return new SessionPerRequestEvaluator(snapshot.rules(), some).evaluate(contact, today);
            }
        });
    }

    /**
     * Runs the scenario's events, in order, through the journey rules with the same inference the
     * server applies to a stored contact's events; the contact starts in the scenario's state.
     */
    public InferredJourney infer(Scenario scenario) {
        return infer(scenario.contact(), scenario.events());
    }

    private InferredJourney infer(Contact contact, List<ScenarioEvent> events) {
        JourneyRuleBook journey = snapshot.journey();
        if (journey == null || journey.isEmpty()) {
            throw new IllegalStateException("the scenario has events, but no journey rules are loaded (rules/journey/*.drl)");
        }
        JourneyInference inference = new JourneyInference(journey, snapshot.catalog(), profile(contact), start(contact),
                JourneyInference.History.none(contact.consumed()));
        Instant now = clockOn(today).instant();
        for (ScenarioEvent event : events) inference.apply(event.toEvent(now));
        ContactState state = inference.state();
        return new InferredJourney(state, state.scoreAt(now, journey.settings().scoreHalfLife()), inference.changes(), inference.consumed());
    }

    private static ContactProfile profile(Contact contact) {
        return new ContactProfile(contact.id(), contact.role(), contact.concerns(), contact.topics(), contact.language(),
                contact.account(), contact.industry(), contact.existingCustomer());
    }

    private static ContactState start(Contact contact) {
        return new ContactState(contact.phase(), contact.lifecycle(), 0, null, 0, 0, null);
    }

    /**
     * Judges the scenario's company as the server judges a stored account: each member's events run
     * through the journey rules first, then the account rules see every member's state and what it consumed.
     */
    private Outcome outcome(ScenarioAccount account) {
        AccountRuleBook rules = snapshot.account();
        if (rules == null || rules.isEmpty()) {
            throw new IllegalStateException("the scenario is about an account, but no account rules are loaded (rules/account/*.drl)");
        }
        Instant now = clockOn(today).instant();
        List<AccountAssessment.Member> members = new ArrayList<>();
        for (ScenarioAccount.Member member : account.members()) {
            Contact contact = member.contact();
            ContactState state = start(contact);
            Set<String> consumed = contact.consumed();
            if (!member.events().isEmpty()) {
                InferredJourney journey = infer(contact, member.events());
                state = journey.state();
                consumed = journey.consumed();
            }
            double score = state.scoreAt(now, snapshot.journey().settings().scoreHalfLife());
            List<ConsumedItem> items = consumed.stream().map(id -> new ConsumedItem(id, now, null)).toList();
            members.add(new AccountAssessment.Member(new TrackedContact(profile(contact), state, now, now), score, items, false));
        }
        AccountAssessment judged = new AccountInference(rules, snapshot.catalog()).assess(account.id(), members, now);
        return Outcome.of(judged, today, snapshot.catalog());
    }
}
