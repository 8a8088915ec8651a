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
}
