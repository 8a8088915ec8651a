package de.wegweiser.bench;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Contact;
import de.wegweiser.recommend.Ranking;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.Evaluator;
import de.wegweiser.rules.HandWrittenScorer;
import de.wegweiser.rules.PooledSessionEvaluator;
import de.wegweiser.rules.TopKEvaluator;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.rules.SessionPerRequestEvaluator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark harness (not a test): generated catalogs of 1k / 10k / 100k items, random contacts,
 * and for the hand-written baseline, the naive session per request, the previous engine (pooled
 * sessions, catalog preloaded) and the shipped top-k engine the
 * throughput, p50/p99 latency and allocation of one recommendation (evaluate + rank the top 20),
 * single-threaded and with 2 threads; then reload time and memory at 10k items. Checks first that
 * the three agree. Run with {@code mvn -B -ntp -Pbench test-compile exec:exec} (see docs/benchmarks.md).
 *
 * <p>System properties: {@code bench.sizes} (1000,10000,100000), {@code bench.warmup} (seconds per
 * approach, 5), {@code bench.measure} (seconds per approach and thread count, 10, split into
 * {@code bench.rounds} interleaved rounds, 5), {@code bench.reloads} (100), {@code bench.parts}
 * (scoring,reload,memory), {@code bench.approaches} (a name prefix, to run only one), {@code bench.top} (20).
 */
public final class Bench {

    static final LocalDate TODAY = TestApp.TODAY;
    /** Items per recommendation: 20 by default, 5 is what a CMS page usually asks for ({@code bench.top}). */
    static final int TOP = Integer.getInteger("bench.top", 20);
    /** The contacts of a scoring block; {@code bench/http-load.sh} sends the same ones. */
    static final int CONTACTS = 4000;
    static final long CONTACT_SEED = 2;
    static final String BASELINE = "hand-written Java";
    static final String NAIVE = "naive: session per request";
    static final String POOLED = "pooled sessions (previous engine)";
    static final String ENGINE = "engine: top-k (shipped)";
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final double warmupSeconds = Double.parseDouble(System.getProperty("bench.warmup", "5"));
    private final double measureSeconds = Double.parseDouble(System.getProperty("bench.measure", "10"));
    private final RuleBook rules;
    private final Catalog bundled;
    private final Map<String, Result> results = new LinkedHashMap<>();

