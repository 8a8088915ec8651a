package de.wegweiser.reload;

import de.wegweiser.recommend.Snapshot;
import de.wegweiser.scenarios.ScenarioLoader;
import de.wegweiser.scenarios.ScenarioReport;
import de.wegweiser.scenarios.ScenarioResult;
import de.wegweiser.scenarios.ScenarioRunner;
import de.wegweiser.scenarios.ScenarioSet;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The marketers' scenarios as a deployment gate: a new version whose scenarios fail, or whose
 * scenario files have mistakes, does not go live. Runs on the candidate itself, with the same
 * engine as the server.
 */
public final class ScenarioGate implements SnapshotGate {

    private final Path scenariosDir;
    private final Clock clock;

    public ScenarioGate(Path rulesDir, Clock clock) {
        this.scenariosDir = rulesDir.resolve(ScenarioLoader.FOLDER);
        this.clock = clock;
    }

    /**
     * Every scenario's outcome against a version.
     *
     * @param problems the mistakes in the scenario files and every failed expectation, as the reload reports them
     */
    public record Outcome(long passed, long failed, List<Entry> scenarios, List<ReloadProblem> problems) {
        public record Entry(String name, String file, int line, boolean passed, List<ReloadProblem> failures) {}
    }

    /** The scenarios of that rules directory, e.g. a draft's, on the same day. */
    @Override
    public SnapshotGate forRules(Path rulesDir) {
        return new ScenarioGate(rulesDir, clock);
    }

    @Override
    public List<ReloadProblem> check(Snapshot candidate) {
        return run(candidate).problems();
    }

    public Outcome run(Snapshot candidate) {
        ScenarioSet set = ScenarioLoader.of(candidate).load(scenariosDir);
        List<ReloadProblem> problems = new ArrayList<>();
        set.problems().forEach(p -> problems.add(new ReloadProblem("scenarios", file(p.file()), p.line(), p.scenario(), p.message())));
        ScenarioReport report = new ScenarioRunner(candidate, LocalDate.now(clock)).run(set.scenarios());
        List<Outcome.Entry> entries = new ArrayList<>();
        for (ScenarioResult result : report.results()) {
            List<ReloadProblem> failures = result.failures().stream().map(failure -> new ReloadProblem("scenarios",
                    file(result.scenario().file()), failure.line(), result.scenario().name(), "scenario failed: " + failure.describe())).toList();
            problems.addAll(failures);
            entries.add(new Outcome.Entry(result.scenario().name(), file(result.scenario().file()), result.scenario().line(),
                    result.passed(), failures));
        }
        return new Outcome(report.passed(), report.failed(), entries, problems);
    }

    private static String file(String name) {
        return name.startsWith(ScenarioLoader.FOLDER + "/") ? name : ScenarioLoader.FOLDER + "/" + name;
    }
}
