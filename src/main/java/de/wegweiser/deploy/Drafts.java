package de.wegweiser.deploy;

import de.wegweiser.domain.Deployment;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.reload.ReloadProblem;
import de.wegweiser.reload.ReloadReport;
import de.wegweiser.reload.Reloader;
import de.wegweiser.scenarios.RuleDiff;
import de.wegweiser.scenarios.Scenario;
import de.wegweiser.scenarios.ScenarioLoader;
import de.wegweiser.scenarios.ScenarioSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Tries a change before it goes live: the live rule and catalog files with the change applied, in
 * a temporary copy (the live directories are only read), go through everything a reload does
 * (safety check, lint, compiler, catalog loader, scenarios), and the top N of every scenario and
 * generated contact is compared with the live version. No rule of the draft runs before it passed
 * the safety check: only a draft that compiled is evaluated.
 */
public final class Drafts {

    /** The top N the diff compares: what a CMS shows. */
    public static final int DIFF_TOP = 5;
    /** Contacts listed in a diff; the rest are counted. */
    public static final int MAX_DIFF_ENTRIES = 200;

    private final Reloader reloader;
    private final RecommendationService service;
    private final EditableFiles files;
    /** One draft at a time: a draft compiles and evaluates hundreds of contacts, on the cores that serve requests. */
    private final Object lock = new Object();
    /**
     * The live version's top N per compared contact, kept for the next draft on the same live version
     * (after a reload it holds the old version until the next draft replaces it). Guarded by lock.
     */
    private RuleDiff.Tops liveTops;

    public Drafts(Reloader reloader, RecommendationService service, EditableFiles files) {
        this.reloader = reloader;
        this.service = service;
        this.files = files;
    }

    public EditableFiles files() { return files; }

    /** What the change would do; the names in it must have passed {@link EditableFiles#check}. */
    public DraftReport check(List<Change> changes) {
        return checked(changes, true).report();
    }

    /**
     * The report, and the version the draft built (null when it did not load or compile). Its
     * evaluator is closed; its compiled rules and read catalog serve a deployment of the same files.
     */
    record Checked(DraftReport report, Snapshot candidate) {}

    /**
     * @param compare whether to compare the top N with the live version; a deployment shows no
     *                comparison, so it skips the most expensive part
     */
    Checked checked(List<Change> changes, boolean compare) {
        synchronized (lock) {
            Path work = null;
            try {
                work = Files.createTempDirectory("wegweiser-draft-");
                Path rules = work.resolve(EditableFiles.RULES);
                Path catalog = work.resolve(EditableFiles.CATALOG);
                EditableFiles.copyTree(files.root(EditableFiles.RULES), rules);
                EditableFiles.copyTree(files.root(EditableFiles.CATALOG), catalog);
                for (Change change : changes) apply(change, work.resolve(change.root()).resolve(change.path()));
                return report(catalog, rules, work, compare);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare a copy of the rules and catalog to try the change on", e);
            } finally {
                delete(work);
            }
        }
    }

    private static void apply(Change change, Path target) throws IOException {
        if (change.deletes()) {
            Files.deleteIfExists(target);
        } else {
            Files.createDirectories(target.getParent());
            Files.writeString(target, change.content(), StandardCharsets.UTF_8);
        }
    }

    private Checked report(Path catalog, Path rules, Path work, boolean compare) {
        try (Reloader.Trial trial = reloader.trial(catalog, rules)) {
            List<ReloadProblem> problems = trial.problems().stream().map(p -> located(p, work)).toList();
            int kept = Math.min(problems.size(), ReloadReport.MAX_PROBLEMS);
            int more = trial.unreported() + problems.size() - kept;
            Snapshot candidate = trial.candidate();
            if (candidate == null) {
                return new Checked(new DraftReport(false, problems.subList(0, kept), more,
                        trial.warnings().stream().map(p -> located(p, work)).toList(), new DraftReport.Scenarios(false, 0, 0, List.of()), null, null),
                        null);
            }
            List<ReloadProblem> warnings = candidate.ruleWarnings(service.today()).stream().map(ReloadProblem::of).toList();
            ScenarioSet scenarios = ScenarioLoader.of(candidate).load(rules.resolve(ScenarioLoader.FOLDER));
            DraftReport.Diff diff = null;
            if (compare) {
                RuleDiff.Tops live = liveTops();
                diff = diff(RuleDiff.overAllContacts(live, candidate, scenarios.scenarios()), live.snapshot(), candidate);
            }
            return new Checked(new DraftReport(trial.passed(), problems.subList(0, kept), more, warnings, scenarios(scenarios, problems),
                    diff, versions(candidate)), candidate);
        }
    }

