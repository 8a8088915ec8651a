package de.wegweiser.rules;

import java.util.List;

/**
 * What the {@link RuleLinter} found in a set of rule files.
 *
 * @param findings      errors and warnings, sorted by file, line and column
 * @param safeToCompile false when a file uses something a recommendation rule must not (imports
 *                      outside the fact model, functions, system or engine access, fact changes):
 *                      such files are not handed to Drools at all
 */
public record LintReport(List<RuleProblem> findings, boolean safeToCompile) {

    /** No lint ran. */
    public static final LintReport EMPTY = new LintReport(List.of(), true);

    public LintReport {
        findings = List.copyOf(findings);
    }

    public List<RuleProblem> errors() {
        return findings.stream().filter(RuleProblem::isError).toList();
    }

    public List<RuleProblem> warnings() {
        return findings.stream().filter(p -> !p.isError()).toList();
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(RuleProblem::isError);
    }
}
