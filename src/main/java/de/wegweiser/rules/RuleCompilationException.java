package de.wegweiser.rules;

import java.util.List;

/** The rule files do not compile; carries every problem with file, line and rule. */
public class RuleCompilationException extends Exception {

    private final List<RuleProblem> problems;

    public RuleCompilationException(String directory, List<RuleProblem> problems) {
        super(report(directory, problems));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() { return problems; }

    private static String report(String directory, List<RuleProblem> problems) {
        StringBuilder text = new StringBuilder("Rules in ").append(directory).append(" have ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (RuleProblem problem : problems) text.append("\n  ").append(problem.describe());
        return text.toString();
    }
}
