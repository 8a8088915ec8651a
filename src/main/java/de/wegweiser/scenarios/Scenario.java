package de.wegweiser.scenarios;

import de.wegweiser.domain.Contact;
import java.util.List;

/**
 * A marketer's statement about what one contact gets, checked against the rules: "a CEO about
 * to buy gets case studies about image".
 *
 * @param file         the scenario file, relative to the scenarios directory
 * @param line         the line the scenario starts on
 * @param top          how many results the expectations look at unless they say otherwise
 * @param expectations what must hold for the contact's recommendations, at least one
 */
public record Scenario(String name, String file, int line, Contact contact, int top, List<Expectation> expectations) {
    public Scenario {
        expectations = List.copyOf(expectations);
    }
}
