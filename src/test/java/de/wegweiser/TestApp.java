package de.wegweiser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.wegweiser.config.AppConfig;
import de.wegweiser.reload.Reloader;
import de.wegweiser.storage.TestStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The real service on a free port, with real rule files and a real catalog, and a small HTTP client.
 * The clock is fixed so that "past event" and "expired" mean the same thing in every run.
 *
 * <p>The engine's tests run on frozen copies of the bundled rules and catalog ({@link #RULES},
 * {@link #CATALOG}), not on {@code rules/} and {@code content-catalog/}: those belong to the marketers,
 * who may change a rule's points or wording at any time, and only their own scenarios guard them
 * (see {@code ShippedFilesTest}).
 */
public final class TestApp implements AutoCloseable {

    /** The day all tests run on: the catalog's dated items are written relative to it. */
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    /** Frozen copy of the bundled rules (with journey/, account/ and scenarios/) that the engine's tests pin. */
    public static final Path RULES = Path.of("src", "test", "resources", "frozen", "rules");
    /** Frozen copy of the bundled catalog that the engine's tests pin (item ids, counts, dates). */
    public static final Path CATALOG = Path.of("src", "test", "resources", "frozen", "content-catalog");
    /** The marketers' rules as shipped: read only by the tests that guard them (they compile, their scenarios pass). */
    public static final Path SHIPPED_RULES = Path.of("rules");
    /** The marketers' catalog as shipped. */
    public static final Path SHIPPED_CATALOG = Path.of("content-catalog");
    public static final ObjectMapper JSON = new ObjectMapper();

    private final App app;
    private final AppConfig.Storage storage;
    private final HttpClient client = HttpClient.newHttpClient();

    private TestApp(App app, AppConfig.Storage storage) {
        this.app = app;
        this.storage = storage;
    }

    /** The frozen copies of the bundled rules and catalog. */
    public static TestApp start() throws Exception {
        return start(RULES, CATALOG);
    }

    public static TestApp start(Path rules, Path catalog) throws Exception {
        return start(config(rules, catalog));
    }

    /** A token for tests of the admin API. */
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** The CMS's key for tests of the contact API. */
    public static final String API_KEY = "test-api-key-0123456789";

    /**
     * The test defaults: any free port, no admin token, no watching, a fresh H2 database, and the
     * contact API on with {@link #API_KEY}.
     */
    public static AppConfig config(Path rules, Path catalog) {
        return config(rules, catalog, TestStorage.Backend.H2);
    }

    public static AppConfig config(Path rules, Path catalog, TestStorage.Backend backend) {
        return new AppConfig(0, "127.0.0.1", rules, catalog, null, false, TestStorage.fresh(backend), List.of(API_KEY), true);
    }

    /** The frozen rules and catalog on a fresh database of the given backend. */
    public static TestApp start(TestStorage.Backend backend) throws Exception {
        return start(config(RULES, CATALOG, backend));
    }

    /** Starts the app; its database is removed on {@link #close()} if {@link TestStorage} made it. */
    public static TestApp start(AppConfig config) throws Exception {
        return start(config, Reloader.DEFAULT_BUSY_WAIT);
    }

    /**
     * Starts the app with the reloader's settings for a test: how long an admin reload request
     * waits for a reload in progress, and checks each new version must pass besides the scenarios.
     */
    public static TestApp start(AppConfig config, java.time.Duration reloadBusyWait, de.wegweiser.reload.SnapshotGate... gates)
            throws Exception {
        try {
            App app = App.start(config, CLOCK, reloadBusyWait, List.of(gates), lastStarted);
            lastStarted = app.service().snapshot();
            return new TestApp(app, config.storage());
        } catch (Exception | Error e) {
            TestStorage.release(config.storage());
            throw e;
        }
    }

    /**
     * The version the last app in this JVM started with: the next start reuses its catalog and
     * compiled rules where the files are the same (as a reload does), most starts being on copies
     * of the frozen files. Changed or broken files are read and compiled as always.
     */
    private static volatile de.wegweiser.recommend.Snapshot lastStarted;

    public App app() { return app; }

    /** Where the app's database is (benchmarks write test data straight into PostgreSQL). */
    public AppConfig.Storage storage() { return storage; }

    /** Copies a directory tree, e.g. the rules with their journey/ folder, for a test to change. */
    public static Path copyTree(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (java.nio.file.Files.isDirectory(file)) java.nio.file.Files.createDirectories(target);
                else java.nio.file.Files.copy(file, target);
            }
        }
        return to;
    }

    public URI uri(String path) { return URI.create("http://127.0.0.1:" + app.port() + path); }

    /** A response with its status, content type and parsed JSON body. */
    public record Response(int status, String contentType, String text) {
        public JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + text, e);
            }
        }
    }

    public Response get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    public Response post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A request to the contact API, with the test API key. */
    public Response contacts(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header(API_KEY_HEADER, API_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        return send(request.build());
    }

    public static final String API_KEY_HEADER = "X-API-Key";

    /**
     * Sends the request; an answer from the API's port must be one the OpenAPI document lists (see
     * {@link OpenApiContract}). The separate metrics listener is another server, outside the document.
     */
    public Response send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (request.uri().getPort() == app.port()) checkContract(response);
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** Fails the test unless the OpenAPI document lists this answer: route, method, status, headers and body. */
    public static void checkContract(HttpResponse<String> response) {
        HttpRequest request = response.request();
        OpenApiContract.get().check(request.method(), request.uri(), response.statusCode(), response.headers().map(), response.body());
    }

    /** POST /api/v1/recommendations with the given contact JSON and limit; expects 200. */
    public JsonNode recommend(String contactJson, int limit) throws Exception {
        Response response = post("/api/v1/recommendations", "{\"contact\": %s, \"limit\": %d}".formatted(contactJson, limit));
        if (response.status() != 200) throw new AssertionError("expected 200, got " + response.status() + ": " + response.text());
        return response.json();
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            TestStorage.release(storage);
        }
    }
}
