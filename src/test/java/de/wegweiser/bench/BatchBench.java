package de.wegweiser.bench;

import de.wegweiser.TestApp;
import de.wegweiser.batch.Mailing;
import de.wegweiser.batch.StoredRecipients;
import de.wegweiser.config.AppConfig;
import de.wegweiser.domain.Contact;
import de.wegweiser.http.ExportWriter;
import de.wegweiser.insights.Tracker;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.storage.ContactFilter;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.TestStorage;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The mailing harness (not a test): N stored contacts on PostgreSQL ({@code WEGWEISER_TEST_PG_URL};
 * H2 when it is not set), then, in one run and interleaved, the in-process recommendation rate
 * ({@code RecommendationService.recommend} on contacts already in memory: the engine alone) and the
 * batch rate (keyset pages from the database, recommend, trace, write JSON Lines to a file: what
 * {@code wegweiser batch} does), and the heap after a full GC every {@code bench.sampleSeconds}
 * during both, to show it flat.
 *
 * <p>System properties: {@code bench.contacts} (100000), {@code bench.baselineSeconds} (30 per
 * round; a round before and after each batch run), {@code bench.batchRuns} (3), {@code bench.limit}
 * (5), {@code bench.sampleSeconds} (2), {@code bench.warmupSeconds} (30, then a batch of 20,000, both not counted),
 * {@code bench.split} (false; true: then the batch writing to nowhere, traced and untraced).
 */
