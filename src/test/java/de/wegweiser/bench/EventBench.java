package de.wegweiser.bench;

import de.wegweiser.App;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.contacts.ContactService;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Event ingestion: {@code bench.eventThreads} threads (16) post one new page view at a time for
 * random contacts, over HTTP to the real service on 127.0.0.1 ({@code POST
 * /api/v1/contacts/{id}/events}, as a CMS sends them), and in-process through {@link
 * ContactService#record} (the same work minus HTTP and JSON: the reference the HTTP figure is
 * compared with). Two parts of the harness:
 *
 * <ul>
 *   <li>{@code events}: throughput and latency on H2 and on PostgreSQL (when
 *       {@code WEGWEISER_TEST_PG_URL} is set, see {@code bench/events.sh}), for 1,000 contacts with
 *       10 events of history, and for 100 contacts with 10 and with 10,000 events of history: the
 *       last two differ in history only, so they show whether an event costs more as history grows.
 *       First, the baseline of the same run: H2 with the settings before the group flush
 *       ({@code WRITE_DELAY=0}: a file write per commit, no compaction while open), over HTTP.
 *   <li>{@code growth}: {@code bench.growthEvents} (1,000,000) events for 1,000 contacts; every
 *       {@code bench.growthEvery} (100,000) events the writers pause and the harness samples the
 *       H2 file's size and the size a copy of it compacts to (or PostgreSQL's table sizes).
 * </ul>
 *
 * <p>System properties: {@code bench.eventWarmup} (seconds, 10), {@code bench.eventMeasure}
 * (seconds, 30), {@code bench.eventBackends} (h2,postgresql), {@code bench.eventTransports}
 * (wrk,in-process; also http: the JDK's client), {@code bench.eventBaseline} (true), {@code bench.eventScenarios}
 * (1000x10,100x10,100x10000: contacts x events of history), {@code bench.eventThreads} (16),
 * {@code bench.growthEvents}, {@code bench.growthEvery}, {@code bench.pgPid} (PostgreSQL's postmaster,
 * to add the server's CPU per event), {@code bench.h2Info} (print H2's fill rates at each sample),
 * {@code bench.h2Url} (a full {@code jdbc:h2:} URL instead of the shipped settings, to compare
 * settings; {@code DIR} is replaced by a fresh directory).
 */
final class EventBench {

    static final int THREADS = Integer.getInteger("bench.eventThreads", 16);
    /** Events per request while the history is written: the most one request may carry. */
    static final int HISTORY_BATCH = ContactService.MAX_BATCH;

    private final double warmupSeconds = Double.parseDouble(System.getProperty("bench.eventWarmup", "10"));
    private final double measureSeconds = Double.parseDouble(System.getProperty("bench.eventMeasure", "30"));
    private final Snapshot snapshot;

    EventBench() throws Exception {
        snapshot = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, TestApp.RULES);
    }

    enum Backend { H2, POSTGRESQL }

    /** A database the harness made, and how to measure and remove it. */
    record Store(Backend backend, AppConfig.Storage storage, Path dir, Database database) implements AutoCloseable {

        static Store open(Backend backend) {
            return open(backend, System.getProperty("bench.h2Url"));
        }

        /** A fresh database; for H2 with the given URL ({@code DIR}: its directory) or the shipped settings (null). */
        static Store open(Backend backend, String h2Url) {
            if (backend == Backend.POSTGRESQL) {
                AppConfig.Storage storage = TestStorage.fresh(TestStorage.Backend.POSTGRESQL);
                return new Store(backend, storage, null, Database.open(null, storage.jdbcUrl(), null, null));
            }
            Path dir = TestStorage.tempDir();
            String url = h2Url;
            AppConfig.Storage storage = url == null ? AppConfig.Storage.embedded(dir)
                    : new AppConfig.Storage(dir, url.replace("DIR", dir.toAbsolutePath().toString()), null, null);
            return new Store(backend, storage, dir, Database.open(dir, storage.jdbcUrl(), null, null));
        }

        /** Bytes on disk: the H2 files, or PostgreSQL's tables with their indexes and TOAST. */
        long bytes() {
            if (backend == Backend.H2) {
                try (Stream<Path> files = Files.list(dir)) {
                    return files.mapToLong(f -> f.toFile().length()).sum();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            // a connection of its own: the database's pool is closed while the service runs on it
            try (Connection c = DriverManager.getConnection(storage.jdbcUrl()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                         + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r'")) {
                rs.next();
                return rs.getLong(1);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** H2's count of file writes, of bytes written since it opened, and of group flushes; zeros on PostgreSQL. */
        long[] written() {
            if (backend != Backend.H2) return new long[3];
            return database.read(c -> {
                long[] counts = new long[3];
                counts[2] = database.flushes();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT setting_name, setting_value FROM "
                        + "information_schema.settings WHERE setting_name IN ('info.FILE_WRITE', 'info.FILE_WRITE_BYTES')")) {
                    while (rs.next()) counts[rs.getString(1).endsWith("BYTES") ? 1 : 0] = Long.parseLong(rs.getString(2));
                }
                return counts;
            });
        }

        /** H2's view of its file: fill rates, chunks and pages. */
        String h2Info() {
            if (backend != Backend.H2) return "";
            return database.read(c -> {
                StringBuilder out = new StringBuilder();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT setting_name, setting_value FROM "
                        + "information_schema.settings WHERE setting_name IN ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE', "
                        + "'info.CHUNK_COUNT', 'info.PAGE_COUNT', 'info.PAGE_COUNT_LIVE') ORDER BY setting_name")) {
                    while (rs.next()) out.append(rs.getString(1).substring(5).toLowerCase(Locale.ROOT)).append(' ').append(rs.getString(2)).append(", ");
                }
                return out.toString();
            });
        }

        /**
         * What the H2 file takes compacted: a copy of it (taken while no one writes) opened on its
         * own and closed with {@code SHUTDOWN COMPACT}, which rewrites every page into a new file.
         */
        long compactedBytes() throws Exception {
            Path copy = Files.createTempDirectory("wegweiser-compact-");
            try {
                Path file = dir.resolve("wegweiser.mv.db");
                // a copy while nothing writes: the harness's writers are paused, H2's own threads wait for its store lock
                database.read(c -> {
                    org.h2.mvstore.MVStore mv = ((org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession())
                            .getDatabase().getStore().getMvStore();
                    mv.commit();
                    mv.executeFilestoreOperation(() -> {
                        try {
                            Files.copy(file, copy.resolve("copy.mv.db"));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    return null;
                });
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("copy").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN COMPACT");
                }
                return Files.size(copy.resolve("copy.mv.db"));
            } finally {
                TestStorage.delete(copy);
            }
        }

        @Override
        public void close() {
            database.close();
            if (dir != null) TestStorage.delete(dir);
            TestStorage.release(storage);
        }
    }

    static void main(String parts) throws Exception {
        EventBench bench = new EventBench();
        List<Backend> backends = new ArrayList<>();
        for (String name : System.getProperty("bench.eventBackends", "h2,postgresql").split(",")) {
            Backend backend = Backend.valueOf(name.strip().toUpperCase(Locale.ROOT));
            if (backend == Backend.POSTGRESQL && TestStorage.postgresUrl() == null) {
                System.out.println("PostgreSQL skipped: WEGWEISER_TEST_PG_URL is not set (bench/events.sh starts a server)");
                continue;
            }
            backends.add(backend);
        }
        if (parts.contains("events")) bench.throughput(backends);
        if (parts.contains("growth")) {
            for (Backend backend : backends) bench.growth(backend);
        }
    }

    // ------------------------------------------------------------------ throughput

    record Result(double perSecond, double p50Ms, double p99Ms, double meanMs, long events, double bytesPerEvent) {
        Result withBytesPerEvent(double bytes) {
            return new Result(perSecond, p50Ms, p99Ms, meanMs, events, bytes);
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final long CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

    /**
     * CPU used so far, in nanoseconds: this JVM's, and PostgreSQL's (the server whose postmaster is
     * {@code bench.pgPid} and its children), or 0 when unknown.
     */
    static long[] cpuNanos() {
        return new long[] {OS.getProcessCpuTime(), postgresCpuNanos()};
    }

    private static long postgresCpuNanos() {
        String pid = System.getProperty("bench.pgPid");
        if (pid == null) return 0;
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields after the name: state ppid ... utime (14th of the line) stime (15th)
                    if (proc.getFileName().toString().equals(pid) || f[1].equals(pid)) ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (Exception gone) {
                    // the process ended meanwhile
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return ticks * 1_000_000_000L / CLOCK_TICKS_PER_SECOND;
    }

    /** File writes and KB written per event between two {@link Store#written} readings. */
    static String writes(long[] before, long[] after, long events) {
        if (after[0] == 0) return "";
        return String.format(Locale.ROOT, "%.2f flushes, %.2f writes, %.1f KB written per event", (after[2] - before[2]) / (double) events,
                (after[0] - before[0]) / (double) events, (after[1] - before[1]) / 1024.0 / events);
    }

    /** How the events reach the service. */
    enum Transport {
        /** The JDK's HTTP client in this JVM: its CPU is counted with the service's. */
        HTTP,
        /** wrk ({@code bench/events.lua}), a separate process in C: the service's CPU alone, and little taken from it. */
        WRK,
        IN_PROCESS;

        String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        boolean overHttp() { return this != IN_PROCESS; }
    }

    /** The H2 settings before the group flush (main until December 2026): the baseline of the same run. */
    static final String H2_BEFORE = "jdbc:h2:file:DIR/wegweiser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;LOCK_TIMEOUT=30000";

    void throughput(List<Backend> backends) throws Exception {
        String scenarios = System.getProperty("bench.eventScenarios", "1000x10,100x10,100x10000");
        List<Transport> transports = new ArrayList<>();
        for (String name : System.getProperty("bench.eventTransports", "wrk,in-process").split(",")) {
            transports.add(Transport.valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        System.out.printf("%n== Event ingestion: %d threads, one new page view per request ==%n", THREADS);
        System.out.printf("%-11s %-10s %9s %8s %10s %8s %8s %8s %10s %10s %8s %10s%n", "backend", "transport", "contacts", "history",
                "events/s", "p50 ms", "p99 ms", "mean ms", "CPU ms/ev", "(server)", "events", "disk B/ev");
        if (Boolean.parseBoolean(System.getProperty("bench.eventBaseline", "true"))) {
            System.out.println("baseline: H2 with WRITE_DELAY=0 (a file write per commit, no compaction while open), as before this work");
            measure(Backend.H2, H2_BEFORE, transports.stream().filter(Transport::overHttp).limit(1).toList(), 1000, 10);
        }
        for (String scenario : scenarios.split(",")) {
            String[] parts = scenario.strip().split("x");
            int contacts = Integer.parseInt(parts[0]);
            int history = Integer.parseInt(parts[1]);
            for (Backend backend : backends) measure(backend, System.getProperty("bench.h2Url"), transports, contacts, history);
        }
    }

    /**
     * Lines of the table for one database: its contacts and their history are written once, then
     * each transport warms up and measures on it (in-process before HTTP, whose service then owns
     * the database).
     */
    private void measure(Backend backend, String h2Url, List<Transport> transports, int contacts, int history) throws Exception {
        try (Store store = Store.open(backend, h2Url)) {
            ContactService service = service(store);
            List<String> ids = createContacts(service, contacts);
            long t0 = System.nanoTime();
            writeHistory(service, ids, history);
            System.out.printf(Locale.ROOT, "(%s%s: %,d contacts with %,d events each written in %.0f s, %.0f MB; load average %s)%n",
                    backend, h2Url == null ? "" : " " + h2Url.substring(h2Url.indexOf(';')), contacts, history,
                    (System.nanoTime() - t0) / 1e9, store.bytes() / 1048576.0, Bench.loadAverage());
            List<Transport> order = transports.stream().sorted(java.util.Comparator.reverseOrder()).toList();
            for (Transport transport : order) {
                Ingest ingest = inProcess(service);
                App app = null;
                if (transport.overHttp()) {
                    store.database().close(); // the service opens the same database with its own pool
                    app = App.start(new AppConfig(0, "127.0.0.1", TestApp.RULES, TestApp.CATALOG, null, false, store.storage(),
                            List.of(API_KEY), true), Clock.systemUTC());
                    ingest = new HttpIngest(app.port());
                }
                try {
                    if (transport == Transport.WRK) wrk(app.port(), ids, warmupSeconds, "warm-wrk");
                    else post(ingest, ids, warmupSeconds, Long.MAX_VALUE, "warm-" + transport.label());
                    long before = store.bytes();
                    long[] writtenBefore = transport.overHttp() ? new long[3] : store.written();
                    long[] cpuBefore = cpuNanos();
                    Result measured = transport == Transport.WRK ? wrk(app.port(), ids, measureSeconds, "bench-wrk")
                            : post(ingest, ids, measureSeconds, Long.MAX_VALUE, "bench-" + transport.label()).result(0);
                    long[] cpuAfter = cpuNanos();
                    Result r = measured.withBytesPerEvent((store.bytes() - before) / (double) measured.events());
                    System.out.printf(Locale.ROOT, "%-11s %-10s %9d %8d %10.0f %8.2f %8.2f %8.2f %10.3f %10s %8d %10.0f  %s  load %s%n", backend,
                            transport.label(), contacts, history, r.perSecond, r.p50Ms, r.p99Ms, r.meanMs,
                            (cpuAfter[0] - cpuBefore[0]) / 1e6 / r.events,
                            backend != Backend.POSTGRESQL || cpuAfter[1] == 0 ? "" : String.format(Locale.ROOT, "%.3f", (cpuAfter[1] - cpuBefore[1]) / 1e6 / r.events),
                            r.events, r.bytesPerEvent, transport.overHttp() ? "" : writes(writtenBefore, store.written(), r.events),
                            Bench.loadAverage());
                } finally {
                    if (app != null) app.close();
                }
            }
        }
    }

    static final String API_KEY = "bench-api-key-0123456789";

    /** Stores one event for a contact; throws unless it was stored. */
    @FunctionalInterface
    interface Ingest {
        void record(String contactId, Event event) throws Exception;
    }

    /** The same work without HTTP and JSON: the service's call that the events endpoint makes. */
    static Ingest inProcess(ContactService service) {
        return (contactId, event) -> {
            if (!service.record(contactId, List.of(event)).events().get(0).stored()) throw new IllegalStateException("not stored: " + event);
        };
    }

    /** What a CMS does: one POST per page view, over HTTP/1.1 connections kept open. */
    static final class HttpIngest implements Ingest {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final String base;

        HttpIngest(int port) {
            this.base = "http://127.0.0.1:" + port + "/api/v1/contacts/";
        }

        @Override
        public void record(String contactId, Event event) throws Exception {
            String body = "{\"id\":\"%s\",\"type\":\"page-view\",\"at\":\"%s\",\"channel\":\"%s\"}"
                    .formatted(event.id(), event.at(), event.channel());
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + contactId + "/events"))
                    .header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().contains("\"status\":\"stored\"")) {
                throw new IllegalStateException("not stored: " + response.statusCode() + " " + response.body());
            }
        }
    }

    private ContactService service(Store store) {
        ContactStore contacts = new ContactStore(store.database());
        return new ContactService(contacts, new RecommendationService(snapshot, TestApp.CLOCK), Clock.systemUTC(),
                new de.wegweiser.insights.InsightRecorder(new de.wegweiser.insights.Tracker(contacts, Clock.systemUTC())));
    }

    /** Contacts with the generator's profiles: a third belong to one of 100 accounts (the buying center). */
    private List<String> createContacts(ContactService service, int count) {
        List<String> ids = new ArrayList<>();
        for (Contact c : new ContactGenerator(snapshot.catalog(), 7).contacts(count)) {
            service.save(new ContactProfile(c.id(), c.role(), c.concerns(), c.topics(), c.language(), c.account(), c.industry(),
                    c.existingCustomer()), c.phase(), c.lifecycle());
            ids.add(c.id());
        }
        return ids;
    }

    /** The history goes through the service too, 500 events a request, so it is stored as the service stores it. */
    private static void writeHistory(ContactService service, List<String> ids, int history) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread writer = new Thread(() -> {
                for (long i; (i = next.getAndIncrement()) < ids.size(); ) {
                    String id = ids.get((int) i);
                    Instant at = Instant.now().minusSeconds(86_400L * 30);
                    for (int from = 0; from < history; from += HISTORY_BATCH) {
                        List<Event> batch = new ArrayList<>();
                        for (int n = from; n < Math.min(history, from + HISTORY_BATCH); n++) {
                            batch.add(new Event("history-" + n, EventType.PAGE_VIEW, at.plusSeconds(n), null, "website"));
                        }
                        service.record(id, batch);
                    }
                }
            }, "history-" + t);
            writer.start();
            writers.add(writer);
        }
        for (Thread w : writers) w.join();
    }

    /**
     * {@link #THREADS} connections of wrk post one new page view per request for random contacts
     * ({@code bench/events.lua}); every answer must say "stored".
     */
    static Result wrk(int port, List<String> ids, double seconds, String prefix) throws Exception {
        Path contacts = Files.createTempFile("wegweiser-bench-contacts", ".txt");
        try {
            Files.write(contacts, ids);
            String run = prefix + "-" + System.nanoTime();
            Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + THREADS, "-d" + Math.round(seconds) + "s", "--timeout", "10s", "--latency",
                    "-s", Path.of("bench/events.lua").toAbsolutePath().toString(), "http://127.0.0.1:" + port, "--", API_KEY, run,
                    Instant.now().minusSeconds(1).toString(), contacts.toString()).redirectErrorStream(true).start();
            String out = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (wrk.waitFor() != 0) throw new IllegalStateException("wrk failed: " + out);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("RESULT requests=(\\d+) seconds=([\\d.]+) p50_ms=([\\d.]+) "
                    + "p99_ms=([\\d.]+) mean_ms=([\\d.]+) errors=(\\d+) not_stored=(\\d+)").matcher(out);
            if (!m.find()) throw new IllegalStateException("no result from wrk: " + out);
            if (!m.group(6).equals("0") || !m.group(7).equals("0")) {
                throw new IllegalStateException("events not stored: " + m.group(6) + " errors, " + m.group(7) + " other answers");
            }
            long requests = Long.parseLong(m.group(1));
            return new Result(requests / Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                    Double.parseDouble(m.group(5)), requests, 0);
        } finally {
            Files.deleteIfExists(contacts);
        }
    }

    /** Latencies of every request, and the wall time. */
    record Run(long[] latencies, long elapsedNanos) {
        Result result(double bytesPerEvent) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return new Result(sorted.length / (elapsedNanos / 1e9), Bench.percentile(sorted, 0.5) / 1e6,
                    Bench.percentile(sorted, 0.99) / 1e6, Arrays.stream(sorted).average().orElse(0) / 1e6, sorted.length, bytesPerEvent);
        }
    }

    /**
     * {@link #THREADS} threads post one new page view per request for random contacts, for the given
     * time or until {@code limit} events are stored in all, whichever comes first.
     */
    Run post(Ingest ingest, List<String> ids, double seconds, long limit, String prefix) throws InterruptedException {
        return post(ingest, ids, seconds, limit, prefix, new AtomicLong(), new AtomicBoolean());
    }

    Run post(Ingest ingest, List<String> ids, double seconds, long limit, String prefix, AtomicLong stored,
             AtomicBoolean stop) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Exception> failure = new java.util.concurrent.atomic.AtomicReference<>();
        long[][] latencies = new long[THREADS][];
        long[] ends = new long[THREADS];
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + (long) (Math.min(seconds, 86_400) * 1e9);
        String run = prefix + "-" + start;
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                long[] lat = new long[1024];
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get() && failure.get() == null && System.nanoTime() < deadline && stored.incrementAndGet() <= limit) {
                    String contact = ids.get(random.nextInt(ids.size()));
                    Event event = new Event(run + "-" + thread + "-" + n, EventType.PAGE_VIEW, Instant.now().minusSeconds(1), null, "website");
                    long t0 = System.nanoTime();
                    try {
                        ingest.record(contact, event);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        break;
                    }
                    long t1 = System.nanoTime();
                    if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                    lat[n++] = t1 - t0;
                }
                latencies[thread] = Arrays.copyOf(lat, n);
                ends[thread] = System.nanoTime();
            }, "events-" + t));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) w.join();
        if (failure.get() != null) throw new IllegalStateException("an event failed: " + failure.get().getMessage(), failure.get());
        return new Run(Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray(), Arrays.stream(ends).max().orElseThrow() - start);
    }

    // ------------------------------------------------------------------ growth

    void growth(Backend backend) throws Exception {
        long total = Long.getLong("bench.growthEvents", 1_000_000);
        long every = Long.getLong("bench.growthEvery", 100_000);
        long maxBytes = Long.getLong("bench.growthMaxBytes", 20L << 30); // a runaway file stops the run, not the disk
        System.out.printf("%n== Disk growth on %s: %,d events for 1,000 contacts, %d threads, sampled every %,d ==%n", backend, total,
                THREADS, every);
        System.out.printf("%10s %12s %14s %8s %10s %8s%n", "events", backend == Backend.H2 ? "file MB" : "tables MB", "compacted MB",
                "ratio", "events/s", "load");
        try (Store store = Store.open(backend)) {
            ContactService service = service(store);
            List<String> ids = createContacts(service, 1000);
            long done = 0;
            while (done < total) {
                long target = Math.min(total, done + every);
                long[] writtenBefore = store.written();
                AtomicLong stored = new AtomicLong(done);
                AtomicBoolean stop = new AtomicBoolean();
                Thread guard = new Thread(() -> {
                    while (!stop.get()) {
                        if (store.bytes() > maxBytes) stop.set(true);
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                guard.setDaemon(true);
                guard.start();
                Run run = post(inProcess(service), ids, 86_400, target, "growth-" + done, stored, stop);
                boolean runaway = stop.get();
                stop.set(true);
                guard.interrupt();
                done += run.latencies.length;
                long file = store.bytes();
                if (Boolean.getBoolean("bench.h2Info")) System.out.println(store.h2Info());
                String load = Bench.loadAverage();
                double perSecond = run.latencies.length / (run.elapsedNanos / 1e9);
                String writes = writes(writtenBefore, store.written(), run.latencies.length);
                if (backend == Backend.H2) {
                    long compacted = store.compactedBytes();
                    System.out.printf(Locale.ROOT, "%,10d %12.1f %14.1f %8.1f %10.0f %8s  %s%n", done, file / 1048576.0,
                            compacted / 1048576.0, file / (double) compacted, perSecond, load, writes);
                } else {
                    System.out.printf(Locale.ROOT, "%,10d %12.1f %14s %8s %10.0f %8s%n", done, file / 1048576.0, "-", "-", perSecond, load);
                }
                if (runaway) {
                    System.out.printf(Locale.ROOT, "stopped: the file passed %.1f GB%n", maxBytes / 1073741824.0);
                    break;
                }
            }
        }
    }
}
