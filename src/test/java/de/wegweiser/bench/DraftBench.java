package de.wegweiser.bench;

import de.wegweiser.TestApp;
import de.wegweiser.deploy.Change;
import de.wegweiser.deploy.DraftReport;
import de.wegweiser.deploy.Drafts;
import de.wegweiser.deploy.EditableFiles;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.reload.Reloader;
import de.wegweiser.reload.ScenarioGate;
import de.wegweiser.scenarios.RuleDiff;
import de.wegweiser.scenarios.ScenarioLoader;
import de.wegweiser.storage.TestStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The draft benchmark (not a test): how long "Try a change" ({@code POST /api/v1/admin/drafts})
 * takes on the frozen rules and catalog, and where the time goes. For three changes (points of one
 * rule, a new exclusion rule, a comment) it times, in interleaved rounds:
 * <ul>
 *   <li><b>trial</b>: building and checking the draft as a reload does (safety check, lint,
 *       compiler, scenarios); the baseline every draft pays;</li>
 *   <li><b>complete diff</b>: the previous diff, every contact evaluated completely on both sides,
 *       one after the other ({@link RuleDiff#compareCompletely});</li>
 *   <li><b>fast diff</b>: the shipped one, top 5 first, complete evaluation only where the top 5
 *       changed, in parallel; cold (live lists computed) and with the live lists kept from an
 *       earlier draft, as {@link Drafts} keeps them;</li>
 *   <li><b>draft</b>: the whole {@link Drafts#check}, copy of the files included.</li>
 * </ul>
 * It checks first that both diffs agree. Run:
 * {@code java -cp target/classes:target/test-classes:$(cat target/cp.txt) de.wegweiser.bench.DraftBench}
 * (see docs/benchmarks.md). System property {@code bench.rounds} (5).
 */
public final class DraftBench {

    private static final int TOP = Drafts.DIFF_TOP;

    record Trial(String name, Path rules, List<Change> changes) {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 5);
        System.out.printf(Locale.ROOT, "draft benchmark: %d cores, %s, load average before: %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Bench.loadAverage());
        Path dir = TestStorage.tempDir();
        try {
            Path rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
            Path catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
            List<Trial> trials = trials(dir, rules);
            try (TestApp app = TestApp.start(TestApp.config(rules, catalog))) {
                Reloader reloader = app.app().reloader();
                Drafts drafts = new Drafts(reloader, app.app().service(), new EditableFiles(rules, catalog));
                Snapshot live = app.app().service().snapshot();
                LocalDate today = app.app().service().today();
                RuleDiff.Tops keptLive = new RuleDiff.Tops(live, today, TOP);
                Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
                for (int round = 0; round <= rounds; round++) { // round 0 warms up and checks
                    for (Trial t : trials) {
                        Map<String, List<Double>> mine = times.computeIfAbsent(t.name(), k -> new LinkedHashMap<>());
                        long start = System.nanoTime();
                        try (Reloader.Trial trial = reloader.trial(catalog, t.rules())) {
                            double trialMs = ms(start);
                            Snapshot draft = trial.candidate();
                            start = System.nanoTime();
                            new ScenarioGate(t.rules(), TestApp.CLOCK).run(draft);
                            double scenariosMs = ms(start);
                            var scenarios = ScenarioLoader.of(draft).load(t.rules().resolve(ScenarioLoader.FOLDER)).scenarios();
                            List<RuleDiff.Probe> probes = RuleDiff.probes(draft, scenarios);
                            start = System.nanoTime();
                            RuleDiff.Result complete = RuleDiff.compareCompletely(live, draft, probes, TOP, today);
                            double completeMs = ms(start);
                            start = System.nanoTime();
                            RuleDiff.Result cold = RuleDiff.compare(new RuleDiff.Tops(live, today, TOP), draft, probes);
                            double coldMs = ms(start);
                            start = System.nanoTime();
                            RuleDiff.Result warm = RuleDiff.compare(keptLive, draft, probes);
                            double warmMs = ms(start);
                            if (!complete.equals(cold) || !complete.equals(warm)) {
                                throw new IllegalStateException(t.name() + ": the fast diff differs from the complete one");
                            }
                            start = System.nanoTime();
                            DraftReport report = drafts.check(t.changes());
                            double draftMs = ms(start);
                            if (report.diff() == null || report.diff().changed() != complete.changed().size()) {
                                throw new IllegalStateException(t.name() + ": the draft's report is not the diff: " + report);
                            }
                            if (round == 0) {
                                System.out.printf(Locale.ROOT, "%-10s %d contacts compared, %d changed%n", t.name(), probes.size(),
                                        complete.changed().size());
                                continue;
                            }
                            add(mine, "trial (compile, scenarios)", trialMs);
                            add(mine, "  of which the scenarios (run again)", scenariosMs);
                            add(mine, "complete diff (before)", completeMs);
                            add(mine, "fast diff, cold", coldMs);
                            add(mine, "fast diff, live kept", warmMs);
                            add(mine, "whole draft (now)", draftMs);
                            add(mine, "whole draft before (trial + complete)", trialMs + completeMs);
                        }
                    }
                }
                print(times, rounds);
            }
        } finally {
            TestStorage.delete(dir);
        }
        System.out.printf(Locale.ROOT, "load average after: %s%n", Bench.loadAverage());
    }

    /** Each change in a copy of its own (for the trial and the diffs), and as the change a draft is given. */
    private static List<Trial> trials(Path dir, Path rules) throws Exception {
        String buyingCenter = Files.readString(rules.resolve("buying-center.drl"));
        String points = buyingCenter.replace("recommend($item, 20, \"IT weighs security and integration\",",
                "recommend($item, 80, \"IT weighs security and integration above all\",");
        String comment = buyingCenter + "\n// a note for colleagues\n";
        String exclusion = Files.readString(Path.of("src", "test", "resources", "drafts", "no-webinars.drl"));
        List<Trial> trials = new ArrayList<>();
        trials.add(trial(dir, rules, "points", "buying-center.drl", points));
        trials.add(trial(dir, rules, "exclusion", "no-webinars.drl", exclusion));
        trials.add(trial(dir, rules, "comment", "buying-center.drl", comment));
        return trials;
    }

    private static Trial trial(Path dir, Path rules, String name, String file, String content) throws Exception {
        Path copy = TestApp.copyTree(rules, dir.resolve("draft-" + name));
        Files.writeString(copy.resolve(file), content);
        return new Trial(name, copy, List.of(new Change(EditableFiles.RULES, file, content, null)));
    }

    private static void add(Map<String, List<Double>> times, String what, double ms) {
        times.computeIfAbsent(what, k -> new ArrayList<>()).add(ms);
    }

    private static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static void print(Map<String, Map<String, List<Double>>> times, int rounds) {
        System.out.printf(Locale.ROOT, "%nmedian of %d rounds, ms%n%-40s", rounds, "");
        for (String change : times.keySet()) System.out.printf(Locale.ROOT, "%12s", change);
        System.out.println();
        for (String what : times.values().iterator().next().keySet()) {
            System.out.printf(Locale.ROOT, "%-40s", what);
            for (Map<String, List<Double>> change : times.values()) {
                System.out.printf(Locale.ROOT, "%12.0f", Bench.ReloadBench.median(change.get(what)));
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%-40s", "complete diff / fast diff cold");
        for (Map<String, List<Double>> c : times.values()) System.out.printf(Locale.ROOT, "%11.1fx", ratio(c, "complete diff (before)", "fast diff, cold"));
        System.out.printf(Locale.ROOT, "%n%-40s", "complete diff / fast diff live kept");
        for (Map<String, List<Double>> c : times.values()) System.out.printf(Locale.ROOT, "%11.1fx", ratio(c, "complete diff (before)", "fast diff, live kept"));
        System.out.printf(Locale.ROOT, "%n%-40s", "whole draft before / now");
        for (Map<String, List<Double>> c : times.values()) {
            System.out.printf(Locale.ROOT, "%11.1fx", ratio(c, "whole draft before (trial + complete)", "whole draft (now)"));
        }
        System.out.println();
    }

    private static double ratio(Map<String, List<Double>> change, String a, String b) {
        return Bench.ReloadBench.median(change.get(a)) / Bench.ReloadBench.median(change.get(b));
    }
}
