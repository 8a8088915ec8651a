package de.wegweiser;

import de.wegweiser.accounts.AccountService;
import de.wegweiser.catalog.CatalogException;
import de.wegweiser.cli.Cli;
import de.wegweiser.config.AppConfig;
import de.wegweiser.contacts.ContactService;
import de.wegweiser.http.HttpApi;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.Database;
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

    private App(Javalin server, RecommendationService service, Reloader reloader, DirectoryWatcher watcher, Database database) {
        this.server = server;
        this.service = service;
        this.reloader = reloader;
        this.watcher = watcher;
        this.database = database;
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
        SnapshotLoader loader = new SnapshotLoader(clock);
        Snapshot snapshot = loader.load(config.catalogDir(), config.rulesDir());
        RecommendationService service = new RecommendationService(snapshot, clock);
        List<SnapshotGate> gates = new java.util.ArrayList<>(List.of(new ScenarioGate(config.rulesDir(), clock)));
        gates.addAll(extraGates);
        Reloader reloader = new Reloader(loader, service, config.catalogDir(), config.rulesDir(), gates, clock, busyWait);
        reloader.checkLive("start");
        AppConfig.Storage storage = config.storage();
        Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), storage.user(), storage.password());
        ContactStore store = new ContactStore(database);
        ContactService contacts = new ContactService(store, service, clock);
        AccountService accounts = new AccountService(store, contacts, service);
        DirectoryWatcher watcher = null;
        Javalin server;
        try {
            watcher = config.watch()
                    ? new DirectoryWatcher(List.of(config.rulesDir(), config.catalogDir()), RELOAD_DEBOUNCE, () -> reloader.reload("file change"))
                    : null;
            server = HttpApi.create(service, reloader, contacts, config.adminToken(), config.apiKeys(), config.openRecommendations(), accounts)
                    .start(config.host(), config.port());
        } catch (RuntimeException e) {
            if (watcher != null) watcher.close();
            database.close();
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
        return new App(server, service, reloader, watcher, database);
    }

    public int port() { return server.port(); }

    /** The HTTP server, whose routes a test compares with the OpenAPI document. */
    public Javalin http() { return server; }

    public RecommendationService service() { return service; }

    public Reloader reloader() { return reloader; }

    @Override
    public void close() {
        if (watcher != null) watcher.close();
        server.stop();
        service.snapshot().evaluator().close();
        database.close();
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
            start(AppConfig.fromEnvironment(System.getenv()), Clock.systemDefaultZone());
        } catch (IllegalArgumentException e) {
            System.err.println("Wegweiser cannot start: " + e.getMessage());
            System.exit(2);
        } catch (CatalogException | RuleCompilationException e) {
            System.err.println("Wegweiser cannot start.\n" + e.getMessage());
            System.exit(1);
        } catch (StorageException e) {
            System.err.println("Wegweiser cannot start: " + e.getMessage());
            System.exit(1);
        }
    }
}