    /** The live version's lists, kept while the live version and the day stay the same. */
    private RuleDiff.Tops liveTops() {
        Snapshot live = service.snapshot();
        LocalDate today = service.today();
        if (liveTops == null || !liveTops.isFor(live, today, DIFF_TOP)) liveTops = new RuleDiff.Tops(live, today, DIFF_TOP);
        return liveTops;
    }

    /** The draft's scenario results, from the gate's problems: the scenarios ran there once. */
    private static DraftReport.Scenarios scenarios(ScenarioSet set, List<ReloadProblem> problems) {
        List<DraftReport.Failed> failed = problems.stream().filter(p -> p.source().equals("scenarios"))
                .map(p -> new DraftReport.Failed(p.where(), p.file(), p.line(), p.message())).toList();
        Set<String> failedNames = failed.stream().map(DraftReport.Failed::name).collect(Collectors.toSet());
        int total = set.scenarios().size();
        int passed = (int) set.scenarios().stream().map(Scenario::name).filter(name -> !failedNames.contains(name)).count();
        return new DraftReport.Scenarios(true, total, passed, failed);
    }

    static Deployment.Versions versions(Snapshot s) {
        return new Deployment.Versions(s.rules().version(), s.journey().version(), s.account().version(), s.catalog().version());
    }

    private static DraftReport.Diff diff(RuleDiff.Result result, Snapshot before, Snapshot after) {
        List<RuleDiff.ContactDiff> changed = result.changed();
        List<DraftReport.Entry> entries = new ArrayList<>();
        for (RuleDiff.ContactDiff d : changed.subList(0, Math.min(changed.size(), MAX_DIFF_ENTRIES))) {
            var c = d.probe().contact();
            var contact = new DraftReport.Contact(d.probe().label(), d.probe().fromScenario() ? "scenario" : "generated", c.role(),
                    c.phase() == null ? null : c.phase().id(), c.language());
            entries.add(new DraftReport.Entry(contact, d.before().stream().map(id -> item(id, before, after)).toList(),
                    d.after().stream().map(id -> item(id, after, before)).toList(), d.changes().stream().map(Drafts::move).toList()));
        }
        return new DraftReport.Diff(result.top(), result.contacts().size(), changed.size(), entries);
    }

    /** The item with its title from the side it was listed on, else from the other side. */
    private static DraftReport.Item item(String id, Snapshot side, Snapshot other) {
        return new DraftReport.Item(id, side.catalog().item(id).or(() -> other.catalog().item(id)).map(i -> i.title()).orElse(null));
    }

    private static DraftReport.Move move(RuleDiff.Change c) {
        return new DraftReport.Move(c.kind().name().toLowerCase(java.util.Locale.ROOT), c.itemId(), c.before() == 0 ? null : c.before(),
                c.after() == 0 ? null : c.after(), c.scoreBefore(), c.scoreAfter(), c.excludedBefore(), c.excludedAfter());
    }

    /** A problem as the marketer knows the files: the temporary copy's path is the live directory's. */
    private ReloadProblem located(ReloadProblem p, Path work) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(work.resolve(EditableFiles.RULES).toString(), files.root(EditableFiles.RULES).toString());
        names.put(work.resolve(EditableFiles.CATALOG).toString(), files.root(EditableFiles.CATALOG).toString());
        String file = p.file();
        String message = p.message();
        for (var name : names.entrySet()) {
            if (file != null) file = file.replace(name.getKey(), name.getValue());
            if (message != null) message = message.replace(name.getKey(), name.getValue());
        }
        return new ReloadProblem(p.source(), file, p.line(), p.column(), p.where(), message, p.sourceLine(), p.code());
    }

    private static void delete(Path dir) {
        if (dir == null) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temporary copy costs disk, not correctness
            org.slf4j.LoggerFactory.getLogger(Drafts.class).warn("cannot remove the draft copy {}: {}", dir, e.toString());
        }
    }
}
