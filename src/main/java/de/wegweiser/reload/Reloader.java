package de.wegweiser.reload;

import de.wegweiser.catalog.CatalogException;
import de.wegweiser.catalog.CatalogProblem;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleProblem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new version from the files, checks it and puts it live atomically. One build at a time;
 * a version that fails to load, compile or pass a gate never goes live, and the last good one keeps
 * serving. Requests in flight finish on the version they started with.
 *
 * <p>A reload never keeps the admin API without an answer: {@link #status()} never waits for a
 * reload, and {@link #reloadUnlessBusy} waits for one in progress only so long.
 */
public final class Reloader {

    /**
     * How long an admin request waits for a reload in progress before it answers that one is
     * running. A changed rule file at 10,000 items took up to 2.6 s to go live on a busy machine.
     */
    public static final Duration DEFAULT_BUSY_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);
    /** Versions built at start, so that the JIT has compiled the reload's code before the first change (bench/reload-live.sh). */
    private static final int WARM_UP_PASSES = 3;
    /**
     * Whether a service in this JVM has warmed up: the JIT's code and the loaded classes belong to the
     * JVM, not to one service, so a second service in it (the tests start hundreds) finds them warm.
     */
    private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();

    private final SnapshotLoader loader;
    private final RecommendationService service;
    private final Path catalogDir;
    private final Path rulesDir;
    private final List<SnapshotGate> gates;
    private final Clock clock;
    private final Duration busyWait;
    private volatile java.util.function.Consumer<ReloadReport> listener = report -> {};
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Running running;
    private volatile ReloadReport lastAttempt;
    private volatile ReloadReport lastFailure;

    public Reloader(SnapshotLoader loader, RecommendationService service, Path catalogDir, Path rulesDir,
                    List<SnapshotGate> gates, Clock clock) {
        this(loader, service, catalogDir, rulesDir, gates, clock, DEFAULT_BUSY_WAIT);
    }

    /** @param busyWait how long {@link #reloadUnlessBusy} waits for a reload in progress */
    public Reloader(SnapshotLoader loader, RecommendationService service, Path catalogDir, Path rulesDir,
                    List<SnapshotGate> gates, Clock clock, Duration busyWait) {
        this.loader = loader;
        this.service = service;
        this.catalogDir = catalogDir;
        this.rulesDir = rulesDir;
        this.gates = List.copyOf(gates);
        this.clock = clock;
        this.busyWait = busyWait;
    }

    /** A reload in progress: what started it, and when. */
    public record Running(String trigger, Instant since) {}

    /**
     * Loads, checks and, if all is well and something changed, deploys; waits for a reload in
     * progress first, however long it takes. Never throws for bad files.
     */
    public ReloadReport reload(String trigger) {
        lock.lock();
        try {
            return reloadLocked(trigger, null);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #reload}, unless another reload is still in progress after {@link #busyWait()}: then
     * nothing is reloaded, and the answer is empty.
     */
    public Optional<ReloadReport> reloadUnlessBusy(String trigger) {
        try {
            if (!lock.tryLock(busyWait.toNanos(), TimeUnit.NANOSECONDS)) return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(reloadLocked(trigger, null));
        } finally {
            lock.unlock();
        }
    }

    /** Called with every reload's report, on the reloading thread (metrics count outcomes and durations). */
    public void onReload(java.util.function.Consumer<ReloadReport> listener) {
        this.listener = java.util.Objects.requireNonNull(listener);
    }

    /** How long {@link #reloadUnlessBusy} waits for a reload in progress. */
    public Duration busyWait() { return busyWait; }

    /** The reload in progress, if any; never waits. */
    public Optional<Running> running() { return Optional.ofNullable(running); }

    /**
     * {@link #reload}, with {@code prepare} run first under the same lock: a deployment writes its
     * files there, so no other reload loads them half written. If {@code prepare} throws, nothing is
     * reloaded and the exception comes through.
     */
    public ReloadReport reload(String trigger, Runnable prepare) {
        return reload(trigger, prepare, null);
    }

    /**
     * {@link #reload(String, Runnable)}, taking what {@code reuse} compiled instead of compiling it
     * again, part by part, wherever that part's files are the same (compared by content hash): a
     * deployment passes the version its draft built from the very same files.
     *
     * @param reuse a version built from the files being deployed, or null
     */
    public ReloadReport reload(String trigger, Runnable prepare, Snapshot reuse) {
        lock.lock();
        try {
            prepare.run();
            return reloadLocked(trigger, reuse);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A version built from the files and checked as a reload would, with what went wrong; the
     * candidate is null when the files did not load or compile. Whoever holds a candidate closes it.
     *
     * @param warnings what the lint and the compiler found that does not stop the rules (only when they did not compile)
     */
    public record Trial(Snapshot candidate, List<ReloadProblem> problems, int unreported, List<ReloadProblem> warnings)
            implements AutoCloseable {
        public Trial {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        public boolean passed() { return candidate != null && problems.isEmpty() && unreported == 0; }

        @Override
        public void close() {
            if (candidate != null) candidate.evaluator().close();
        }
    }

    /**
     * Builds and checks a version from other directories (a draft in a temporary copy) exactly as
     * {@link #reload} builds and checks the live ones: the same loading, safety check, lint,
     * compiler and gates, with the scenarios of {@code rulesDir}. Deploys nothing, and does not wait
     * for a reload in progress.
     */
    public Trial trial(Path catalogDir, Path rulesDir) {
        List<SnapshotGate> forDraft = gates.stream().map(gate -> gate.forRules(rulesDir)).toList();
        return attempt(catalogDir, rulesDir, forDraft, service.snapshot());
    }

    /**
     * Loads, compiles and runs the gates; never throws for bad files.
     *
     * @param previous the version whose parts may be reused where their files did not change
     */
    private Trial attempt(Path catalogDir, Path rulesDir, List<SnapshotGate> gates, Snapshot previous) {
        List<ReloadProblem> problems = new ArrayList<>();
        Snapshot candidate = null;
        try {
            // reuses the parts whose files did not change: a rule edit does not re-read a large catalog
            candidate = loader.reload(previous, catalogDir, rulesDir);
            for (SnapshotGate gate : gates) problems.addAll(gate.check(candidate));
            return new Trial(candidate, problems, 0, List.of());
        } catch (CatalogException e) {
            for (CatalogProblem p : e.problems()) problems.add(new ReloadProblem("catalog", p.file(), p.line(), where(p), p.message()));
            return new Trial(null, problems, e.unreported(), List.of());
        } catch (RuleCompilationException e) {
            for (RuleProblem p : e.problems()) problems.add(ReloadProblem.of(p));
            return new Trial(null, problems, 0, e.warnings().stream().map(ReloadProblem::of).toList());
        } catch (RuntimeException e) {
            if (candidate != null) candidate.evaluator().close();
            // an unexpected failure must not take the service down either: keep serving, report it
            LOG.error("loading a new version failed unexpectedly", e);
            problems.add(new ReloadProblem("internal", "", 0, null, "unexpected error while loading: " + e));
            return new Trial(null, problems, 0, List.of());
        }
    }

    private ReloadReport reloadLocked(String trigger, Snapshot reuse) {
        long started = System.nanoTime();
        Instant at = clock.instant();
        running = new Running(trigger, at);
        List<ReloadProblem> problems;
        int unreported;
        String outcome;
        try {
            Trial trial = attempt(catalogDir, rulesDir, gates, reuse != null ? reuse : service.snapshot());
            problems = trial.problems();
            unreported = trial.unreported();
            Snapshot candidate = trial.candidate();
            Snapshot live = service.snapshot();
            if (candidate == null) {
                outcome = ReloadReport.FAILED;
            } else if (!problems.isEmpty()) {
                candidate.evaluator().close();
                outcome = ReloadReport.FAILED;
            } else if (sameVersion(candidate, live)) {
                candidate.evaluator().close();
                outcome = ReloadReport.UNCHANGED;
            } else {
                Snapshot old = service.replace(candidate);
                old.evaluator().close();
                outcome = ReloadReport.DEPLOYED;
            }
        } finally {
            running = null;
        }
        ReloadReport report = ReloadReport.of(outcome, trigger, at, (System.nanoTime() - started) / 1_000_000,
                problems, unreported, LoadedVersion.of(service.snapshot(), service.today()));
        lastAttempt = report;
        ReloadReport failure = lastFailure;
        if (!outcome.equals(ReloadReport.FAILED) && failure != null && failure.resolvedBy() == null) {
            // the files that failed are fixed (or put back): keep the failure for the record, marked as resolved
            lastFailure = failure.resolvedBy(new ReloadReport.Resolution(at, report.live().rulesVersion(), report.live().catalogVersion(),
                    report.live().journeyRulesVersion(), report.live().accountRulesVersion()));
        }
        listener.accept(report);
        if (outcome.equals(ReloadReport.FAILED)) {
            lastFailure = report;
            LOG.warn("reload ({}) failed; still serving rules {} and catalog {}:{}", trigger, report.live().rulesVersion(),
                    report.live().catalogVersion(), describe(report));
        } else if (outcome.equals(ReloadReport.DEPLOYED)) {
            LOG.info("reload ({}) deployed rules {} and catalog {} in {} ms", trigger, report.live().rulesVersion(),
                    report.live().catalogVersion(), report.millis());
        }
        return report;
    }

    /**
     * Builds the live version a few more times as a rule change would, runs the gates on it and
     * throws it away ({@link SnapshotLoader#warmUp}): the first change after start then goes live
     * about as fast as later ones. Called at start, before the service takes requests; only the
     * first service started in a JVM does it.
     */
    public void warmUp() {
        if (!WARM.compareAndSet(false, true)) return;
        long started = System.nanoTime();
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            loader.warmUp(service.snapshot(), rulesDir, candidate -> gates.forEach(gate -> gate.check(candidate)));
        }
        LOG.info("warmed up for the first change in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Runs the gates on the version that is already live (at start there is no older version to
     * fall back on, so it serves anyway) and reports what fails, so the status shows it at once.
     */
    public void checkLive(String trigger) {
        lock.lock();
        try {
            Snapshot live = service.snapshot();
            List<ReloadProblem> problems = new ArrayList<>();
            for (SnapshotGate gate : gates) problems.addAll(gate.check(live));
            if (problems.isEmpty()) return;
            lastFailure = ReloadReport.of(ReloadReport.FAILED, trigger, clock.instant(), 0, problems, 0, LoadedVersion.of(live, service.today()));
            lastAttempt = lastFailure;
            LOG.warn("the live version fails {} check(s); reloads stay blocked until they pass:{}", problems.size(),
                    describe(lastFailure));
        } finally {
            lock.unlock();
        }
    }

    /**
     * What is live, the reload in progress (null when none), the last attempt and the last failed
     * attempt with its problems.
     */
    public record Status(LoadedVersion live, Running reloading, ReloadReport lastAttempt, ReloadReport lastFailure) {}

    /** The marketers' scenarios against the live version (the console's status page). */
    public ScenarioGate.Outcome liveScenarios() {
        return new ScenarioGate(rulesDir, clock).run(service.snapshot());
    }

    /** Never waits for a reload in progress: it is answered from what is live and what was recorded. */
    public Status status() {
        return new Status(LoadedVersion.of(service.snapshot(), service.today()), running, lastAttempt, lastFailure);
    }

    private static boolean sameVersion(Snapshot a, Snapshot b) {
        return a.rules().version().equals(b.rules().version()) && a.catalog().version().equals(b.catalog().version())
                && a.journey().version().equals(b.journey().version()) && a.account().version().equals(b.account().version());
    }

    private static String where(CatalogProblem p) {
        if (p.itemId() == null) return p.field();
        return p.field() == null ? p.itemId() : p.itemId() + "." + p.field();
    }

    /** One line per problem listed, then how many more there are: one builder, linear in the problems. */
    private static String describe(ReloadReport report) {
        StringBuilder text = new StringBuilder();
        for (ReloadProblem p : report.problems()) {
            text.append("\n  ").append(p.source()).append(": ").append(p.file());
            if (p.line() > 0) text.append(':').append(p.line());
            if (p.where() != null) text.append(" (").append(p.where()).append(')');
            text.append(": ").append(p.message());
        }
        if (report.moreProblems() > 0) text.append("\n  and ").append(CatalogException.more(report.moreProblems()));
        return text.toString();
    }
}
