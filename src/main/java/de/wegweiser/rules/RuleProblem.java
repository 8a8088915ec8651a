package de.wegweiser.rules;

import de.wegweiser.files.SourceFiles;
import java.util.Objects;

/**
 * One thing wrong in a rule file, found by the safety check, the {@link RuleLinter} or the compiler.
 *
 * @param code       what kind of problem it is; programs decide on it, never on the message
 * @param file       file relative to the rules directory
 * @param line       1-based line, 0 when Drools gives none
 * @param column     1-based column, 0 when unknown (Drools rarely gives one; the lint always does)
 * @param severity   {@link Severity#ERROR} stops the rules from loading, a warning does not
 * @param rule       the rule the line belongs to, or null
 * @param sourceLine the offending line of DRL, or null
 */
public record RuleProblem(ProblemCode code, String file, int line, int column, Severity severity, String rule, String message, String sourceLine) {

    public RuleProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
    }

    /** An error without a column, as the Drools compiler reports it. */
    public RuleProblem(ProblemCode code, String file, int line, String rule, String message, String sourceLine) {
        this(code, file, line, 0, Severity.ERROR, rule, message, sourceLine);
    }

    public boolean isError() { return severity == Severity.ERROR; }

    /**
     * {@code buying-center.drl:42 (rule "IT: security"): unknown field ...} plus the source line;
     * the column follows the line when known, warnings say so.
     */
    public String describe() {
        return describe(file);
    }

    /** The same with the file written as the reader knows it, e.g. {@code rules/buying-center.drl}. */
    public String describe(String shownFile) {
        StringBuilder text = new StringBuilder(SourceFiles.location(shownFile, line, column));
        if (rule != null) text.append(" (rule \"").append(rule).append("\")");
        text.append(": ");
        if (severity == Severity.WARNING) text.append("warning: ");
        text.append(message);
        if (sourceLine != null && !sourceLine.isBlank()) text.append("\n      > ").append(sourceLine.strip());
        return text.toString();
    }
}
