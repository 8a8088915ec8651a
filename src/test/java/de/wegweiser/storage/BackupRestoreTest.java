package de.wegweiser.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.ChildProcess;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backups docs/operations.md describes, made and restored as written there: an H2 database of
 * a stopped node with H2's Script tool, a PostgreSQL schema with pg_dump while the service writes.
 * The restored database must give the same contacts over the API.
 */
@Tag("slow") // runs pg_dump, pg_restore and H2's tools as programs, and starts the service four times
class BackupRestoreTest {

    private static final String[] TYPES = {"page-view", "pricing-view", "webinar-registration", "download", "form-submit"};
    private static final Instant FIRST_EVENT = TestApp.CLOCK.instant().minusSeconds(30 * 24 * 3600);

    @TempDir
    Path dir;

    @Test
    void an_h2_database_saved_with_h2s_script_tool_after_the_node_stopped_restores_to_the_same_contacts() throws Exception {
        Path data = dir.resolve("data");
        Map<String, JsonNode> before;
        try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withStorage(AppConfig.Storage.embedded(data)))) {
            writeContacts(app, 6);
            before = contacts(app, 6);
        } // the node stops: H2 allows one process per file

        Path backup = dir.resolve("wegweiser-backup.sql");
        String options = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        run(List.of(ChildProcess.java(), "-cp", System.getProperty("java.class.path"), "org.h2.tools.Script",
                "-url", "jdbc:h2:file:" + data.resolve("wegweiser").toAbsolutePath() + options, "-user", "", "-script", backup.toString()));
        Path restored = dir.resolve("restored");
        run(List.of(ChildProcess.java(), "-cp", System.getProperty("java.class.path"), "org.h2.tools.RunScript",
                "-url", "jdbc:h2:file:" + restored.resolve("wegweiser").toAbsolutePath() + options, "-user", "", "-script", backup.toString()));

        try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withStorage(AppConfig.Storage.embedded(restored)))) {
            assertEquals(before, contacts(app, 6));
        }
    }

    @Test
    void a_postgresql_dump_taken_while_the_service_writes_restores_every_event_acknowledged_before_it_and_the_same_contacts()
            throws Exception {
        String url = TestStorage.postgresUrl();
        assumeTrue(url != null, "no PostgreSQL for tests: set " + TestStorage.PG_URL_VARIABLE + " (.ci/run does)");
        Path bin = postgresTools();
        assumeTrue(bin != null, "pg_dump and pg_restore are not installed (Debian: postgresql-client-15)");
        AppConfig.Storage storage = TestStorage.fresh(TestStorage.Backend.POSTGRESQL);
        Properties pg = org.postgresql.Driver.parseURL(storage.jdbcUrl(), null);
        String schema = pg.getProperty("currentSchema");
        String restoredDb = "restore_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path dump = dir.resolve("wegweiser.dump");
        try {
            Map<String, JsonNode> before;
            List<String> acknowledgedBeforeDump;
            try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withStorage(storage))) {
                writeContacts(app, 6);
                assertEquals(201, app.contacts("PUT", "/api/v1/contacts/busy", "{\"role\": \"it\", \"language\": \"en\"}").status());
                ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService writer = Executors.newSingleThreadExecutor();
                Future<?> writing = writer.submit(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        String id = "busy-" + n;
                        TestApp.Response r = app.contacts("POST", "/api/v1/contacts/busy/events", "{\"events\": [" + event(id, "page-view", n, null) + "]}");
                        assertEquals(200, r.status(), r.text());
                        acknowledged.add(id);
                    }
                    return null;
                });
                while (acknowledged.size() < 20) Thread.sleep(10);
                // the backup, while the service writes: pg_dump reads one consistent snapshot
                acknowledgedBeforeDump = List.copyOf(acknowledged);
                run(pgCommand(bin.resolve("pg_dump"), pg, "-d", pg.getProperty("PGDBNAME"), "-n", schema, "-Fc", "-f", dump.toString()),
                        pg.getProperty("password"));
                int duringDump = acknowledged.size() - acknowledgedBeforeDump.size();
                stop.set(true);
                writing.get(60, TimeUnit.SECONDS);
                writer.shutdown();
                before = contacts(app, 6);
                System.out.printf("BackupRestoreTest: pg_dump while writing: %d events acknowledged before it started, %d while it ran%n",
                        acknowledgedBeforeDump.size(), duringDump);
            }

            sql(storage.jdbcUrl(), "CREATE DATABASE " + restoredDb);
            run(pgCommand(bin.resolve("pg_restore"), pg, "-d", restoredDb, dump.toString()), pg.getProperty("password"));
            String restoredUrl = "jdbc:postgresql://%s:%s/%s?currentSchema=%s".formatted(pg.getProperty("PGHOST"), pg.getProperty("PGPORT"),
                    restoredDb, schema);
            AppConfig.Storage restored = new AppConfig.Storage(null, restoredUrl, pg.getProperty("user"), pg.getProperty("password"));
            try (TestApp app = TestApp.start(TestApp.config(TestApp.RULES, TestApp.CATALOG).withStorage(restored))) {
                assertEquals(before, contacts(app, 6));
                StringBuilder again = new StringBuilder("{\"events\": [");
                for (int n = 0; n < acknowledgedBeforeDump.size(); n++) {
                    again.append(n == 0 ? "" : ", ").append(event("busy-" + n, "page-view", n, null));
                }
                TestApp.Response resent = app.contacts("POST", "/api/v1/contacts/busy/events", again.append("]}").toString());
                assertEquals(200, resent.status(), resent.text());
                assertEquals(0, resent.json().get("stored").asInt(), "an event acknowledged before the dump is missing: " + resent.text());
            }
        } finally {
            try {
                sql(storage.jdbcUrl(), "DROP DATABASE IF EXISTS " + restoredDb);
            } finally {
                TestStorage.release(storage);
            }
        }
    }

    /** Contacts c-0 ... with events of several kinds, some about catalog items. */
    private static void writeContacts(TestApp app, int count) throws Exception {
        JsonNode items = app.get("/api/v1/catalog?language=en").json().get("items");
        for (int c = 0; c < count; c++) {
            TestApp.Response put = app.contacts("PUT", "/api/v1/contacts/c-" + c,
                    "{\"role\": \"%s\", \"language\": \"en\", \"account\": \"acme\"}".formatted(c % 2 == 0 ? "it" : "finance"));
            assertEquals(201, put.status(), put.text());
            List<String> events = new ArrayList<>();
            for (int e = 0; e < 8; e++) {
                String type = TYPES[(c + e) % TYPES.length];
                String item = type.equals("download") ? items.get((c * 8 + e) % items.size()).get("id").asText() : null;
                events.add(event("c%d-e%d".formatted(c, e), type, c * 10 + e, item));
            }
            TestApp.Response stored = app.contacts("POST", "/api/v1/contacts/c-" + c + "/events", "{\"events\": [" + String.join(", ", events) + "]}");
            assertEquals(200, stored.status(), stored.text());
        }
    }

    private static Map<String, JsonNode> contacts(TestApp app, int count) throws Exception {
        Map<String, JsonNode> contacts = new LinkedHashMap<>();
        for (int c = 0; c < count; c++) {
            TestApp.Response response = app.contacts("GET", "/api/v1/contacts/c-" + c, null);
            assertEquals(200, response.status(), response.text());
            contacts.put("c-" + c, response.json());
        }
        return contacts;
    }

    private static String event(String id, String type, int minutes, String item) {
        return "{\"id\": \"%s\", \"type\": \"%s\", \"at\": \"%s\"%s}".formatted(id, type, FIRST_EVENT.plusSeconds(minutes * 60L),
                item == null ? "" : ", \"itemId\": \"" + item + "\"");
    }

    /** pg_dump and pg_restore of the server's major version: on PATH or in Debian's directory. */
    private static Path postgresTools() {
        for (String candidate : List.of(System.getenv().getOrDefault("PG_BIN", "/usr/lib/postgresql/15/bin"), "/usr/bin")) {
            Path bin = Path.of(candidate);
            if (Files.isExecutable(bin.resolve("pg_dump")) && Files.isExecutable(bin.resolve("pg_restore"))) return bin;
        }
        return null;
    }

    private static List<String> pgCommand(Path tool, Properties pg, String... args) {
        List<String> command = new ArrayList<>(List.of(tool.toString(), "-h", pg.getProperty("PGHOST"), "-p", pg.getProperty("PGPORT")));
        if (pg.getProperty("user") != null) command.addAll(List.of("-U", pg.getProperty("user")));
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command) throws Exception {
        run(command, null);
    }

    private static void run(List<String> command, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGCONNECT_TIMEOUT", "10");
        if (password != null) builder.environment().put("PGPASSWORD", password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + output);
    }

    private static void sql(String url, String statement) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
