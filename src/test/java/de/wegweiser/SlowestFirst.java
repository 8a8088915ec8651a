package de.wegweiser;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Starts the biggest test classes first when classes run two at a time ({@code -Pfast}): a big class
 * started last keeps one core busy while the other has nothing left to do. The others keep their order.
 */
public final class SlowestFirst implements ClassOrderer {

    /** The biggest classes of the fast run, biggest first (test-seconds at load 4-7, December 2026, docs/operations.md#tests). */
    private static final List<String> BIGGEST = List.of("HotReloadTest", "DeploymentApiTest", "SnapshotLoaderTest", "RuleCompilerTest",
            "ScenarioRunnerTest", "DecisionTableTest", "CliTest", "TopKEvaluatorTest", "ShippedFilesTest", "RankingTest", "RuleDiffTest",
            "MetricsApiTest", "PooledSessionEvaluatorTest", "DraftApiTest", "BatchCommandTest");

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(descriptor -> {
            int rank = BIGGEST.indexOf(descriptor.getTestClass().getSimpleName());
            return rank < 0 ? BIGGEST.size() : rank;
        }));
    }
}
