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
import java.util.concurrent.TimeUnit;
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
     * H2 speaks PostgreSQL's dialect where it can; the lock timeout lets a burst of events for one
     * contact queue up instead of failing. The rest keeps the file small under continuous writes
     * (measured in docs/benchmarks.md, "Event storage"):
     * <ul>
     *   <li>{@code WRITE_DELAY} above 0 runs H2's background thread, the only place where H2 compacts
     *       a file while it is open: it rewrites sparse chunks and moves chunks into gaps. With
     *       {@code WRITE_DELAY=0} nothing was compacted until close, and the file was 200-275 times
     *       its compacted size after 20,000-60,000 events. H2 then writes a commit only later, so
     *       {@link GroupCommit} writes it before a write transaction returns: an acknowledged event
     *       is in the file.
     *   <li>{@code RETENTION_TIME=0} reuses a chunk's space as soon as nothing in it is live,
     *       instead of 45 s later: at 1,000 events a second, those 45 s were more than a gigabyte
     *       of file (2 s were still 16-28x the compacted size). The 45 s guard against a power
     *       failure while the operating system has not yet written older chunks to disk; H2 does
     *       not survive a power failure without loss anyway (it never forces its file to disk).
     *   <li>{@code QUERY_CACHE_SIZE}: an event's transaction runs more distinct statements than the
     *       default 8, so every statement was parsed again.
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2 would close the database in its own shutdown hook at
     *       SIGTERM, while the service still finishes its requests; the service closes it itself, last.
     * </ul>
     * With a background thread, H2 2.3 writes each chunk on threads of its own after its store lock
     * is released; a store operation meanwhile drops dead chunks from its chunk table before it frees
     * their space, and an assertion on the writing thread compared the two (H2 issue #4048). With
     * assertions on, as in tests, that stopped the store ({@code AssertionError 8351744 != 6610944}
     * during a group flush in CI); without, nothing was wrong. H2 2.5 checks it only under the store
     * lock (H2 PR #4301), but with 2.5.252 DurabilityTest lost an acknowledged event in 3 of 6 kill -9
     * rounds (2.3.232: 0 of 4), so the pom stays on 2.3.232 and tests run with H2's assertions off.
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=30000"
            + ";WRITE_DELAY=300;RETENTION_TIME=0;QUERY_CACHE_SIZE=64;DB_CLOSE_ON_EXIT=FALSE";
    /** How long a committed transaction waits, at most, for others to commit and share its write. */
    static final long GROUP_COMMIT_MAX_WAIT_MICROS = 5_000;
    static final String H2_FILE = "wegweiser";
    /** Concurrency conflicts worth a retry: unique key raced, serialization failure, deadlock, H2 lock timeout. */
    private static final Set<String> RETRYABLE = Set.of("23505", "40001", "40P01", "HYT00");
    private static final int ATTEMPTS = 3;
    /** Connections per node unless configured: enough for the request threads that write at once on 2-4 cores. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private final HikariDataSource dataSource;
    private final String description;
    /** For an H2 file, whose commits reach the file only with a flush; null for PostgreSQL, whose commit is durable. */
    private final GroupCommit groupCommit;

    private Database(HikariDataSource dataSource, String description, H2File h2File) {
        this.dataSource = dataSource;
        this.description = description;
        this.groupCommit = h2File == null ? null : new GroupCommit(h2File::flush, GROUP_COMMIT_MAX_WAIT_MICROS, TimeUnit.MICROSECONDS);
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
        return open(dataDir, jdbcUrl, user, password, DEFAULT_POOL_SIZE, metrics);
    }

    /**
     * Like {@link #open(Path, String, String, String, io.micrometer.core.instrument.MeterRegistry)} with
     * a pool of the given size. The pool is fixed (Hikari's minimum idle defaults to its maximum), so a
     * node holds {@code poolSize} connections of PostgreSQL's {@code max_connections} all the time.
     */
    public static Database open(Path dataDir, String jdbcUrl, String user, String password, int poolSize,
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
        config.setMaximumPoolSize(poolSize);
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
        try {
            return new Database(dataSource, description, url.startsWith("jdbc:h2:") ? H2File.of(dataSource) : null);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
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
     * Runs the work in one transaction and commits; rolls back on any exception. Returns once the
     * commit is durable: on PostgreSQL the commit is, on H2 a group flush writes it to the file. A
     * concurrency conflict the database reports (two creations of one contact at once) is retried,
     * so the work must not have effects outside the database.
     */
    public <T> T transaction(Work<T> work) {
        return run(work, true);
    }

    /**
     * Runs work that only reads, without waiting for a flush. On H2 it may see another transaction
     * that committed and is not yet in the file; that one returns to its caller only once it is.
     */
    public <T> T read(Work<T> work) {
        return run(work, false);
    }

    private <T> T run(Work<T> work, boolean writes) {
        GroupCommit group = writes ? groupCommit : null;
        for (int attempt = 1; ; attempt++) {
            long ticket = 0;
            T result;
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                if (group != null) group.begin();
                try {
                    result = work.run(connection);
                    connection.commit();
                } catch (SQLException | RuntimeException | Error e) {
                    try {
                        connection.rollback();
                    } finally {
                        if (group != null) group.rolledBack();
                    }
                    throw e;
                }
                if (group != null) ticket = group.committed();
            } catch (SQLException | StorageException e) {
                SQLException cause = e instanceof SQLException sql ? sql : e.getCause() instanceof SQLException sql ? sql : null;
                if (cause != null && attempt < ATTEMPTS && RETRYABLE.contains(cause.getSQLState())) {
                    LOG.debug("retrying a transaction after {}", cause.getMessage());
                    continue;
                }
                if (e instanceof StorageException storage) throw storage;
                throw new StorageException("database error: " + e.getMessage(), e);
            }
            // the connection is back in the pool: waiting for the flush holds nothing another transaction needs
            if (group != null) group.awaitDurable(ticket);
            return result;
        }
    }

    /** Flushes so far (H2), for measurements: commits per flush is the group size. */
    public long flushes() {
        return groupCommit == null ? 0 : groupCommit.flushes();
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
