package de.wegweiser.rules;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;

/**
 * One compiled version of the rule files. The {@link KieBase} is thread-safe and shared;
 * sessions made from it are not, and every evaluation makes or owns its own.
 *
 * @param version content hash of the rule files it was compiled from
 */
public record RuleBook(KieBase kieBase, String version, List<String> files, List<RuleInfo> rules, Instant loadedAt) {
    public RuleBook {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
    }
}
