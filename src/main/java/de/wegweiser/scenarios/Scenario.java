package de.wegweiser.scenarios;

import de.wegweiser.domain.Contact;
import java.util.List;

/**
 * A marketer's statement about what one contact gets, checked against the rules: "a CEO about
 * to buy gets case studies about image"; or, with {@code account}, about how the account rules
 * judge a company from its members ("finance has seen nothing on return on investment").
 *
 * @param file         the scenario file, relative to the scenarios directory
 * @param line         the line the scenario starts on
 * @param contact      the contact; with events, its state before the first event; null for an account scenario
 * @param top          how many results the expectations look at unless they say otherwise
 * @param expectations what must hold for the contact's recommendations, at least one
 * @param events       what the contact did, in order, run through the journey rules before the
 *                     expectations are checked; may be empty
 * @param account      the company, for a scenario about an account; otherwise null
 */
public record Scenario(String name, String file, int line, Contact contact, int top, List<Expectation> expectations,
                       List<ScenarioEvent> events, ScenarioAccount account) {
    public Scenario {
        expectations = List.copyOf(expectations);
        events = List.copyOf(events);
    }

    public Scenario(String name, String file, int line, Contact contact, int top, List<Expectation> expectations,
                    List<ScenarioEvent> events) {
        this(name, file, line, contact, top, expectations, events, null);
    }

    public Scenario(String name, String file, int line, Contact contact, int top, List<Expectation> expectations) {
        this(name, file, line, contact, top, expectations, List.of());
    }

    /** A scenario about a company's account rather than one contact's recommendations. */
    public boolean isAboutAccount() { return account != null; }
}
