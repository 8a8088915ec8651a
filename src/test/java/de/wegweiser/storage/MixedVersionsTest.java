package de.wegweiser.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import de.wegweiser.config.AppConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * During a rolling upgrade the first new node migrates the shared schema; a node of the older release
 * that starts (or restarts) afterwards must still start: Flyway ignores migrations it does not know.
 */
@ParameterizedClass
@MethodSource("backends")
class MixedVersionsTest {

    @Parameter
    TestStorage.Backend backend;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @Test
    void a_node_of_an_older_release_starts_on_a_schema_a_newer_release_has_migrated_further() throws Exception {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        try {
            String current;
            try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null)) {
                current = database.read(c -> latest(c));
                // what a newer release would leave behind: one more applied migration (numbered far above every migration this release has)
                database.transaction(c -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE future_feature (id VARCHAR(10) PRIMARY KEY)");
                        s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                                + "installed_by, installed_on, execution_time, success) VALUES (1000, '9999', 'future feature', 'SQL', "
                                + "'V9999__future_feature.sql', 0, 'newer release', CURRENT_TIMESTAMP, 1, TRUE)");
                    }
                    return null;
                });
            }
            try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null)) {
                assertEquals("9999", database.read(c -> latest(c)), "the newer migration stays recorded");
                assertEquals(true, database.isUp(java.time.Duration.ofSeconds(2)));
            }
            System.out.printf("MixedVersionsTest (%s): a node that knows migrations up to %s started on a schema at 9999%n", backend, current);
        } finally {
            TestStorage.release(storage);
        }
    }

    private static String latest(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank DESC")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
