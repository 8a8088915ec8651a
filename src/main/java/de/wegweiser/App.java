package de.wegweiser;

import de.wegweiser.accounts.AccountService;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.cli.Cli;
import de.wegweiser.config.AppConfig;
import de.wegweiser.contacts.ContactService;
import de.wegweiser.deploy.Deployments;
import de.wegweiser.deploy.Drafts;
import de.wegweiser.deploy.EditableFiles;
import de.wegweiser.http.Drain;
import de.wegweiser.http.HttpApi;
import de.wegweiser.insights.InsightRecorder;
import de.wegweiser.insights.InsightService;
import de.wegweiser.insights.Tracker;
import de.wegweiser.ops.Metrics;
import de.wegweiser.ops.MetricsServer;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
import de.wegweiser.storage.DeploymentStore;
import de.wegweiser.storage.StorageException;
import de.wegweiser.reload.DirectoryWatcher;
import de.wegweiser.reload.Reloader;
import de.wegweiser.reload.ScenarioGate;
import de.wegweiser.reload.SnapshotGate;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring by hand: config -> catalog -> rules -> service -> database -> contacts -> HTTP. */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    /** Quiet time after the last file change before a reload: one reload per save or git pull. */
    static final Duration RELOAD_DEBOUNCE = Duration.ofMillis(300);

    private final Javalin server;
    private final RecommendationService service;
    private final Reloader reloader;
    private final DirectoryWatcher watcher;
    private final Database database;
    private final AccountService accounts;
    private final Tracker tracker;
    private final Metrics metrics;
    private final MetricsServer metricsServer;
    private final Drain drain;
    private final AppConfig.Operations operations;

    private App(Javalin server, RecommendationService service, Reloader reloader, DirectoryWatcher watcher, Database database,
                AccountService accounts, Tracker tracker, Metrics metrics, MetricsServer metricsServer, Drain drain,
                AppConfig.Operations operations) {
        this.server = server;
        this.service = service;
        this.reloader = reloader;
        this.watcher = watcher;
        this.database = database;
        this.accounts = accounts;
        this.tracker = tracker;
        this.metrics = metrics;
        this.metricsServer = metricsServer;
        this.drain = drain;
        this.operations = operations;
    }

    /**
     * Loads catalog and rules and starts the HTTP server. Refuses to start on an invalid catalog or
     * rule set: the exception's message lists every problem.
     */
    public static App start(AppConfig config, Clock clock) throws CatalogException, RuleCompilationException {
        return start(config, clock, Reloader.DEFAULT_BUSY_WAIT, List.of());
    }

    /**
     * {@link #start(AppConfig, Clock)} with the reloader's settings passed in, as tests need them:
     * a short wait for a reload in progress, and checks that hold a reload as long as they like.
     *
     * @param busyWait   how long an admin reload request waits for a reload in progress
     * @param extraGates checks a new version must pass, after the marketers' scenarios
     */
    static App start(AppConfig config, Clock clock, Duration busyWait, List<SnapshotGate> extraGates)
            throws CatalogException, RuleCompilationException {
        return start(config, clock, busyWait, extraGates, null);
    }

    /**
     * Like {@link #start(AppConfig, Clock, Duration, List)}, reusing the catalog and compiled rules
     * of an earlier version where their files are the same (as a reload does): tests start the
     * service many times on the same files, and compiling the rules was most of each start.
     *
     * @param reuse a version loaded with the same clock, or null to load everything
     */
    static App start(AppConfig config, Clock clock, Duration busyWait, List<SnapshotGate> extraGates, Snapshot reuse)
            throws CatalogException, RuleCompilationException {
        SnapshotLoader loader = new SnapshotLoader(clock);
        Snapshot snapshot = loader.reload(reuse, config.catalogDir(), config.rulesDir());
        Metrics metrics = new Metrics();
        RecommendationService service = new RecommendationService(snapshot, clock, metrics::recommendation);
        List<SnapshotGate> gates = new java.util.ArrayList<>(List.of(new ScenarioGate(config.rulesDir(), clock)));
        gates.addAll(extraGates);
        Reloader reloader = new Reloader(loader, service, config.catalogDir(), config.rulesDir(), gates, clock, busyWait);
        reloader.onReload(metrics::reload);
        metrics.live(de.wegweiser.reload.LoadedVersion.of(snapshot, service.today()));
        reloader.checkLive("start");
        if (config.watch()) reloader.warmUp(); // a marketer's first saved change goes live as fast as later ones
        AppConfig.Storage storage = config.storage();
        AppConfig.Operations ops = config.operations();
        Database database;
        try {
            database = Database.open(storage.dataDir(), storage.jdbcUrl(), storage.user(), storage.password(), storage.poolSize(),
                    metrics.registry());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        ContactStore store = new ContactStore(database);
        // traces number rule names: by the live rule book's names, sorted, so every node numbers them alike
        Tracker tracker = new Tracker(store, clock, ops.traceRetention(), Tracker.CLEANUP_EVERY, version -> {
            var rules = service.snapshot().rules();
            return rules.version().equals(version)
                    ? rules.rules().stream().map(de.wegweiser.rules.RuleInfo::name).distinct().sorted().toList() : List.of();
        });
        InsightRecorder recorder = new InsightRecorder(tracker);
        ContactService contacts = new ContactService(store, service, clock, recorder, metrics::eventsStored);
        InsightService insights = new InsightService(store, service, clock, recorder);
        AccountService accounts = new AccountService(store, contacts, service);
        Drafts drafts = new Drafts(reloader, service, new EditableFiles(config.rulesDir(), config.catalogDir()));
        var changes = new HttpApi.Changes(drafts, new Deployments(drafts, reloader, new DeploymentStore(database), clock));
        Drain drain = new Drain();
        java.util.function.BooleanSupplier databaseUp = () -> database.isUp(Duration.ofSeconds(2));
        metrics.readiness(() -> !drain.draining() && databaseUp.getAsBoolean());
        DirectoryWatcher watcher = null;
        MetricsServer metricsServer = null;
        Javalin server;
        try {
            watcher = config.watch()
                    ? new DirectoryWatcher(List.of(config.rulesDir(), config.catalogDir()), RELOAD_DEBOUNCE, () -> reloader.reload("file change"))
                    : null;
            metricsServer = ops.metricsPort() >= 0 ? MetricsServer.start(metrics, ops.metricsHost(), ops.metricsPort()) : null;
            server = HttpApi.create(service, reloader, contacts, config.adminToken(), config.apiKeys(), config.openRecommendations(), accounts,
                            insights, new HttpApi.Ops(metrics, databaseUp, drain, ops.shutdownTimeout(), ops.rateLimit(), ops.rateBurst(),
                                    ops.consoleSession()), changes)
                    .start(config.host(), config.port());
        } catch (RuntimeException e) {
            if (watcher != null) watcher.close();
            if (metricsServer != null) metricsServer.close();
            accounts.close();
            tracker.close();
            database.close();
            metrics.close();
            throw e;
        }
        LOG.info("Wegweiser listening on http://{}:{} with {} items (catalog {}), {} rules (rules {}) and {} journey rules (journey {})",
                config.host(), server.port(), snapshot.catalog().items().size(), snapshot.catalog().version(),
                snapshot.rules().rules().size(), snapshot.rules().version(), snapshot.journey().rules().size(),
                snapshot.journey().version());
        if (config.adminToken() == null) LOG.info("admin API is off (set WEGWEISER_ADMIN_TOKEN to switch it on)");
        if (config.apiKeys().isEmpty()) LOG.info("contact API is off (set WEGWEISER_API_KEYS to switch it on)");
        if (snapshot.journey().isEmpty()) {
            LOG.warn("no journey rules in {}/{}: events are stored, but no phase, status or score is inferred",
                    config.rulesDir(), RuleCompiler.JOURNEY_DIR);
        }
        if (metricsServer != null) LOG.info("metrics without token on http://{}:{}/metrics", ops.metricsHost(), metricsServer.port());
        if (ops.rateLimit() > 0) LOG.info("rate limit: {} requests per second per API key, {} at once", ops.rateLimit(), ops.rateBurst());
        return new App(server, service, reloader, watcher, database, accounts, tracker, metrics, metricsServer, drain, ops);
    }

    public int port() { return server.port(); }

    /** The HTTP server, whose routes a test compares with the OpenAPI document. */
    public Javalin http() { return server; }

    /** The metrics listener's port, or -1 when there is none. */
    public int metricsPort() { return metricsServer == null ? -1 : metricsServer.port(); }

    public RecommendationService service() { return service; }

    public Reloader reloader() { return reloader; }

    /**
     * Stops now: requests in flight still get their answers (up to the shutdown timeout), new
     * connections are refused, then the database is closed.
     */
    @Override
    public void close() {
        if (watcher != null) watcher.close();
        server.stop();
        service.snapshot().evaluator().close();
        accounts.close();
        tracker.close(); // writes the traces still in memory
        database.close();
        if (metricsServer != null) metricsServer.close();
        metrics.close();
    }

    /**
     * The stop on SIGTERM: readiness says 503 at once while the service still answers for the
     * shutdown delay (a balancer takes it out of rotation), then {@link #close()}.
     */
    public void shutdown() {
        drain.begin();
        LOG.info("stopping: not ready now; serving {} ms more, then waiting up to {} ms for requests in flight",
                operations.shutdownDelay().toMillis(), operations.shutdownTimeout().toMillis());
        try {
            Thread.sleep(operations.shutdownDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long started = System.nanoTime();
        close();
        LOG.info("stopped in {} ms after the delay; database closed", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Without arguments: the server. With arguments: the marketers' command line
     * ({@code check}, {@code diff}, {@code --help}), so one jar does both.
     */
    public static void main(String[] args) {
        if (args.length > 0) {
            System.exit(Cli.run(args));
        }
        try {
            App app = start(AppConfig.fromEnvironment(System.getenv()), Clock.systemDefaultZone());
            Runtime.getRuntime().addShutdownHook(new Thread(app::shutdown, "graceful-stop"));
        } catch (IllegalArgumentException e) {
            System.err.println("Wegweiser cannot start: " + e.getMessage().replace("\n", "\n  "));
            System.exit(2);
        } catch (io.javalin.util.JavalinBindException e) {
            System.err.println("Wegweiser cannot start: " + e.getMessage());
            System.exit(2);
        } catch (java.io.UncheckedIOException e) {
            System.err.println("Wegweiser cannot start: " + e.getMessage());
            System.exit(1);
        } catch (CatalogException | RuleCompilationException e) {
            System.err.println("Wegweiser cannot start.\n" + e.getMessage());
            System.exit(1);
        } catch (StorageException e) {
            System.err.println("Wegweiser cannot start: " + e.getMessage());
            System.exit(1);
        }
    }
}
