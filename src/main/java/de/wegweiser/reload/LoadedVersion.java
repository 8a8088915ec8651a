package de.wegweiser.reload;

import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.RuleProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is live: versions (content hashes), when and from which files they were loaded, counts, the
 * rules' warnings, whether recommendations evaluate only the items that can reach the top, and the
 * journey and account rules with their marketer settings.
 *
 * @param ruleWarnings    what the lint and the engine found that does not stop the rules, file and line first
 * @param narrowing       true when recommendations evaluate only the items that can reach the top;
 *                        false when a rule outside that contract makes them evaluate every item
 */
public record LoadedVersion(String rulesVersion, Instant rulesLoadedAt, List<String> ruleFiles, int rules,
                            List<String> ruleWarnings, boolean narrowing,
                            String catalogVersion, Instant catalogLoadedAt, List<String> catalogFiles, int items,
                            String journeyRulesVersion, List<String> journeyRuleFiles, int journeyRules,
                            Map<String, Object> journeySettings, String accountRulesVersion, List<String> accountRuleFiles,
                            int accountRules, Map<String, Object> accountSettings) {

    public static LoadedVersion of(Snapshot snapshot) {
        return new LoadedVersion(snapshot.rules().version(), snapshot.rules().loadedAt(), snapshot.rules().files(),
                snapshot.rules().rules().size(), snapshot.rules().warnings().stream().map(RuleProblem::describe).toList(),
                snapshot.rules().plan().usable(), snapshot.catalog().version(), snapshot.catalog().loadedAt(),
                snapshot.catalog().files(), snapshot.catalog().items().size(), snapshot.journey().version(),
                snapshot.journey().files(), snapshot.journey().rules().size(), snapshot.journey().settings().values(),
                snapshot.account().version(), snapshot.account().files(), snapshot.account().rules().size(),
                snapshot.account().settings().values());
    }
}