    Bench() throws Exception {
        rules = new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES);
        bundled = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
    }

    public static void main(String[] args) throws Exception {
        System.out.printf(Locale.ROOT, "Machine: %d cores, %s %s, max heap %d MB, %s %s%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("os.name"), System.getProperty("os.version"));
        Bench bench = new Bench();
        String parts = System.getProperty("bench.parts", "scoring,reload,memory");
        if (parts.contains("scoring")) {
            for (String size : System.getProperty("bench.sizes", "1000,10000,100000").split(",")) bench.scoring(Integer.parseInt(size.trim()));
            bench.ratios();
        }
        if (parts.contains("reload")) new ReloadBench(bench.bundled, Integer.getInteger("bench.reloads", 100)).run();
        if (parts.contains("memory")) bench.memory();
        if (parts.contains("events") || parts.contains("growth")) EventBench.main(parts);
    }

    // ------------------------------------------------------------------ scoring

    record Result(String approach, int items, int threads, double perSecond, double p50Ms, double p99Ms,
                  double meanMs, double allocKb, long ops) {

        /** Rounds added up: throughput is all recommendations over all wall time. */
        static Result of(String approach, int items, int threads, List<Run> runs) {
            long[] all = runs.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
            double seconds = runs.stream().mapToLong(Run::elapsedNanos).sum() / 1e9;
            long bytes = runs.stream().mapToLong(Run::allocatedBytes).sum();
            return new Result(approach, items, threads, all.length / seconds, percentile(all, 0.50) / 1e6,
                    percentile(all, 0.99) / 1e6, Arrays.stream(all).average().orElse(0) / 1e6, bytes / 1024.0 / all.length, all.length);
        }
    }

    void scoring(int size) {
        Catalog catalog = new CatalogGenerator(bundled).generate(size, TODAY, 1);
        List<Contact> contacts = new ContactGenerator(catalog, CONTACT_SEED).contacts(CONTACTS);
        System.out.printf(Locale.ROOT, "%n== %,d items, %d rules (load average before: %s) ==%n", size, rules.rules().size(), loadAverage());
        long start = System.nanoTime();
        Map<String, Evaluator> approaches = new LinkedHashMap<>();
        approaches.put(BASELINE, new HandWrittenScorer(catalog));
        approaches.put(NAIVE, new SessionPerRequestEvaluator(rules, catalog));
        PooledSessionEvaluator pooled = new PooledSessionEvaluator(rules, catalog, 2);
        System.out.printf(Locale.ROOT, "pooled sessions built (2 sessions, catalog preloaded) in %.0f ms%n", (System.nanoTime() - start) / 1e6);
        approaches.put(POOLED, pooled);
        start = System.nanoTime();
        TopKEvaluator engine = new TopKEvaluator(rules, catalog, 2);
        if (!engine.narrowing()) throw new IllegalStateException("the default rules cannot be narrowed: " + rules.plan().limitation());
        System.out.printf(Locale.ROOT, "top-k engine built (probe session with the catalog, 2 workers) in %.0f ms%n", (System.nanoTime() - start) / 1e6);
        approaches.put(ENGINE, engine);

        // all must agree before their speed means anything
        int checks = size >= 100_000 ? 30 : 100;
        int slowChecks = size >= 100_000 ? 3 : 30;
        for (int i = 0; i < checks; i++) {
            Contact c = contacts.get(i);
            List<String> want = describe(approaches.get(BASELINE), c);
            if (want.isEmpty()) throw new IllegalStateException("no recommendations for " + c);
            List<String> got = describe(engine, c);
            if (!want.equals(got)) throw new IllegalStateException("engine and baseline disagree for " + c + "\n" + want + "\n" + got);
            for (String slow : List.of(NAIVE, POOLED)) {
                if (i < slowChecks && !want.equals(describe(approaches.get(slow), c))) {
                    throw new IllegalStateException(slow + " and baseline disagree for " + c);
                }
            }
        }
        System.out.printf("agreement: same top %d for %d contacts (top-k engine vs hand-written), %d (naive and pooled vs hand-written)%n",
                TOP, checks, slowChecks);

        String only = System.getProperty("bench.approaches", "");
        approaches.keySet().removeIf(name -> !only.isEmpty() && !name.startsWith(only));
        // the machine is shared and noisy: approaches take turns in short rounds, so a noisy
        // minute hurts all of them alike instead of one
        int rounds = Integer.getInteger("bench.rounds", 5);
        for (var approach : approaches.entrySet()) {
            run(catalog, contacts, 1, warmupSeconds, 3, approach.getValue());
        }
        System.out.printf("%-34s %7s %10s %9s %9s %9s %12s %7s%n", "approach", "threads", "recs/s", "p50 ms", "p99 ms", "mean ms", "alloc KB/rec", "recs");
        for (int threads : new int[] {1, 2}) {
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (var approach : approaches.entrySet()) {
                    runs.computeIfAbsent(approach.getKey(), k -> new ArrayList<>())
                            .add(run(catalog, contacts, threads, measureSeconds / rounds, 2, approach.getValue()));
                }
            }
            System.out.printf("(load average after %d thread(s): %s)%n", threads, loadAverage());
            for (var entry : runs.entrySet()) {
                Result r = Result.of(entry.getKey(), size, threads, entry.getValue());
                results.put(entry.getKey() + "/" + size + "/" + threads, r);
                System.out.printf(Locale.ROOT, "%-34s %7d %10.1f %9.3f %9.3f %9.3f %12.1f %7d%n", r.approach, threads, r.perSecond,
                        r.p50Ms, r.p99Ms, r.meanMs, r.allocKb, r.ops);
            }
        }
        System.out.printf(Locale.ROOT, "top-k engine: %.1f items evaluated per recommendation (of %,d)%n",
                engine.itemsEvaluatedPerRequest(), size);
        approaches.values().forEach(Evaluator::close);
    }

    /** The machine is shared: the 1-minute load average says how much others ran meanwhile. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** One recommendation as the service makes it: the top 20 with the format mix. */
    static List<Ranking.Scored> recommend(Evaluator evaluator, Contact contact) {
        return evaluator.withCandidates(contact, TODAY, Set.of(), TOP, candidates -> Ranking.top(candidates, TOP));
    }

    static List<String> describe(Evaluator evaluator, Contact contact) {
        return recommend(evaluator, contact).stream()
                .map(s -> s.item().id() + " " + s.verdict().score() + " " + s.verdict().explanation())
                .toList();
    }

    /** One measurement: latencies of every recommendation, wall time, bytes allocated. */
    record Run(long[] latencies, long elapsedNanos, long allocatedBytes) {}

    /** {@code threads} threads recommend (evaluate + rank the top 20) for random contacts for the given time. */
    Run run(Catalog catalog, List<Contact> contacts, int threads, double seconds, int minimumOps, Evaluator evaluator) {
        long[][] latencies = new long[threads][];
        long[] allocated = new long[threads];
        long[] ends = new long[threads];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                long[] lat = new long[1024];
                int n = 0;
                int k = (int) (System.nanoTime() % 1000) + thread * 997;
                long alloc0 = THREADS.getCurrentThreadAllocatedBytes();
                long deadline = System.nanoTime() + (long) (seconds * 1e9);
                while (n < minimumOps || System.nanoTime() < deadline) {
                    Contact c = contacts.get(k++ % contacts.size());
                    long t0 = System.nanoTime();
                    var top = recommend(evaluator, c);
                    long t1 = System.nanoTime();
                    if (top.isEmpty()) throw new IllegalStateException("no recommendations for " + c);
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = t1 - t0;
                }
                allocated[thread] = THREADS.getCurrentThreadAllocatedBytes() - alloc0;
                latencies[thread] = Arrays.copyOf(lat, n);
                ends[thread] = System.nanoTime();
            }, "bench-" + t));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return new Run(Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray(),
                Arrays.stream(ends).max().orElseThrow() - start, Arrays.stream(allocated).sum());
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    void ratios() {
        System.out.printf("%n== Goals ==%n");
        for (int threads : new int[] {1, 2}) {
            Result engine = results.get(ENGINE + "/10000/" + threads);
            Result baseline = results.get(BASELINE + "/10000/" + threads);
            if (engine != null && baseline != null) {
                System.out.printf(Locale.ROOT, "1. engine / hand-written at 10,000 items, %d thread(s): %.0f / %.0f recs/s = %.0f%% (goal >= 50%%)%n",
                        threads, engine.perSecond, baseline.perSecond, 100 * engine.perSecond / baseline.perSecond);
            }
        }
        for (String approach : List.of(ENGINE, BASELINE, POOLED, NAIVE)) {
            Result small = results.get(approach + "/1000/1");
            Result large = results.get(approach + "/100000/1");
            if (small != null && large != null) {
                System.out.printf(Locale.ROOT, "2. %s: cost per recommendation at 100,000 / 1,000 items: %.3f ms / %.3f ms = %.0fx (goal <= 10x)%n",
                        approach, large.meanMs, small.meanMs, large.meanMs / small.meanMs);
            }
        }
    }

    // ------------------------------------------------------------------ memory

    void memory() throws Exception {
        System.out.printf("%n== Memory (heap used after full GC) ==%n");
        long before = usedAfterGc();
        Catalog catalog = new CatalogGenerator(bundled).generate(10_000, TODAY, 1);
        long withCatalog = usedAfterGc();
        System.out.printf(Locale.ROOT, "catalog of 10,000 items: %.1f MB%n", (withCatalog - before) / 1048576.0);
        PooledSessionEvaluator one = new PooledSessionEvaluator(rules, catalog, 1);
        long oneSession = usedAfterGc();
        PooledSessionEvaluator five = new PooledSessionEvaluator(rules, catalog, 5);
        long sixSessions = usedAfterGc();
        System.out.printf(Locale.ROOT, "pooled session with 10,000 items preloaded: %.1f MB each (1 session: %.1f MB, 5 more: %.1f MB)%n",
                (sixSessions - oneSession) / 5 / 1048576.0, (oneSession - withCatalog) / 1048576.0, (sixSessions - oneSession) / 1048576.0);
        one.close();
        five.close();
        System.out.printf(Locale.ROOT, "after closing both evaluators: %.1f MB above the catalog%n", (usedAfterGc() - withCatalog) / 1048576.0);
        long beforeTopK = usedAfterGc();
        TopKEvaluator topK = new TopKEvaluator(rules, catalog, 2);
        long topKBuilt = usedAfterGc();
        for (Contact c : new ContactGenerator(catalog, 4).contacts(500)) recommend(topK, c); // fills the probe cache
        long topKWarm = usedAfterGc();
        System.out.printf(Locale.ROOT, "top-k engine with 10,000 items (probe session with the catalog, 2 workers): %.1f MB built, %.1f MB after 500 requests (probe cache)%n",
                (topKBuilt - beforeTopK) / 1048576.0, (topKWarm - beforeTopK) / 1048576.0);
        topK.close();
    }

    /** The heap with requests paused, so none holds on to an old version while it is measured. */
    static long usedAfterGc(AtomicBoolean paused, AtomicLong inFlight) throws InterruptedException {
        paused.set(true);
        while (inFlight.get() > 0) Thread.onSpinWait();
        try {
            return usedAfterGc();
        } finally {
            paused.set(false);
        }
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long metaspaceUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    // ------------------------------------------------------------------ reload

    /** Rules or catalog files change while a thread keeps asking; how long until the change answers? */
    static final class ReloadBench {
        private final Catalog bundled;
        private final int reloads;

        ReloadBench(Catalog bundled, int reloads) {
            this.bundled = bundled;
            this.reloads = reloads;
        }

        void run() throws Exception {
            System.out.printf("%n== Reload at 10,000 items ==%n");
            Path dir = Files.createTempDirectory("wegweiser-bench");
            Path catalogDir = dir.resolve("catalog");
            Path rulesDir = Files.createDirectories(dir.resolve("rules"));
            Catalog catalog = new CatalogGenerator(bundled).generate(10_000, TODAY, 1);
            CatalogGenerator.writeYaml(catalog, TestApp.CATALOG.resolve("taxonomy.yaml"), catalogDir);
            try (var files = Files.list(TestApp.RULES)) {
                for (Path f : files.toList()) Files.copy(f, rulesDir.resolve(f.getFileName()));
            }
            SnapshotLoader loader = new SnapshotLoader(TestApp.CLOCK);
            long t0 = System.nanoTime();
            RecommendationService service = new RecommendationService(loader.load(catalogDir, rulesDir), TestApp.CLOCK);
            System.out.printf(Locale.ROOT, "first load (YAML catalog, rules, engine): %.0f ms%n", (System.nanoTime() - t0) / 1e6);

            for (int i = 0; i < 3; i++) {
                long a = System.nanoTime();
                Catalog loaded = new CatalogLoader(TestApp.CLOCK).load(catalogDir);
                long b = System.nanoTime();
                RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(rulesDir);
                long c = System.nanoTime();
                new TopKEvaluator(book, loaded, 2).close();
                long d = System.nanoTime();
                System.out.printf(Locale.ROOT, "parts of a load, no requests running, try %d: catalog YAML %.0f ms, rules (and their plan) %.0f ms, top-k engine %.0f ms%n",
                        i + 1, (b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6);
            }

            List<Contact> contacts = new ContactGenerator(catalog, 3).contacts(1000);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean paused = new AtomicBoolean(); // while the heap is measured: no request holds an old version
            AtomicLong inFlight = new AtomicLong();
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            // one thread asks without pause: one core serves, the other is left for the reload
            for (int t = 0; t < 1; t++) {
                int offset = t * 31;
                Thread thread = new Thread(() -> {
                    int k = offset;
                    while (!stop.get()) {
                        if (paused.get()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        inFlight.incrementAndGet();
                        try {
                            if (paused.get()) continue;
                            service.recommend(contacts.get(k++ % contacts.size()), TOP);
                            ok.incrementAndGet();
                        } catch (RuntimeException e) {
                            if (failed.incrementAndGet() <= 3) e.printStackTrace();
                        } finally {
                            inFlight.decrementAndGet();
                        }
                    }
                }, "load-" + t);
                thread.start();
                load.add(thread);
            }

            Path ruleFile = rulesDir.resolve("hygiene.drl");
            Path catalogFile = catalogDir.resolve("blog-post.yaml");
            String originalRules = Files.readString(ruleFile);
            String originalCatalog = Files.readString(catalogFile);
            List<Double> ruleTimes = new ArrayList<>();
            List<Double> catalogTimes = new ArrayList<>();
            long heapStart = 0;
            long metaStart = 0;
            int classesStart = 0;
            for (int n = 1; n <= reloads; n++) {
                boolean rulesChange = n % 2 == 1;
                if (rulesChange) {
                    Files.writeString(ruleFile, originalRules.replace("recommend($item, 2,", "recommend($item, " + (2 + n % 7) + ","));
                } else {
                    Files.writeString(catalogFile, originalCatalog.replaceFirst("title: \"Generated", "title: \"Reload " + n + " generated"));
                }
                long start = System.nanoTime();
                Snapshot next = loader.reload(service.snapshot(), catalogDir, rulesDir);
                Snapshot old = service.replace(next);
                old.evaluator().close(); // requests may still be running on it: they must finish fine
                String expected = rulesChange ? next.rules().version() : next.catalog().version();
                while (true) {
                    var answer = service.recommend(contacts.get(n % contacts.size()), TOP);
                    if (expected.equals(rulesChange ? answer.rulesVersion() : answer.catalogVersion())) break;
                }
                double ms = (System.nanoTime() - start) / 1e6;
                (rulesChange ? ruleTimes : catalogTimes).add(ms);
                if (n == 10) {
                    heapStart = usedAfterGc(paused, inFlight);
                    metaStart = metaspaceUsed();
                    classesStart = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
                }
            }
            long heapEnd = usedAfterGc(paused, inFlight);
            long metaEnd = metaspaceUsed();
            int classesEnd = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
            stop.set(true);
            for (Thread t : load) t.join();
            service.snapshot().evaluator().close();
            System.out.printf(Locale.ROOT, "changed rule file live after (load + swap + first answer): median %.0f ms, max %.0f ms over %d reloads (goal <= 2000 ms)%n",
                    median(ruleTimes), ruleTimes.stream().mapToDouble(d -> d).max().orElse(0), ruleTimes.size());
            System.out.printf(Locale.ROOT, "changed catalog file live after: median %.0f ms, max %.0f ms over %d reloads%n",
                    median(catalogTimes), catalogTimes.stream().mapToDouble(d -> d).max().orElse(0), catalogTimes.size());
            System.out.printf("requests during the reloads: %d answered, %d failed (goal 0)%n", ok.get(), failed.get());
            if (reloads >= 10) {
                System.out.printf(Locale.ROOT, "heap after GC after reload 10: %.1f MB, after reload %d: %.1f MB (growth %.1f MB); metaspace %.1f -> %.1f MB%n",
                        heapStart / 1048576.0, reloads, heapEnd / 1048576.0, (heapEnd - heapStart) / 1048576.0,
                        metaStart / 1048576.0, metaEnd / 1048576.0);
                System.out.printf("classes loaded after reload 10: %d, after reload %d: %d (%d unloaded in all)%n", classesStart, reloads,
                        classesEnd, ManagementFactory.getClassLoadingMXBean().getUnloadedClassCount());
            }
        }

        static double median(List<Double> values) {
            if (values.isEmpty()) return Double.NaN;
            double[] sorted = values.stream().mapToDouble(d -> d).sorted().toArray();
            return sorted[sorted.length / 2];
        }
    }
}
