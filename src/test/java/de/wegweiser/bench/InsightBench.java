package de.wegweiser.bench;

import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.domain.Contact;
import de.wegweiser.insights.InsightRecorder;
import de.wegweiser.insights.InsightService;
import de.wegweiser.insights.InsightService.Split;
import de.wegweiser.insights.InsightService.Window;
import de.wegweiser.insights.Tracker;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.TestStorage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The insights harness (not a test). Part 1: what tracking costs on the recommendation hot path,
 * in-process on the bundled catalog: {@code recommend} alone against {@code recommend} plus
 * {@code Tracker.track} (trace writer running), in interleaved rounds, as a ratio. Part 2: report
 * latency at growing event counts: a fresh database filled in bulk with a generated history of N
 * events over a year ({@link InsightHistory}: exactly the rows the event path would leave), then
 * each report runs in rounds against a one-row lookup as the baseline.
 *
 * <p>System properties: {@code bench.parts} (tracking,queries), {@code bench.events} (100000,1000000),
 * {@code bench.rounds} (10), {@code bench.seconds} (3 per round and side), {@code bench.backends} (H2,POSTGRESQL),
 * {@code bench.templates} (1000 contact templates), {@code bench.repeats} (30 runs of each report), {@code bench.keep}
 * (false; true keeps the filled database for EXPLAIN). PostgreSQL runs too when
 * {@code WEGWEISER_TEST_PG_URL} is set.
 */
