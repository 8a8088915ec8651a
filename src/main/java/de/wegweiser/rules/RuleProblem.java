package de.wegweiser.rules;

/**
 * One thing wrong in a rule file.
 *
 * @param file       file relative to the rules directory
 * @param line       1-based line, 0 when Drools gives none
 * @param rule       the rule the line belongs to, or null
 * @param sourceLine the offending line of DRL, or null
 */
public record RuleProblem(String file, int line, String rule, String message, String sourceLine) {

    /** {@code buying-center.drl:42 (rule "IT: security"): unknown field ...} plus the source line. */
    public String describe() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) text.append(':').append(line);
        if (rule != null) text.append(" (rule \"").append(rule).append("\")");
        text.append(": ").append(message);
        if (sourceLine != null && !sourceLine.isBlank()) text.append("\n      > ").append(sourceLine.strip());
        return text.toString();
    }
}
