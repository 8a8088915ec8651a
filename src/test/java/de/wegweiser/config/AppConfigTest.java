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
    void the_printed_configuration_shows_no_secret() {
        AppConfig config = AppConfig.fromEnvironment(Map.of("WEGWEISER_API_KEYS", KEY_A, "WEGWEISER_ADMIN_TOKEN", KEY_B,
                "WEGWEISER_JDBC_URL", "jdbc:postgresql://db/w?password=hunter2", "WEGWEISER_JDBC_PASSWORD", "hunter2"));
        String text = config.toString();
        assertFalse(text.contains(KEY_A) || text.contains(KEY_B) || text.contains("hunter2"), text);
        assertTrue(text.contains("apiKeys=1"), text);
    }
}
