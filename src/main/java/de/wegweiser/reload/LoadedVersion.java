package de.wegweiser.reload;

import de.wegweiser.recommend.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is live: versions (content hashes), when and from which files they were loaded, counts, the
 * rules' warnings, whether recommendations evaluate only the items that can reach the top, and the
 * journey and account rules with their marketer settings.
 *
 * @param ruleWarnings    what the lint, the engine and the check against the catalog found that does not stop the
 *                        rules, in the structure of a problem (file, line, column, rule, message, code)
 * @param narrowing       true when recommendations evaluate only the items that can reach the top;
 *                        false when a rule outside that contract makes them evaluate every item
 */
public record LoadedVersion(String rulesVersion, Instant rulesLoadedAt, List<String> ruleFiles, int rules,
                            List<ReloadProblem> ruleWarnings, boolean narrowing,
                            String catalogVersion, Instant catalogLoadedAt, List<String> catalogFiles, int items,
                            String journeyRulesVersion, List<String> journeyRuleFiles, int journeyRules,
                            Map<String, Object> journeySettings, String accountRulesVersion, List<String> accountRuleFiles,
                            int accountRules, Map<String, Object> accountSettings) {

    /** @param today the day the rules are held against the catalog for (what is expired, what is past) */
    public static LoadedVersion of(Snapshot snapshot, java.time.LocalDate today) {
        return new LoadedVersion(snapshot.rules().version(), snapshot.rules().loadedAt(), snapshot.rules().files(),
                snapshot.rules().rules().size(), snapshot.ruleWarnings(today).stream().map(ReloadProblem::of).toList(),
                snapshot.rules().plan().usable(), snapshot.catalog().version(), snapshot.catalog().loadedAt(),
                snapshot.catalog().files(), snapshot.catalog().items().size(), snapshot.journey().version(),
                snapshot.journey().files(), snapshot.journey().rules().size(), snapshot.journey().settings().values(),
                snapshot.account().version(), snapshot.account().files(), snapshot.account().rules().size(),
                snapshot.account().settings().values());
    }
}
