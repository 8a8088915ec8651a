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
 * @param followOns  how many problems that follow from this one were folded into it (their count and
 *                   files are in the message); a root cause is reported before everything else
 */
public record RuleProblem(ProblemCode code, String file, int line, int column, Severity severity, String rule, String message,
                          String sourceLine, int followOns) {

    public RuleProblem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
    }

    public RuleProblem(ProblemCode code, String file, int line, int column, Severity severity, String rule, String message, String sourceLine) {
        this(code, file, line, column, severity, rule, message, sourceLine, 0);
    }

    /** This problem as the root cause of others, which are left out and counted in the message. */
    public RuleProblem withFollowOns(int count, String what) {
        return new RuleProblem(code, file, line, column, severity, rule, message + " (and " + count + (count == 1 ? " error" : " errors")
                + (count == 1 ? " that follows" : " that follow") + " from it: " + what + ")", sourceLine, followOns + count);
    }

    /** Root causes first, then by file, line and column. */
    public static final java.util.Comparator<RuleProblem> ORDER = java.util.Comparator.comparing((RuleProblem p) -> p.followOns() == 0)
            .thenComparing(RuleProblem::file).thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column);

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