public final class BatchBench {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        int contacts = Integer.getInteger("bench.contacts", 100_000);
        double baselineSeconds = Double.parseDouble(System.getProperty("bench.baselineSeconds", "30"));
        int batchRuns = Integer.getInteger("bench.batchRuns", 3);
        int limit = Integer.getInteger("bench.limit", 5);
        double sampleSeconds = Double.parseDouble(System.getProperty("bench.sampleSeconds", "2"));
        TestStorage.Backend backend = TestStorage.postgresUrl() != null ? TestStorage.Backend.POSTGRESQL : TestStorage.Backend.H2;
        System.out.printf(Locale.ROOT, "Machine: %d cores, Java %s, max heap %d MB, load average %s; %s, %,d contacts, limit %d%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20,
                Bench.loadAverage(), backend, contacts, limit);
        Snapshot snapshot = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
        RecommendationService service = new RecommendationService(snapshot, TestApp.CLOCK);
        AppConfig.Storage storage = TestStorage.fresh(backend);
        Path dir = TestStorage.tempDir();
        try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null)) {
            long started = System.nanoTime();
            fill(storage, snapshot, contacts);
            System.out.printf(Locale.ROOT, "%,d contacts written in %.1f s%n", contacts, (System.nanoTime() - started) / 1e9);
            ContactStore store = new ContactStore(database);
            List<Contact> sample = new ContactGenerator(snapshot.catalog(), Bench.CONTACT_SEED).contacts(Math.min(contacts, 10_000));
            List<Rate> baseline = new ArrayList<>();
            List<Rate> batch = new ArrayList<>();
            HeapSampler heap = new HeapSampler(sampleSeconds);
            heap.start();
            // warm-up, not counted: the JIT compiles the engine, the JSON writing and the reads before either side is measured
            System.out.println("warm-up:");
            baseline(service, sample, limit, Double.parseDouble(System.getProperty("bench.warmupSeconds", "30")), heap);
            batch(service, store, dir.resolve("warm-up.jsonl"), limit, heap, Math.min(contacts, 20_000));
            Files.deleteIfExists(dir.resolve("warm-up.jsonl"));
            System.out.println("measured:");
            baseline.add(baseline(service, sample, limit, baselineSeconds, heap));
            for (int run = 0; run < batchRuns; run++) {
                batch.add(batch(service, store, dir.resolve("mailing.jsonl"), limit, heap, contacts));
                baseline.add(baseline(service, sample, limit, baselineSeconds, heap));
            }
            heap.stop();
            double baseWall = baseline.stream().mapToDouble(Rate::perSecond).average().orElse(0);
            double baseCpu = baseline.stream().mapToDouble(Rate::perCpuSecond).average().orElse(0);
            System.out.printf(Locale.ROOT, "%nsummary (load average now %s)%n", Bench.loadAverage());
            for (Rate r : baseline) System.out.println("  " + r);
            for (Rate r : batch) System.out.println("  " + r);
            // each batch run against the in-process rounds right before and after it: the load of the machine drifts
            for (int i = 0; i < batch.size(); i++) {
                Rate r = batch.get(i);
                double wall = (baseline.get(i).perSecond() + baseline.get(i + 1).perSecond()) / 2;
                double cpu = (baseline.get(i).perCpuSecond() + baseline.get(i + 1).perCpuSecond()) / 2;
                System.out.printf(Locale.ROOT, "  batch run %d / in-process rounds around it: %.2f by wall clock, %.2f by CPU of this process%n",
                        i + 1, r.perSecond() / wall, r.perCpuSecond() / cpu);
            }
            System.out.printf(Locale.ROOT, "  all batch runs / all in-process rounds: %.2f by wall clock, %.2f by CPU of this process%n",
                    batch.stream().mapToDouble(Rate::perSecond).average().orElse(0) / baseWall,
                    batch.stream().mapToDouble(Rate::perCpuSecond).average().orElse(0) / baseCpu);
            if (Boolean.getBoolean("bench.split")) {
                System.out.println("where the batch's time goes (one run each, not interleaved):");
                split(service, store, dir, limit, heap, contacts);
            }
        } finally {
            snapshot.evaluator().close();
            TestStorage.release(storage);
            TestStorage.delete(dir);
        }
    }

    record Rate(String what, long answers, double seconds, double cpuSeconds, String heap) {
        double perSecond() { return answers / seconds; }

        double perCpuSecond() { return answers / cpuSeconds; }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-34s %,8d answers in %6.1f s: %,7.0f a second, %,7.0f per CPU-second; heap after GC %s",
                    what, answers, seconds, perSecond(), perCpuSecond(), heap);
        }
    }

    /** The engine alone: contacts in memory, the same generator and seed as the stored ones. */
    static Rate baseline(RecommendationService service, List<Contact> sample, int limit, double seconds, HeapSampler heap) {
        heap.phase();
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long answers = 0;
        long sink = 0;
        while (System.nanoTime() < end) {
            Contact contact = sample.get((int) (answers % sample.size()));
            sink += service.recommend(contact, null, limit, java.util.Set.of()).recommendations().size();
            answers++;
        }
        if (sink < 0) System.out.println(sink);
        Rate rate = new Rate("in-process recommend", answers, (System.nanoTime() - start) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9, heap.phase());
        System.out.println(rate);
        return rate;
    }

    /** The batch without the file (answers written to nowhere), then also without tracing: what each part costs. */
    static void split(RecommendationService service, ContactStore store, Path dir, int limit, HeapSampler heap, int contacts) throws Exception {
        batch(service, store, null, limit, heap, contacts, true);
        batch(service, store, null, limit, heap, contacts, false);
    }

    static Rate batch(RecommendationService service, ContactStore store, Path file, int limit, HeapSampler heap, int contacts) throws Exception {
        return batch(service, store, file, limit, heap, contacts, true);
    }

    /** What {@code wegweiser batch} does for every stored contact: read a page, recommend, trace, write a line. */
    static Rate batch(RecommendationService service, ContactStore store, Path file, int limit, HeapSampler heap, int contacts, boolean traced)
            throws Exception {
        // contacts: how many to write (all stored ones, or fewer for the warm-up)
        heap.phase();
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        Mailing.Summary summary;
        try (Tracker tracker = new Tracker(store, TestApp.CLOCK);
             ExportWriter out = ExportWriter.of(ExportWriter.Format.JSONL, file == null ? java.io.Writer.nullWriter()
                     : new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16), limit, true)) {
            StoredRecipients source = new StoredRecipients(store, ContactFilter.ALL, null, service::snapshot, TestApp.CLOCK.instant(),
                    StoredRecipients.PAGE);
            long[] next = {System.nanoTime() + 10_000_000_000L};
            summary = new Mailing(service, traced ? tracker::track : r -> null, limit).run(source, out, new Mailing.Listener() {
                @Override
                public void progress(Mailing.Counts counts, de.wegweiser.batch.MailingSource s) {
                    if (System.nanoTime() > next[0]) {
                        next[0] = System.nanoTime() + 10_000_000_000L;
                        System.out.printf(Locale.ROOT, "  batch: %,d of %,d%n", counts.read(), s.total());
                    }
                }
            }, () -> false, Mailing.Counts.NONE, null, 1000, contacts);
        }
        if (summary.counts().written() != contacts) throw new IllegalStateException("wrote " + summary.counts() + " of " + contacts);
        String what = file != null ? "batch (database -> JSONL file)" : traced ? "batch, JSON to nowhere" : "batch, JSON to nowhere, untraced";
        Rate rate = new Rate(what, summary.counts().written(), (System.nanoTime() - start) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9,
                heap.phase());
        System.out.println(rate + (file == null ? "" : String.format(Locale.ROOT, "; file %,d MB", Files.size(file) >> 20)));
        return rate;
    }

    /** Stored contacts as the generator makes them: profile, phase, status and what each consumed. */
    static void fill(AppConfig.Storage storage, Snapshot snapshot, int count) throws Exception {
        String url = storage.jdbcUrl() != null ? storage.jdbcUrl()
                : "jdbc:h2:file:" + storage.dataDir().toAbsolutePath().resolve("wegweiser") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        ContactGenerator generator = new ContactGenerator(snapshot.catalog(), Bench.CONTACT_SEED);
        OffsetDateTime now = OffsetDateTime.ofInstant(TestApp.CLOCK.instant(), ZoneOffset.UTC);
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement contact = c.prepareStatement("INSERT INTO contact (id, role, concerns, topics, language, account, industry, "
                    + "existing_customer, phase, lifecycle, score, score_as_of, events, phase_engagements, last_engagement_at, created_at, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, 0, 0, NULL, ?, ?)");
                 PreparedStatement consumed = c.prepareStatement(
                         "INSERT INTO contact_consumed (contact_id, item_id, consumed_at, event_id) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    Contact g = generator.next(i);
                    contact.setString(1, g.id());
                    contact.setString(2, g.role());
                    contact.setString(3, String.join(",", new TreeSet<>(g.concerns())));
                    contact.setString(4, String.join(",", new TreeSet<>(g.topics())));
                    contact.setString(5, g.language());
                    contact.setString(6, g.account());
                    contact.setString(7, g.industry());
                    contact.setBoolean(8, g.existingCustomer());
                    contact.setString(9, g.phase().id());
                    contact.setString(10, g.lifecycle() == null ? null : g.lifecycle().id());
                    contact.setObject(11, now);
                    contact.setObject(12, now);
                    contact.addBatch();
                    int e = 0;
                    for (String item : g.consumed()) {
                        consumed.setString(1, g.id());
                        consumed.setString(2, item);
                        consumed.setObject(3, now);
                        consumed.setString(4, "e-" + e++);
                        consumed.addBatch();
                    }
                    if (i % 2000 == 1999) {
                        contact.executeBatch();
                        consumed.executeBatch();
                        c.commit();
                    }
                }
                contact.executeBatch();
                consumed.executeBatch();
                c.commit();
            }
            if (storage.jdbcUrl() != null) {
                try (var s = c.createStatement()) {
                    s.execute("ANALYZE");
                }
                c.commit();
            }
        }
    }

    /** The heap after a full GC, every few seconds, on a thread of its own; summed up per phase of the run. */
    static final class HeapSampler {
        private final long intervalMillis;
        private final List<Long> samples = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private Thread thread;

        HeapSampler(double seconds) {
            this.intervalMillis = (long) (seconds * 1000);
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        Thread.sleep(intervalMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.gc();
                    samples.add(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** The samples since the last call, as "first / median / max / last MB (n samples)"; starts the next phase. */
        String phase() {
            List<Long> taken;
            synchronized (samples) {
                taken = new ArrayList<>(samples);
                samples.clear();
            }
            if (taken.isEmpty()) return "(no sample)";
            List<Long> sorted = new ArrayList<>(taken);
            Collections.sort(sorted);
            return String.format(Locale.ROOT, "first %d / median %d / max %d / last %d MB (%d samples)", taken.get(0) >> 20,
                    sorted.get(sorted.size() / 2) >> 20, sorted.get(sorted.size() - 1) >> 20, taken.get(taken.size() - 1) >> 20, taken.size());
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}
