package de.wegweiser.rules;

/**
 * The rules of one request ran longer than the {@linkplain FiringGuard#budgetMillis() time budget}
 * and were stopped. The second line of defence behind the safety check, which already keeps loops,
 * regular expressions and unbounded text out of rules.
 */
public class RuleTimeoutException extends RunawayRuleException {

    public RuleTimeoutException(String rule, int firings, long millis) {
        super(rule, firings, ("the rules took longer than %d ms for one request and were stopped while rule \"%s\" fired (%d times); "
                + "a rule that matches far more items than intended is the usual cause").formatted(millis, rule, firings));
    }
}
