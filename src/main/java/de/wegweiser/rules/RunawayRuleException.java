package de.wegweiser.rules;

/** A rule fired far more often than any sensible rule can, most likely an endless update loop. */
public class RunawayRuleException extends RuntimeException {

    private final String rule;
    private final int firings;

    public RunawayRuleException(String rule, int firings) {
        this(rule, firings, "rule \"%s\" fired %d times for one request and was stopped; it probably triggers itself in a loop (update/modify/insert in its right-hand side)"
                .formatted(rule, firings));
    }

    protected RunawayRuleException(String rule, int firings, String message) {
        super(message);
        this.rule = rule;
        this.firings = firings;
    }

    public String rule() { return rule; }

    public int firings() { return firings; }
}
