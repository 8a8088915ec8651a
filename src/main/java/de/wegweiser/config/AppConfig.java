package de.wegweiser.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service's settings, read from environment variables with defaults.
 *
 * <table>
 *   <tr><td>{@code WEGWEISER_PORT}</td><td>7070</td></tr>
 *   <tr><td>{@code WEGWEISER_HOST}</td><td>0.0.0.0 (all interfaces)</td></tr>
 *   <tr><td>{@code WEGWEISER_RULES_DIR}</td><td>rules</td></tr>
 *   <tr><td>{@code WEGWEISER_CATALOG_DIR}</td><td>content-catalog</td></tr>
 *   <tr><td>{@code WEGWEISER_ADMIN_TOKEN}</td><td>unset: the admin API is off</td></tr>
 *   <tr><td>{@code WEGWEISER_WATCH}</td><td>true: reload when rule or catalog files change</td></tr>
 *   <tr><td>{@code WEGWEISER_DATA_DIR}</td><td>data: the embedded database's directory</td></tr>
 *   <tr><td>{@code WEGWEISER_JDBC_URL}, {@code _USER}, {@code _PASSWORD}</td><td>unset: embedded H2; set: PostgreSQL</td></tr>
 *   <tr><td>{@code WEGWEISER_API_KEYS}</td><td>unset: the contact API is off</td></tr>
 *   <tr><td>{@code WEGWEISER_OPEN_RECOMMENDATIONS}</td><td>true: the stateless recommendation routes need no API key</td></tr>
 * </table>
 *
 * @param adminToken          the bearer token of the admin API, or null when the admin API is off
 * @param watch               whether to watch the rules and catalog directories and reload on change
 * @param storage             where contacts and events are stored
 * @param apiKeys             the CMS's API keys; empty switches the contact API off
 * @param openRecommendations whether {@code POST /api/v1/recommendations} and {@code /api/v1/explain} need no API key
 */
public record AppConfig(int port, String host, Path rulesDir, Path catalogDir, String adminToken, boolean watch,
                        Storage storage, List<String> apiKeys, boolean openRecommendations) {

    public static final int DEFAULT_PORT = 7070;
    /** Keys and tokens guard personal data and rule changes: long enough not to be guessed. */
    static final int MIN_SECRET_LENGTH = 16;

    /**
     * Where contacts and events live.
     *
     * @param dataDir directory of the embedded H2 database; unused with a JDBC URL
     * @param jdbcUrl a PostgreSQL JDBC URL, or null for the embedded database
     */
    public record Storage(Path dataDir, String jdbcUrl, String user, String password) {

        public Storage {
            if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:") && !jdbcUrl.startsWith("jdbc:h2:")) {
                throw new IllegalArgumentException("WEGWEISER_JDBC_URL must be a PostgreSQL URL such as "
                        + "jdbc:postgresql://localhost:5432/wegweiser; got '" + jdbcUrl + "'");
            }
        }

        /** The embedded database in a directory. */
        public static Storage embedded(Path dataDir) { return new Storage(dataDir, null, null, null); }

        @Override
        public String toString() {
            return jdbcUrl == null ? "H2 in " + dataDir : jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***")
                    + (user == null ? "" : " as " + user);
        }
    }

    public AppConfig {
        apiKeys = List.copyOf(apiKeys);
        if (!openRecommendations && apiKeys.isEmpty()) {
            throw new IllegalArgumentException("WEGWEISER_OPEN_RECOMMENDATIONS=false needs WEGWEISER_API_KEYS: "
                    + "otherwise nobody could ask for recommendations");
        }
    }

    public static AppConfig defaults() {
        return new AppConfig(DEFAULT_PORT, "0.0.0.0", Path.of("rules"), Path.of("content-catalog"), null, true,
                Storage.embedded(Path.of("data")), List.of(), true);
    }

    /** @throws IllegalArgumentException naming the variable and what is allowed */
    public static AppConfig fromEnvironment(Map<String, String> env) {
        AppConfig d = defaults();
        return new AppConfig(
                port(env.getOrDefault("WEGWEISER_PORT", String.valueOf(d.port()))),
                env.getOrDefault("WEGWEISER_HOST", d.host()),
                Path.of(env.getOrDefault("WEGWEISER_RULES_DIR", d.rulesDir().toString())),
                Path.of(env.getOrDefault("WEGWEISER_CATALOG_DIR", d.catalogDir().toString())),
                adminToken(env.get("WEGWEISER_ADMIN_TOKEN")),
                bool("WEGWEISER_WATCH", env.getOrDefault("WEGWEISER_WATCH", "true")),
                new Storage(Path.of(env.getOrDefault("WEGWEISER_DATA_DIR", d.storage().dataDir().toString())),
                        blankToNull(env.get("WEGWEISER_JDBC_URL")), blankToNull(env.get("WEGWEISER_JDBC_USER")),
                        blankToNull(env.get("WEGWEISER_JDBC_PASSWORD"))),
                apiKeys(env.get("WEGWEISER_API_KEYS")),
                bool("WEGWEISER_OPEN_RECOMMENDATIONS", env.getOrDefault("WEGWEISER_OPEN_RECOMMENDATIONS", "true")));
    }

    public AppConfig withAdminToken(String token) {
        return new AppConfig(port, host, rulesDir, catalogDir, token, watch, storage, apiKeys, openRecommendations);
    }

    public AppConfig withStorage(Storage other) {
        return new AppConfig(port, host, rulesDir, catalogDir, adminToken, watch, other, apiKeys, openRecommendations);
    }

    public AppConfig withApiKeys(List<String> keys, boolean open) {
        return new AppConfig(port, host, rulesDir, catalogDir, adminToken, watch, storage, keys, open);
    }

    public AppConfig withWatch(boolean on) {
        return new AppConfig(port, host, rulesDir, catalogDir, adminToken, on, storage, apiKeys, openRecommendations);
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "AppConfig[port=%d, host=%s, rulesDir=%s, catalogDir=%s, adminToken=%s, watch=%s, storage=%s, apiKeys=%d, openRecommendations=%s]"
                .formatted(port, host, rulesDir, catalogDir, adminToken == null ? "unset" : "***", watch, storage, apiKeys.size(),
                        openRecommendations);
    }

    private static String adminToken(String token) {
        if (token == null || token.isBlank()) return null;
        if (token.strip().length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("WEGWEISER_ADMIN_TOKEN must be at least 16 characters long (it guards rule reloads)");
        }
        return token.strip();
    }

    private static List<String> apiKeys(String text) {
        if (text == null || text.isBlank()) return List.of();
        List<String> keys = Arrays.stream(text.split(",")).map(String::strip).filter(k -> !k.isEmpty()).distinct().toList();
        if (keys.stream().anyMatch(k -> k.length() < MIN_SECRET_LENGTH)) {
            throw new IllegalArgumentException("WEGWEISER_API_KEYS: every key must be at least 16 characters long (they guard personal data)");
        }
        return keys;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static boolean bool(String name, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false; got '" + text + "'");
        };
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("WEGWEISER_PORT must be a number from 0 to 65535 (0 = any free port); got '" + text + "'");
    }
}