public final class InsightBench {

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Machine: %d cores, %s, max heap %d MB, load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, Bench.loadAverage());
        Snapshot snapshot = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
        RecommendationService service = new RecommendationService(snapshot, TestApp.CLOCK);
        String parts = System.getProperty("bench.parts", "tracking,queries");
        if (parts.contains("tracking")) tracking(service);
        if (parts.contains("queries")) {
            for (String n : System.getProperty("bench.events", "100000,1000000").split(",")) {
                for (TestStorage.Backend backend : TestStorage.backends()) {
                    if (System.getProperty("bench.backends", "H2,POSTGRESQL").contains(backend.name())) {
                        queries(service, backend, Long.parseLong(n.trim()));
                    }
                }
            }
        }
        snapshot.evaluator().close();
    }

    // ------------------------------------------------------------------ tracking

    static void tracking(RecommendationService service) {
        List<Contact> contacts = new ContactGenerator(service.snapshot().catalog(), Bench.CONTACT_SEED).contacts(Bench.CONTACTS);
        AppConfig.Storage storage = TestStorage.fresh(TestStorage.Backend.H2);
        try (Database database = Database.open(storage.dataDir(), null, null, null)) {
            Tracker tracker = new Tracker(new ContactStore(database), TestApp.CLOCK);
            int rounds = Integer.getInteger("bench.rounds", 10);
            double seconds = Double.parseDouble(System.getProperty("bench.seconds", "3"));
            int[] next = {0};
            Supplier<Contact> contact = () -> contacts.get(next[0]++ % contacts.size());
            Runnable plain = () -> service.recommend(contact.get(), 5);
            Runnable traced = () -> tracker.track(service.recommend(contact.get(), 5));
            run(plain, 5);
            run(traced, 5);
            double plainOps = 0;
            double tracedOps = 0;
            for (int r = 0; r < rounds; r++) {
                double p = run(plain, seconds);
                double t = run(traced, seconds);
                plainOps += p;
                tracedOps += t;
                System.out.printf(Locale.ROOT, "round %d: without tracking %.0f/CPU-s, with tracking %.0f/CPU-s (%.3f)%n", r + 1, p, t, t / p);
            }
            // the tracking step alone, on answers computed beforehand
            List<RecommendationResult> answers = new ArrayList<>();
            for (int i = 0; i < 4000; i++) answers.add(service.recommend(contact.get(), 5));
            long start = System.nanoTime();
            long cpu = OS.getProcessCpuTime();
            int n = 0;
            while (System.nanoTime() - start < 2e9) tracker.track(answers.get(n++ % answers.size()));
            double trackMicros = (OS.getProcessCpuTime() - cpu) / 1e3 / n;
            tracker.close();
            System.out.printf(Locale.ROOT, "== tracking: %.0f answers per CPU-second without, %.0f with: ratio %.3f (%.1f%% more CPU per answer); "
                            + "track() alone %.2f us of CPU per answer, trace writing included (load average %s)%n",
                    plainOps / rounds, tracedOps / rounds, tracedOps / plainOps, (plainOps / tracedOps - 1) * 100, trackMicros,
                    Bench.loadAverage());
        } finally {
            TestStorage.release(storage);
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * Answers per second of the process's CPU time (all threads: the trace writer, GC and JIT
     * included): the machine is shared and loaded, so wall-clock rates mostly measure the neighbours.
     */
    private static double run(Runnable work, double seconds) {
        long start = System.nanoTime();
        long cpu = OS.getProcessCpuTime();
        long n = 0;
        while (System.nanoTime() - start < seconds * 1e9) {
            work.run();
            n++;
        }
        return n / ((OS.getProcessCpuTime() - cpu) / 1e9);
    }

    // ------------------------------------------------------------------ queries

    /**
     * Fills a fresh database in bulk with a generated history of {@code events} events
     * ({@link InsightHistory}: the rows the event path would leave, proven by InsightHistoryTest),
     * then runs each report {@code bench.repeats} times, interleaved with a one-row lookup through
     * the same store as the baseline.
     */
    static void queries(RecommendationService service, TestStorage.Backend backend, long events) throws Exception {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        boolean keep = Boolean.getBoolean("bench.keep");
        try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null)) {
            ContactStore store = new ContactStore(database);
            Tracker tracker = new Tracker(store, TestApp.CLOCK);
            long start = System.nanoTime();
            InsightHistory history = InsightHistory.generate(service, tracker, TestApp.CLOCK.instant(),
                    Integer.getInteger("bench.templates", 1000), events, 7);
            double generated = (System.nanoTime() - start) / 1e9;
            Map<String, Long> rows = history.load(database);
            double loaded = (System.nanoTime() - start) / 1e9 - generated;
            start = System.nanoTime();
            if (storage.jdbcUrl() != null) database.transaction(c -> c.createStatement().execute("ANALYZE"));
            double analyzed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%n== %s, %,d events in the 365 days before today (%,d with the contacts' earlier visits; "
                            + "%,d contacts from %d templates): generated in %.0f s, loaded in %.0f s, analyzed in %.0f s ==%nrows: %s%n",
                    backend, history.eventsInYear(), history.events(), history.members.size(), history.templates.size(), generated, loaded,
                    analyzed, rows);
            if (keep) System.out.println("kept: " + (storage.jdbcUrl() != null ? storage.jdbcUrl() : storage.dataDir()));
            InsightService insights = new InsightService(store, service, TestApp.CLOCK, new InsightRecorder(tracker));
            LocalDate today = TestApp.TODAY;
            Window month = new Window(today.minusDays(29), today);
            Window year = new Window(today.minusDays(365), today);
            String item = insights.items(year, null, null, 30).items().get(0).itemId();
            Map<String, Runnable> reports = new java.util.LinkedHashMap<>();
            reports.put("baseline: one-row lookup", () -> store.insights(r -> r.ruleNames("no-such-version")));
            reports.put("items, 30 days", () -> insights.items(month, null, null, 30));
            reports.put("items, 30 days, by role", () -> insights.items(month, null, Split.ROLE, 30));
            reports.put("items, 30 days, by channel", () -> insights.items(month, null, Split.CHANNEL, 30));
            reports.put("items, one item, 365 days, by channel", () -> insights.items(year, item, Split.CHANNEL, 30));
            reports.put("items, 365 days", () -> insights.items(year, null, null, 30));
            reports.put("items, 365 days, by role", () -> insights.items(year, null, Split.ROLE, 30));
            reports.put("items, 30 days, by day", () -> insights.items(month, null, Split.DAY, 30));
            reports.put("items, 90 days, by day", () -> insights.items(new Window(today.minusDays(89), today), null, Split.DAY, 30));
            reports.put("rules, 30 days", () -> insights.rules(month, null, null, null));
            reports.put("rules, 365 days, by language", () -> insights.rules(year, null, null, Split.LANGUAGE));
            reports.put("rules, 365 days, by role", () -> insights.rules(year, null, null, Split.ROLE));
            reports.put("journey, 30 days", () -> insights.journey(month, null, null, 30));
            reports.put("journey, 30 days, by role", () -> insights.journey(month, Split.ROLE, null, 30));
            reports.put("journey, 365 days, by channel", () -> insights.journey(year, Split.CHANNEL, null, 30));
            int repeats = Integer.getInteger("bench.repeats", 30);
            Map<String, long[]> nanos = new java.util.LinkedHashMap<>();
            for (var report : reports.entrySet()) {
                report.getValue().run(); // warm
                nanos.put(report.getKey(), new long[repeats]);
            }
            // rounds: every report once per round, so a burst of load on the shared machine hits them all alike
            for (int i = 0; i < repeats; i++) {
                for (var report : reports.entrySet()) {
                    long t = System.nanoTime();
                    report.getValue().run();
                    nanos.get(report.getKey())[i] = System.nanoTime() - t;
                }
            }
            double baseline = 0;
            for (var report : nanos.entrySet()) {
                long[] n = report.getValue();
                Arrays.sort(n);
                double p95 = Bench.percentile(n, 0.95) / 1e6;
                if (baseline == 0) baseline = p95;
                System.out.printf(Locale.ROOT, "%-40s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms  (p95 %5.1f x baseline)%n", report.getKey(),
                        Bench.percentile(n, 0.5) / 1e6, p95, n[n.length - 1] / 1e6, p95 / baseline);
            }
            System.out.printf(Locale.ROOT, "(load average %s)%n", Bench.loadAverage());
            tracker.close();
        } finally {
            if (!keep) TestStorage.release(storage);
        }
    }
}
