package de.wegweiser.bench;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.config.AppConfig;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TermKind;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The insights harness (not a test). Part 1: what tracking costs on the recommendation hot path,
 * in-process on the bundled catalog: {@code recommend} alone against {@code recommend} plus
 * {@code Tracker.track} (trace writer running), in interleaved rounds, as a ratio. Part 2: report
 * latency at growing event counts: the aggregate tables are filled as N events over a year would
 * leave them (item x type x day x language x role x channel, rule rows for impressions and clicks,
 * phase moves, one stored contact per 100 events) and each report runs 30 times.
 *
 * <p>System properties: {@code bench.parts} (tracking,queries), {@code bench.events} (100000,1000000),
 * {@code bench.rounds} (10), {@code bench.seconds} (3 per round and side), {@code bench.backends} (H2,POSTGRESQL). PostgreSQL runs too when
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

    static final String[] CHANNELS = {"website", "email", "social", "trade-fair", "webinar"};
    static final String[] TYPES = {"RECOMMENDATION_IMPRESSION", "RECOMMENDATION_CLICK", "CONTENT_VIEW", "DOWNLOAD", "FORM_SUBMIT", "PAGE_VIEW"};
    static final int[] TYPE_WEIGHTS = {50, 5, 25, 10, 5, 5};

    static void queries(RecommendationService service, TestStorage.Backend backend, long events) throws Exception {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null)) {
            long start = System.nanoTime();
            long[] rows = fill(storage, service.snapshot().catalog(), events);
            System.out.printf(Locale.ROOT, "%n== %s, %,d events over 365 days: item rows %,d (total) / %,d (by role), rule rows %,d (by role), "
                            + "move rows %,d (by role), %,d contacts (filled in %.0f s) ==%n", backend, events, rows[0], rows[1], rows[2], rows[3],
                    rows[4], (System.nanoTime() - start) / 1e9);
            ContactStore store = new ContactStore(database);
            Tracker tracker = new Tracker(store, TestApp.CLOCK);
            InsightService insights = new InsightService(store, service, TestApp.CLOCK, new InsightRecorder(tracker));
            LocalDate today = TestApp.TODAY;
            Window month = new Window(today.minusDays(29), today);
            Window year = new Window(today.minusDays(365), today);
            String item = service.snapshot().catalog().items().get(0).id();
            Map<String, Runnable> reports = new java.util.LinkedHashMap<>();
            reports.put("items, 30 days", () -> insights.items(month, null, null, 30));
            reports.put("items, 30 days, by role", () -> insights.items(month, null, Split.ROLE, 30));
            reports.put("items, one item, 365 days, by channel", () -> insights.items(year, item, Split.CHANNEL, 30));
            reports.put("items, 365 days", () -> insights.items(year, null, null, 30));
            reports.put("rules, 30 days", () -> insights.rules(month, null, null, null));
            reports.put("rules, 365 days, by language", () -> insights.rules(year, null, null, Split.LANGUAGE));
            reports.put("journey, 30 days", () -> insights.journey(month, null, null, 30));
            reports.put("journey, 365 days, by channel", () -> insights.journey(year, Split.CHANNEL, null, 30));
            for (var report : reports.entrySet()) {
                report.getValue().run(); // warm
                long[] nanos = new long[30];
                for (int i = 0; i < nanos.length; i++) {
                    long t = System.nanoTime();
                    report.getValue().run();
                    nanos[i] = System.nanoTime() - t;
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "%-40s p50 %7.1f ms  p95 %7.1f ms  max %7.1f ms%n", report.getKey(),
                        Bench.percentile(nanos, 0.5) / 1e6, Bench.percentile(nanos, 0.95) / 1e6, nanos[nanos.length - 1] / 1e6);
            }
            System.out.printf(Locale.ROOT, "(load average %s)%n", Bench.loadAverage());
            tracker.close();
        } finally {
            TestStorage.release(storage);
        }
    }

    /** Fills the aggregates as {@code events} random events of a year would; returns the row counts (the split by role for the aggregates). */
    static long[] fill(AppConfig.Storage storage, Catalog catalog, long events) throws Exception {
        Random random = new Random(7);
        List<String> items = catalog.items().stream().map(i -> i.id()).toList();
        List<String> roles = catalog.taxonomy().ids(TermKind.ROLE);
        String[] rules = {"Content fits the phase", "Content for the role", "Concern matches", "Topic matches", "Fresh content",
                "Language matches", "Buying center gap", "Customer content"};
        // table -> key -> counters, as the service's Bumps would leave them
        Map<String, Map<List<Object>, double[]>> tables = new java.util.TreeMap<>();
        int typeTotal = Arrays.stream(TYPE_WEIGHTS).sum();
        for (long e = 0; e < events; e++) {
            LocalDate day = TestApp.TODAY.minusDays(random.nextInt(365));
            // popular items get most events (a rough power law)
            String item = items.get((int) Math.floor(Math.pow(random.nextDouble(), 2) * items.size()));
            int pick = random.nextInt(typeTotal);
            int t = 0;
            while (pick >= TYPE_WEIGHTS[t]) pick -= TYPE_WEIGHTS[t++];
            String[] splits = {random.nextInt(10) < 6 ? "de" : "en", roles.get(random.nextInt(roles.size())), CHANNELS[random.nextInt(CHANNELS.length)]};
            add(tables, "insight_item", List.of(day, item, TYPES[t]), splits, 1);
            if (t <= 1) {
                add(tables, "insight_rule", List.of(day, "rules-v1", ""), splits, t == 0 ? 1 : 0, t == 1 ? 1 : 0, 0);
                add(tables, "insight_rule", List.of(day, "rules-v1", rules[random.nextInt(rules.length)]), splits, t == 0 ? 1 : 0,
                        t == 1 ? 1 : 0, t == 0 ? 10 : 0);
            }
            if (random.nextInt(50) == 0) {
                JourneyPhase from = JourneyPhase.values()[random.nextInt(7)];
                JourneyPhase to = JourneyPhase.values()[random.nextInt(10) == 0 ? Math.max(0, from.ordinal() - 1) : from.ordinal() + 1];
                add(tables, "insight_move", List.of(day, from.id(), to.id(), random.nextInt(60)), splits, 1);
            }
        }
        Map<String, String> keys = Map.of("insight_item", "on_day, item_id, type", "insight_rule", "on_day, rules_version, rule",
                "insight_move", "on_day, from_phase, to_phase, days_in_phase");
        Map<String, String> counters = Map.of("insight_item", "events", "insight_rule", "impressions, clicks, points", "insight_move", "moves");
        long contacts = Math.max(1, events / 100);
        try (Connection c = connect(storage)) {
            c.setAutoCommit(false);
            for (var table : tables.entrySet()) {
                String base = table.getKey().substring(0, table.getKey().lastIndexOf('_'));
                String split = table.getKey().substring(table.getKey().lastIndexOf('_') + 1);
                String columns = keys.get(base) + (split.equals("total") ? "" : ", " + split) + ", " + counters.get(base);
                int width = columns.split(",").length;
                insert(c, "INSERT INTO " + table.getKey() + " (" + columns + ") VALUES (" + "?, ".repeat(width - 1) + "?)", table.getValue(),
                        (k, v) -> {
                            List<Object> all = new ArrayList<>(k);
                            for (double d : v) all.add(base.equals("insight_rule") && all.size() == width - 1 ? (Object) d : (Object) (long) d);
                            return all.toArray();
                        });
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO contact (id, role, concerns, topics, language, existing_customer, "
                    + "phase, score, events, phase_engagements, created_at, updated_at, phase_since) VALUES (?, ?, '', '', ?, FALSE, ?, 0, 0, 0, ?, ?, ?)")) {
                for (long i = 0; i < contacts; i++) {
                    OffsetDateTime created = TestApp.TODAY.minusDays(random.nextInt(365)).atStartOfDay().atOffset(ZoneOffset.UTC);
                    s.setString(1, "contact-" + i);
                    s.setString(2, roles.get(random.nextInt(roles.size())));
                    s.setString(3, random.nextInt(10) < 6 ? "de" : "en");
                    s.setString(4, JourneyPhase.values()[random.nextInt(8)].id());
                    s.setObject(5, created);
                    s.setObject(6, created);
                    s.setObject(7, created.plusDays(random.nextInt(30)));
                    s.addBatch();
                    if (i % 5000 == 4999) s.executeBatch();
                }
                s.executeBatch();
            }
            c.commit();
            try (var s = c.createStatement()) {
                if (storage.jdbcUrl() != null) s.execute("ANALYZE");
            }
            c.commit();
        }
        return new long[] {tables.get("insight_item_total").size(), tables.get("insight_item_role").size(),
                tables.get("insight_rule_role").size(), tables.get("insight_move_role").size(), contacts};
    }

    private static void add(Map<String, Map<List<Object>, double[]>> tables, String base, List<Object> key, String[] splits, double... delta) {
        String[] names = {"total", "language", "role", "channel"};
        for (int s = 0; s < names.length; s++) {
            List<Object> full = new ArrayList<>(key);
            if (s > 0) full.add(splits[s - 1]);
            double[] sum = tables.computeIfAbsent(base + "_" + names[s], k -> new HashMap<>()).computeIfAbsent(full, k -> new double[delta.length]);
            for (int i = 0; i < delta.length; i++) sum[i] += delta[i];
        }
    }

    private static <V> void insert(Connection c, String sql, Map<List<Object>, V> rows,
                                   java.util.function.BiFunction<List<Object>, V, Object[]> values) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int n = 0;
            for (var row : rows.entrySet()) {
                Object[] v = values.apply(row.getKey(), row.getValue());
                for (int i = 0; i < v.length; i++) s.setObject(i + 1, v[i] instanceof LocalDate d ? java.sql.Date.valueOf(d) : v[i]);
                s.addBatch();
                if (++n % 5000 == 0) s.executeBatch();
            }
            s.executeBatch();
        }
    }

    private static Connection connect(AppConfig.Storage storage) throws Exception {
        if (storage.jdbcUrl() != null) return DriverManager.getConnection(storage.jdbcUrl());
        return DriverManager.getConnection("jdbc:h2:file:" + storage.dataDir().toAbsolutePath().resolve("wegweiser")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }
}
