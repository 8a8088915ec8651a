package de.wegweiser.scenarios;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scenarios of a directory that could be read, and every mistake in its files. A scenario
 * with a mistake is left out; the others of the same file are still there.
 *
 * @param files the scenario files, relative to the directory
 */
public record ScenarioSet(List<Scenario> scenarios, List<ScenarioProblem> problems, List<String> files) {

    public ScenarioSet {
        scenarios = List.copyOf(scenarios);
        problems = List.copyOf(problems);
        files = List.copyOf(files);
    }

    /**
     * How many scenarios (or whole files, when a file could not be read at all) were left out
     * because of mistakes: each counts as one failed check.
     */
    public int invalid() {
        Set<String> broken = new LinkedHashSet<>();
        for (ScenarioProblem p : problems) broken.add(p.file() + "\u0000" + p.scenario());
        return broken.size();
    }
}
