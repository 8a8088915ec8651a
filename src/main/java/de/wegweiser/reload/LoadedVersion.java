package de.wegweiser.reload;

import de.wegweiser.recommend.Snapshot;
import java.time.Instant;
import java.util.List;

/** What is live: versions (content hashes), when and from which files they were loaded, counts. */
public record LoadedVersion(String rulesVersion, Instant rulesLoadedAt, List<String> ruleFiles, int rules,
                            String catalogVersion, Instant catalogLoadedAt, List<String> catalogFiles, int items) {

    public static LoadedVersion of(Snapshot snapshot) {
        return new LoadedVersion(snapshot.rules().version(), snapshot.rules().loadedAt(), snapshot.rules().files(),
                snapshot.rules().rules().size(), snapshot.catalog().version(), snapshot.catalog().loadedAt(),
                snapshot.catalog().files(), snapshot.catalog().items().size());
    }
}
