package de.wegweiser;

import de.wegweiser.catalog.CatalogException;
import de.wegweiser.cli.Cli;
import de.wegweiser.config.AppConfig;
import de.wegweiser.http.HttpApi;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.RuleCompilationException;
import io.javalin.Javalin;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring by hand: config -> catalog -> rules -> service -> HTTP. */
public final class App implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Javalin server;
    private final RecommendationService service;

    private App(Javalin server, RecommendationService service) {
        this.server = server;
        this.service = service;
    }

    /**
     * Loads catalog and rules and starts the HTTP server. Refuses to start on an invalid catalog or
     * rule set: the exception's message lists every problem.
     */
    public static App start(AppConfig config, Clock clock) throws CatalogException, RuleCompilationException {
        Snapshot snapshot = new SnapshotLoader(clock).load(config.catalogDir(), config.rulesDir());
        RecommendationService service = new RecommendationService(snapshot, clock);
        Javalin server = HttpApi.create(service).start(config.host(), config.port());
        LOG.info("Wegweiser listening on http://{}:{} with {} items (catalog {}) and {} rules (rules {})",
                config.host(), server.port(), snapshot.catalog().items().size(), snapshot.catalog().version(),
                snapshot.rules().rules().size(), snapshot.rules().version());
        return new App(server, service);
    }

    public int port() { return server.port(); }

    public RecommendationService service() { return service; }

    @Override
    public void close() {
        server.stop();
        service.snapshot().evaluator().close();
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
        }
    }
}
