package de.wegweiser.storage;

import de.wegweiser.config.AppConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Throwaway databases for tests: an H2 file in a fresh temporary directory, or, when
 * {@value #PG_URL_VARIABLE} names a PostgreSQL database (as {@code .ci/run} does), a fresh schema
 * in it. {@link #release} removes what {@link #fresh} made.
 */
public final class TestStorage {

    /** A JDBC URL of a PostgreSQL database the tests may create and drop schemas in. */
    public static final String PG_URL_VARIABLE = "WEGWEISER_TEST_PG_URL";

    public enum Backend { H2, POSTGRESQL }

    private static final Map<AppConfig.Storage, Runnable> CLEANUPS = new ConcurrentHashMap<>();

    private TestStorage() {}

    /** H2 always; PostgreSQL too when a test server is configured. */
    public static List<Backend> backends() {
        List<Backend> backends = new ArrayList<>(List.of(Backend.H2));
        if (postgresUrl() != null) backends.add(Backend.POSTGRESQL);
        return backends;
    }

    public static String postgresUrl() {
        String url = System.getenv(PG_URL_VARIABLE);
        return url == null || url.isBlank() ? null : url.strip();
    }

    public static AppConfig.Storage fresh(Backend backend) {
        return backend == Backend.H2 ? h2(tempDir()) : postgres();
    }

    /** An H2 database in the given directory; released with the directory. */
    public static AppConfig.Storage h2(Path dir) {
        AppConfig.Storage storage = AppConfig.Storage.embedded(dir);
        CLEANUPS.put(storage, () -> delete(dir));
        return storage;
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("wegweiser-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AppConfig.Storage postgres() {
        String url = postgresUrl();
        if (url == null) throw new IllegalStateException(PG_URL_VARIABLE + " is not set");
        String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql(url, "CREATE SCHEMA " + schema);
        AppConfig.Storage storage = new AppConfig.Storage(null, url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, null, null);
        CLEANUPS.put(storage, () -> sql(url, "DROP SCHEMA " + schema + " CASCADE"));
        return storage;
    }

    /** Removes the database made by {@link #fresh}; nothing for storages made elsewhere. */
    public static void release(AppConfig.Storage storage) {
        Runnable cleanup = CLEANUPS.remove(storage);
        if (cleanup != null) cleanup.run();
    }

    private static void sql(String url, String statement) {
        try (Connection connection = DriverManager.getConnection(url); Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + statement + "' on " + url, e);
        }
    }

    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
