package de.wegweiser.scenarios;

import de.wegweiser.recommend.Recommendation;
import java.util.List;

/**
 * How one scenario fared.
 *
 * @param failures one readable sentence per expectation that does not hold, with its line
 * @param top      the contact's top N (N = the scenario's top), to show next to a failure
 */
public record ScenarioResult(Scenario scenario, List<Failure> failures, List<Recommendation> top) {

    public ScenarioResult {
        failures = List.copyOf(failures);
        top = List.copyOf(top);
    }

    /** An expectation that does not hold: where it is written and why it fails. */
    public record Failure(int line, String expectation, String reason) {
        /** {@code line 14 (inTop): expected ...} */
        public String describe() {
            return "line " + line + " (" + expectation + "): " + reason;
        }
    }

    public boolean passed() { return failures.isEmpty(); }
}
