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

    /**
     * The rules' warnings from the lint and the engine, and those from holding the rules against
     * this catalog on the given day (an item id that does not exist, a rule that can fire for no
     * item, ...), by file, line and column.
     */
    public java.util.List<de.wegweiser.rules.RuleProblem> ruleWarnings(java.time.LocalDate today) {
        java.util.List<de.wegweiser.rules.RuleProblem> all = new java.util.ArrayList<>(rules.warnings());
        all.addAll(rules.whyNot().catalogFit(catalog.version(), catalog.items(), today));
        all.sort(java.util.Comparator.comparing(de.wegweiser.rules.RuleProblem::file)
                .thenComparingInt(de.wegweiser.rules.RuleProblem::line).thenComparingInt(de.wegweiser.rules.RuleProblem::column));
        return all;
    }
}
