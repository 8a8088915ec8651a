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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a new version from the files, checks it and puts it live atomically. One build at a time;
 * a version that fails to load, compile or pass a gate never goes live, and the last good one keeps
 * serving. Requests in flight finish on the version they started with.
 */
public final class Reloader {

    private static final Logger LOG = LoggerFactory.getLogger(Reloader.class);

    private final SnapshotLoader loader;
    private final RecommendationService service;
    private final Path catalogDir;
    private final Path rulesDir;
    private final List<SnapshotGate> gates;
    private final Clock clock;
    private volatile ReloadReport lastAttempt;
    private volatile ReloadReport lastFailure;

    public Reloader(SnapshotLoader loader, RecommendationService service, Path catalogDir, Path rulesDir,
                    List<SnapshotGate> gates, Clock clock) {
        this.loader = loader;
        this.service = service;
        this.catalogDir = catalogDir;
        this.rulesDir = rulesDir;
        this.gates = List.copyOf(gates);
        this.clock = clock;
    }

    /** Loads, checks and, if all is well and something changed, deploys. Never throws for bad files. */
    public synchronized ReloadReport reload(String trigger) {
        long started = System.nanoTime();
        Instant at = clock.instant();
        List<ReloadProblem> problems = new ArrayList<>();
        String outcome;
        try {
            // reuses the parts whose files did not change: a rule edit does not re-read a large catalog
            Snapshot candidate = loader.reload(service.snapshot(), catalogDir, rulesDir);
            for (SnapshotGate gate : gates) problems.addAll(gate.check(candidate));
            Snapshot live = service.snapshot();
            if (!problems.isEmpty()) {
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
        } catch (CatalogException e) {
            for (CatalogProblem p : e.problems()) problems.add(new ReloadProblem("catalog", p.file(), p.line(), where(p), p.message()));
            outcome = ReloadReport.FAILED;
        } catch (RuleCompilationException e) {
            for (RuleProblem p : e.problems()) problems.add(new ReloadProblem("rules", p.file(), p.line(), p.rule(), p.message(),
                    p.sourceLine() == null ? null : p.sourceLine().strip()));
            outcome = ReloadReport.FAILED;
        } catch (RuntimeException e) {
            // an unexpected failure must not take the service down either: keep serving, report it
            LOG.error("reload failed unexpectedly", e);
            problems.add(new ReloadProblem("internal", "", 0, null, "unexpected error while loading: " + e));
            outcome = ReloadReport.FAILED;
        }
        ReloadReport report = new ReloadReport(outcome, trigger, at, (System.nanoTime() - started) / 1_000_000,
                problems, LoadedVersion.of(service.snapshot()));
        lastAttempt = report;
        if (outcome.equals(ReloadReport.FAILED)) {
            lastFailure = report;
            LOG.warn("reload ({}) failed; still serving rules {} and catalog {}:{}", trigger, report.live().rulesVersion(),
                    report.live().catalogVersion(), problems.stream().map(p -> "\n  " + describe(p)).reduce("", String::concat));
        } else if (outcome.equals(ReloadReport.DEPLOYED)) {
            LOG.info("reload ({}) deployed rules {} and catalog {} in {} ms", trigger, report.live().rulesVersion(),
                    report.live().catalogVersion(), report.millis());
        }
        return report;
    }

    /**
     * Runs the gates on the version that is already live (at start there is no older version to
     * fall back on, so it serves anyway) and reports what fails, so the status shows it at once.
     */
    public synchronized void checkLive(String trigger) {
        Snapshot live = service.snapshot();
        List<ReloadProblem> problems = new ArrayList<>();
        for (SnapshotGate gate : gates) problems.addAll(gate.check(live));
        if (problems.isEmpty()) return;
        lastFailure = new ReloadReport(ReloadReport.FAILED, trigger, clock.instant(), 0, problems, LoadedVersion.of(live));
        lastAttempt = lastFailure;
        LOG.warn("the live version fails {} check(s); reloads stay blocked until they pass:{}", problems.size(),
                problems.stream().map(p -> "\n  " + describe(p)).reduce("", String::concat));
    }

    /** What is live, the last attempt and the last failed attempt with every problem. */
    public record Status(LoadedVersion live, ReloadReport lastAttempt, ReloadReport lastFailure) {}

    public Status status() {
        return new Status(LoadedVersion.of(service.snapshot()), lastAttempt, lastFailure);
    }

    private static boolean sameVersion(Snapshot a, Snapshot b) {
        return a.rules().version().equals(b.rules().version()) && a.catalog().version().equals(b.catalog().version())
                && a.journey().version().equals(b.journey().version()) && a.account().version().equals(b.account().version());
    }

    private static String where(CatalogProblem p) {
        if (p.itemId() == null) return p.field();
        return p.field() == null ? p.itemId() : p.itemId() + "." + p.field();
    }

    private static String describe(ReloadProblem p) {
        return p.source() + ": " + p.file() + (p.line() > 0 ? ":" + p.line() : "")
                + (p.where() != null ? " (" + p.where() + ")" : "") + ": " + p.message();
    }
}
