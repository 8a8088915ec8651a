package de.wegweiser.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/**
 * The file of an embedded H2 database: writes what was committed. Reaches H2's store through H2's
 * internal API (the version is pinned; {@code DurabilityTest} fails if a flush stops reaching the file).
 */
final class H2File {

    private final MVStore store;

    private H2File(MVStore store) {
        this.store = store;
    }

    /** The file of the embedded H2 database behind the data source; null for an in-memory or remote database. */
    static H2File of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            if (!(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) return null;
            if (!session.getDatabase().isPersistent()) return null;
            return new H2File(session.getDatabase().getStore().getMvStore());
        } catch (SQLException e) {
            throw new StorageException("cannot reach H2's file: " + e.getMessage(), e);
        }
    }

    /**
     * Writes everything committed so far to the file, and returns when it is written (to the
     * operating system: it survives the process, not necessarily a power failure). H2's SQL
     * {@code CHECKPOINT} is not enough: when H2's background thread has just begun to write a
     * version, {@code CHECKPOINT} finds nothing new and returns while H2's writer threads are still
     * writing it. Waiting for them closes that gap.
     */
    void flush() {
        store.commit();
        store.executeFilestoreOperation(() -> {}); // runs once H2's writer threads have written what they were given
    }
}
