package de.wegweiser.scenarios;

import java.time.LocalDate;
import java.util.List;

/** The results of running scenarios on one day, in the order they were written. */
public record ScenarioReport(LocalDate date, List<ScenarioResult> results) {

    public ScenarioReport {
        results = List.copyOf(results);
    }

    public long passed() {
        return results.stream().filter(ScenarioResult::passed).count();
    }

    public long failed() {
        return results.size() - passed();
    }

    public boolean allPassed() {
        return failed() == 0;
    }
}
