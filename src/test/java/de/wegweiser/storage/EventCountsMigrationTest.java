package de.wegweiser.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.wegweiser.config.AppConfig;
import de.wegweiser.domain.EventType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** V110 moves the event counts into the contact's row: a database written by V1 keeps its counts. */
@ParameterizedClass
@MethodSource("backends")
class EventCountsMigrationTest {

    @Parameter
    TestStorage.Backend backend;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @Test
    void counts_stored_by_version_1_are_in_the_contact_row_after_the_migration_and_the_old_table_is_gone() throws Exception {
        AppConfig.Storage storage = TestStorage.fresh(backend);
        String url = storage.jdbcUrl() != null ? storage.jdbcUrl()
                : "jdbc:h2:file:" + storage.dataDir().toAbsolutePath().resolve(Database.H2_FILE) + Database.H2_OPTIONS;
        try {
            Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("1").load().migrate();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                for (String id : new String[] {"counted", "new"}) {
                    s.execute("INSERT INTO contact (id, role, concerns, topics, language, existing_customer, phase, score, events, "
                            + "phase_engagements, created_at, updated_at) VALUES ('" + id + "', 'it', '', '', 'en', FALSE, "
                            + "'awareness', 0, 5, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
                }
                s.execute("INSERT INTO contact_event_count (contact_id, type, times) VALUES ('counted', 'PRICING_VIEW', 2), "
                        + "('counted', 'PAGE_VIEW', 3)");
            }

            try (Database database = Database.open(storage.dataDir(), storage.jdbcUrl(), null, null)) {
                ContactStore store = new ContactStore(database);
                assertEquals(Map.of(EventType.PAGE_VIEW, 3L, EventType.PRICING_VIEW, 2L),
                        store.transaction(tx -> tx.lockContactWithCounts("counted").orElseThrow().eventCounts()));
                assertEquals(Map.of(), store.transaction(tx -> tx.lockContactWithCounts("new").orElseThrow().eventCounts()));
                assertThrows(StorageException.class, () -> database.read(c -> {
                    try (Statement s = c.createStatement()) {
                        return s.executeQuery("SELECT COUNT(*) FROM contact_event_count").next();
                    }
                }));
            }
        } finally {
            TestStorage.release(storage);
        }
    }
}
