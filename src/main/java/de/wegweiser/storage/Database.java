package de.wegweiser.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and transactions, on an embedded H2 file (default) or on PostgreSQL. The
 * schema is migrated by Flyway at start, from the same SQL files for both.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * H2 speaks PostgreSQL's dialect where it can. WRITE_DELAY=0 writes every commit to the file
     * before the commit returns (the default, 500 ms, would lose acknowledged events on a kill -9);
     * the lock timeout lets a burst of events for one contact queue up instead of failing.
     * DB_CLOSE_ON_EXIT=FALSE: H2 would close the database in its own shutdown hook at SIGTERM, while
     * the service still finishes its requests; the service closes it itself, last.
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;LOCK_TIMEOUT=30000;DB_CLOSE_ON_EXIT=FALSE";
    static final String H2_FILE = "wegweiser";
    /** Concurrency conflicts worth a retry: unique key raced, serialization failure, deadlock, H2 lock timeout. */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01", "HYT00");
    private static final int ATTEMPTS = 3;

    private final HikariDataSource dataSource;
    private final String description;

    private Database(HikariDataSource dataSource, String description) {
        this.dataSource = dataSource;
        this.description = description;
    }

    /**
     * Opens the database and migrates the schema.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} (or {@code jdbc:h2:}) URL, or null for an H2 file in {@code dataDir}
     */
    public static Database open(Path dataDir, String jdbcUrl, String user, String password) {
        return open(dataDir, jdbcUrl, user, password, null);
    }

    /** Like {@link #open(Path, String, String, String)}, with the pool's metrics (hikaricp_*) in the given registry, if any. */
    public static Database open(Path dataDir, String jdbcUrl, String user, String password,
                                io.micrometer.core.instrument.MeterRegistry metrics) {
        String url;
        String description;
        if (jdbcUrl == null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
            }
            url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(H2_FILE) + H2_OPTIONS;
            description = "H2 in " + dataDir.toAbsolutePath();
        } else {
            url = jdbcUrl;
            description = jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        config.setPoolName("wegweiser-db");
        config.setMaximumPoolSize(10);
        if (metrics != null) config.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(metrics));
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StorageException("cannot open the database (" + description + "): " + rootMessage(e), e);
        }
        try {
            var result = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
            LOG.info("database {}: schema version {} ({} migrations applied now)", description,
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : "current", result.migrationsExecuted);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StorageException("cannot migrate the database schema (" + description + "): " + rootMessage(e), e);
        }
        return new Database(dataSource, description);
    }

    public String description() { return description; }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs the work in one transaction and commits; rolls back on any exception. A concurrency
     * conflict the database reports (two creations of one contact at once) is retried, so the work
     * must not have effects outside the database.
     */
    public <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException | StorageException e) {
                SQLException cause = e instanceof SQLException sql ? sql : e.getCause() instanceof SQLException sql ? sql : null;
                if (cause != null && attempt < ATTEMPTS && RETRYABLE.contains(cause.getSQLState())) {
                    LOG.debug("retrying a transaction after {}", cause.getMessage());
                    continue;
                }
                if (e instanceof StorageException storage) throw storage;
                throw new StorageException("database error: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether the database answers within the wait. Readiness asks, and must not hang for the pool's
     * 30 s connection timeout when all connections are busy or the database is gone.
     */
    public boolean isUp(java.time.Duration wait) {
        if (dataSource.isClosed()) return false;
        var check = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid((int) Math.max(1, wait.toSeconds()));
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        });
        try {
            return check.get(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
