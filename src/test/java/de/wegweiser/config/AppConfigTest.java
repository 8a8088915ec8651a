package de.wegweiser.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

    private static final String KEY_A = "cms-key-aaaaaaaaaaaaaaaa";
    private static final String KEY_B = "cms-key-bbbbbbbbbbbbbbbb";

    @Test
    void without_variables_contacts_go_to_an_embedded_database_in_data_and_the_contact_api_is_off() {
        AppConfig config = AppConfig.fromEnvironment(Map.of());
        assertEquals(Path.of("data"), config.storage().dataDir());
        assertNull(config.storage().jdbcUrl());
        assertEquals(List.of(), config.apiKeys());
        assertTrue(config.openRecommendations());
    }

    @Test
    void api_keys_are_a_comma_separated_list_of_long_keys() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("WEGWEISER_API_KEYS", " " + KEY_A + ", " + KEY_B + ",,"));
        assertEquals(List.of(KEY_A, KEY_B), config.apiKeys());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_API_KEYS", KEY_A + ",short")));
        assertTrue(e.getMessage().startsWith("WEGWEISER_API_KEYS"), e.getMessage());
    }

    @Test
    void closing_the_recommendation_routes_needs_api_keys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_OPEN_RECOMMENDATIONS", "false")));
        assertTrue(e.getMessage().contains("WEGWEISER_API_KEYS"), e.getMessage());
        assertFalse(AppConfig.fromEnvironment(Map.of("WEGWEISER_OPEN_RECOMMENDATIONS", "no", "WEGWEISER_API_KEYS", KEY_A))
                .openRecommendations());
        assertThrows(IllegalArgumentException.class, () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_OPEN_RECOMMENDATIONS", "maybe")));
    }

    @Test
    void a_jdbc_url_selects_postgresql_and_other_databases_are_refused() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("WEGWEISER_JDBC_URL", "jdbc:postgresql://db:5432/wegweiser",
                "WEGWEISER_JDBC_USER", "wegweiser", "WEGWEISER_JDBC_PASSWORD", "secret", "WEGWEISER_DATA_DIR", "/var/lib/wegweiser"));
        assertEquals("jdbc:postgresql://db:5432/wegweiser", config.storage().jdbcUrl());
        assertEquals("wegweiser", config.storage().user());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_JDBC_URL", "jdbc:mysql://db/wegweiser")));
        assertTrue(e.getMessage().contains("WEGWEISER_JDBC_URL"), e.getMessage());
    }

    @Test
    void the_database_pool_size_is_a_number_of_connections_per_node_with_10_by_default() {
        assertEquals(10, AppConfig.fromEnvironment(Map.of()).storage().poolSize());
        assertEquals(4, AppConfig.fromEnvironment(Map.of("WEGWEISER_DB_POOL_SIZE", " 4 ")).storage().poolSize());
        for (String wrong : List.of("0", "201", "ten", "2.5")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_DB_POOL_SIZE", wrong)));
            assertEquals("WEGWEISER_DB_POOL_SIZE must be a number from 1 to 200 (connections per node); got '" + wrong + "'",
                    e.getMessage());
        }
    }

    @Test
    void the_systemd_environment_template_names_only_settings_the_service_knows_and_starts_as_it_is() throws Exception {
        Map<String, String> env = new java.util.HashMap<>();
        List<String> commentedOut = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(Path.of("ops", "systemd", "wegweiser.env"))) {
            java.util.regex.Matcher setting = java.util.regex.Pattern.compile("^(#?)(WEGWEISER_[A-Z_]+)=(.*)$").matcher(line);
            if (!setting.matches()) continue;
            if (setting.group(1).isEmpty()) env.put(setting.group(2), setting.group(3));
            else commentedOut.add(setting.group(2));
        }
        assertTrue(env.size() > 10, env.toString());
        for (String name : commentedOut) assertTrue(AppConfig.VARIABLES.contains(name), name + " is not a setting");
        AppConfig config = AppConfig.fromEnvironment(env);
        assertEquals(Path.of("/var/lib/wegweiser"), config.storage().dataDir());
        assertEquals(9464, config.operations().metricsPort());
    }

    @Test
    void the_printed_configuration_shows_no_secret() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("WEGWEISER_API_KEYS", KEY_A, "WEGWEISER_ADMIN_TOKEN", KEY_B,
                "WEGWEISER_JDBC_URL", "jdbc:postgresql://db/w?password=hunter2", "WEGWEISER_JDBC_PASSWORD", "hunter2"));
        String text = config.toString();
        assertFalse(text.contains(KEY_A) || text.contains(KEY_B) || text.contains("hunter2"), text);
        assertTrue(text.contains("apiKeys=1"), text);
    }

    @Test
    void an_unknown_wegweiser_variable_stops_the_start_and_names_the_setting_it_most_likely_meant() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_PROT", "8080", "WEGWEISER_RULES_DIR", "rules")));
        assertEquals("WEGWEISER_PROT is not a setting of Wegweiser; did you mean WEGWEISER_PORT? "
                + "(the settings are listed in docs/operations.md)", e.getMessage());
        assertEquals(8080, AppConfig.fromEnvironment(Map.of("WEGWEISER_PORT", "8080", "WEGWEISER_TEST_PG_URL", "jdbc:postgresql://x/y",
                "OTHER_SERVICE_PORT", "1")).port(), "the test suite's variables and other programs' are no concern of the service");
    }

    @Test
    void every_wrong_setting_is_named_in_one_message_one_line_each() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppConfig.fromEnvironment(Map.of(
                "WEGWEISER_PORT", "70000", "WEGWEISER_ADMIN_TOKEN", "short", "WEGWEISER_LOG_FORMAT", "xml",
                "WEGWEISER_SHUTDOWN_TIMEOUT", "soon", "WEGWEISER_WATHC", "true")));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(5, lines.size(), e.getMessage());
        assertTrue(lines.get(0).startsWith("WEGWEISER_WATHC is not a setting of Wegweiser; did you mean WEGWEISER_WATCH?"), lines.get(0));
        assertTrue(lines.get(1).startsWith("WEGWEISER_LOG_FORMAT must be text or json; got 'xml'"), lines.get(1));
        assertTrue(lines.get(2).startsWith("WEGWEISER_SHUTDOWN_TIMEOUT must be a number of seconds"), lines.get(2));
        assertTrue(lines.get(3).startsWith("WEGWEISER_PORT must be a number from 0 to 65535"), lines.get(3));
        assertTrue(lines.get(4).startsWith("WEGWEISER_ADMIN_TOKEN must be at least 16 characters"), lines.get(4));
    }

    @Test
    void a_listen_address_that_is_no_address_is_refused_at_start() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_HOST", "no such host.invalid")));
        assertTrue(e.getMessage().startsWith("WEGWEISER_HOST must be an address to listen on"), e.getMessage());
        assertEquals("127.0.0.1", AppConfig.fromEnvironment(Map.of("WEGWEISER_HOST", " 127.0.0.1 ")).host());
    }

    @Test
    void a_postgresql_url_that_the_driver_cannot_read_is_refused_at_start() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_JDBC_URL", "jdbc:postgresql://db:port/wegweiser")));
        assertTrue(e.getMessage().startsWith("WEGWEISER_JDBC_URL must be a PostgreSQL URL"), e.getMessage());
    }

    @Test
    void operations_settings_have_defaults_and_take_seconds_and_rates() {
        AppConfig.Operations defaults = AppConfig.fromEnvironment(Map.of()).operations();
        assertEquals(AppConfig.Operations.defaults(), defaults);
        assertEquals(java.time.Duration.ofSeconds(20), defaults.shutdownTimeout());
        assertEquals(0, defaults.rateLimit(), "no rate limit unless configured");
        AppConfig.Operations set = AppConfig.fromEnvironment(Map.of("WEGWEISER_SHUTDOWN_DELAY", "2.5", "WEGWEISER_SHUTDOWN_TIMEOUT", "30s",
                "WEGWEISER_RATE_LIMIT", "50", "WEGWEISER_LOG_FORMAT", "JSON", "WEGWEISER_METRICS_PORT", "9100")).operations();
        assertEquals(java.time.Duration.ofMillis(2500), set.shutdownDelay());
        assertEquals(java.time.Duration.ofSeconds(30), set.shutdownTimeout());
        assertEquals(50, set.rateLimit());
        assertEquals(50, set.rateBurst(), "the burst defaults to one second's worth");
        assertEquals("json", set.logFormat());
        assertEquals(9100, set.metricsPort());
        assertEquals("127.0.0.1", set.metricsHost(), "the metrics listener is local unless told otherwise");
    }

    @Test
    void traces_are_kept_90_days_unless_configured_and_a_retention_that_is_no_number_of_days_stops_the_start() {
        assertEquals(java.time.Duration.ofDays(90), AppConfig.fromEnvironment(Map.of()).operations().traceRetention());
        assertEquals(java.time.Duration.ofDays(30),
                AppConfig.fromEnvironment(Map.of("WEGWEISER_TRACE_RETENTION_DAYS", "30")).operations().traceRetention());
        for (String wrong : new String[] {"0", "-1", "90d", "3651"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AppConfig.fromEnvironment(Map.of("WEGWEISER_TRACE_RETENTION_DAYS", wrong)));
            assertTrue(e.getMessage().startsWith("WEGWEISER_TRACE_RETENTION_DAYS must be a whole number of days from 1 to 3650"), e.getMessage());
        }
    }
}
