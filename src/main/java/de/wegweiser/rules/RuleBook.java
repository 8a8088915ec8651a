package de.wegweiser.rules;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;

/**
 * One compiled version of the rule files. The {@link KieBase} is thread-safe and shared;
 * sessions made from it are not, and every evaluation makes or owns its own.
 *
 * @param version  content hash of the rule files it was compiled from
 * @param warnings what the lint found that does not stop the rules from loading (e.g. a rule
 *                 without a comment of intent), sorted by file and line
 * @param plan     how recommendations narrow the catalog to the items that can reach the top
 * @param whyNot   why a rule did not fire for an item, from the rule files as parsed
 */
public record RuleBook(KieBase kieBase, String version, List<String> files, List<RuleInfo> rules, Instant loadedAt,
                       List<RuleProblem> warnings, CandidatePlan plan, de.wegweiser.rules.conditions.WhyNot whyNot) {
    public RuleBook {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }


    /**
     * Whether some rule joins the {@link de.wegweiser.domain.Account} fact: only then is a stored
     * contact's account judged for its recommendations, which costs reading the whole account.
     */
    public boolean readsAccount() {
        // asked per stored contact's answer: stops at the first rule that joins it
        for (org.kie.api.definition.KiePackage pkg : kieBase.getKiePackages()) {
            for (org.kie.api.definition.rule.Rule rule : pkg.getRules()) {
                if (rule instanceof org.drools.base.definitions.rule.impl.RuleImpl impl && joins(impl.getLhs(), de.wegweiser.domain.Account.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The names of the rules with a condition on the fact type, e.g. the recommendation rules that
     * read the {@code Account} or the journey rules that read the {@code BuyingCenter}: what an
     * explanation names as the account's doing.
     */
    public java.util.Set<String> rulesJoining(Class<?> factType) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (org.kie.api.definition.KiePackage pkg : kieBase.getKiePackages()) {
            for (org.kie.api.definition.rule.Rule rule : pkg.getRules()) {
                if (rule instanceof org.drools.base.definitions.rule.impl.RuleImpl impl && joins(impl.getLhs(), factType)) {
                    names.add(rule.getName());
                }
            }
        }
        return names;
    }

    private static boolean joins(org.drools.base.rule.RuleConditionElement element, Class<?> factType) {
        if (element instanceof org.drools.base.rule.Pattern pattern
                && pattern.getObjectType() instanceof org.drools.base.base.ClassObjectType type
                && type.getClassType() == factType) {
            return true;
        }
        for (org.drools.base.rule.RuleConditionElement nested : element.getNestedElements()) if (joins(nested, factType)) return true;
        return false;
    }
}
