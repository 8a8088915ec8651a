package de.wegweiser.reload;

import de.wegweiser.recommend.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is live: versions (content hashes), when and from which files they were loaded, counts, and
 * the journey rules with their marketer settings.
 */
public record LoadedVersion(String rulesVersion, Instant rulesLoadedAt, List<String> ruleFiles, int rules,
                            String catalogVersion, Instant catalogLoadedAt, List<String> catalogFiles, int items,
                            String journeyRulesVersion, List<String> journeyRuleFiles, int journeyRules,
                            Map<String, Object> journeySettings) {

    public static LoadedVersion of(Snapshot snapshot) {
        return new LoadedVersion(snapshot.rules().version(), snapshot.rules().loadedAt(), snapshot.rules().files(),
                snapshot.rules().rules().size(), snapshot.catalog().version(), snapshot.catalog().loadedAt(),
                snapshot.catalog().files(), snapshot.catalog().items().size(), snapshot.journey().version(),
                snapshot.journey().files(), snapshot.journey().rules().size(), snapshot.journey().settings().values());
    }
}
