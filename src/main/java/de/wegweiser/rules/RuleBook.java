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
 */
public record RuleBook(KieBase kieBase, String version, List<String> files, List<RuleInfo> rules, Instant loadedAt,
                       List<RuleProblem> warnings, CandidatePlan plan) {
    public RuleBook {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
        warnings = List.copyOf(warnings);
    }

}
