package de.wegweiser.rules;

import java.util.List;

/**
 * The rule files do not compile or break the lint; carries every error with file, line and rule,
 * and the lint's warnings, which are listed after the errors.
 */
public class RuleCompilationException extends Exception {

    private final List<RuleProblem> problems;
    private final List<RuleProblem> warnings;

    public RuleCompilationException(String directory, List<RuleProblem> problems) {
        this(directory, problems, List.of());
    }

    public RuleCompilationException(String directory, List<RuleProblem> problems, List<RuleProblem> warnings) {
        super(report(directory, problems, warnings));
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
    }

    /** The errors. */
    public List<RuleProblem> problems() { return problems; }

    public List<RuleProblem> warnings() { return warnings; }

    private static String report(String directory, List<RuleProblem> problems, List<RuleProblem> warnings) {
        StringBuilder text = new StringBuilder("Rules in ").append(directory).append(" have ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (RuleProblem problem : problems) text.append("\n  ").append(problem.describe());
        if (!warnings.isEmpty()) {
            text.append("\nand ").append(warnings.size()).append(warnings.size() == 1 ? " warning:" : " warnings:");
            for (RuleProblem warning : warnings) text.append("\n  ").append(warning.describe());
        }
        return text.toString();
    }
}
