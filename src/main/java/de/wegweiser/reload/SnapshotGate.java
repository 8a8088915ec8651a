package de.wegweiser.reload;

import de.wegweiser.recommend.Snapshot;
import java.util.List;

/**
 * A check a freshly built version must pass before it goes live, for example the marketers'
 * scenarios. An empty list means: deploy.
 */
@FunctionalInterface
public interface SnapshotGate {
    List<ReloadProblem> check(Snapshot candidate);

    /**
     * The same check for a version built from another rules directory, such as a draft in a
     * temporary copy; a gate that reads files of its own (the scenarios) reads them there.
     */
    default SnapshotGate forRules(java.nio.file.Path rulesDir) {
        return this;
    }
}
