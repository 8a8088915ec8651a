package de.wegweiser.recommend;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.rules.AccountRuleBook;
import de.wegweiser.rules.Evaluator;
import de.wegweiser.rules.JourneyRuleBook;
import de.wegweiser.rules.RuleBook;

/**
 * One consistent version of what the service knows: a catalog, the rules compiled against it, the
 * evaluator that runs them, the journey rules that turn a contact's events into its state, and the
 * account rules that judge the buying center as a whole.
 * Swapped as a whole, so a request never mixes two versions.
 */
public record Snapshot(Catalog catalog, RuleBook rules, Evaluator evaluator, JourneyRuleBook journey, AccountRuleBook account) {

    /** A version without journey rules: recommendations only (scenarios, diffs). */
    public Snapshot(Catalog catalog, RuleBook rules, Evaluator evaluator) {
        this(catalog, rules, evaluator, JourneyRuleBook.empty(rules.loadedAt()));
    }

    /** A version without account rules (scenarios, the command line's check). */
    public Snapshot(Catalog catalog, RuleBook rules, Evaluator evaluator, JourneyRuleBook journey) {
        this(catalog, rules, evaluator, journey, AccountRuleBook.empty(rules.loadedAt()));
    }
}
