package de.wegweiser.config;

import java.nio.file.Path;
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
 * </table>
 *
 * @param adminToken the bearer token of the admin API, or null when the admin API is off
 * @param watch      whether to watch the rules and catalog directories and reload on change
 */
public record AppConfig(int port, String host, Path rulesDir, Path catalogDir, String adminToken, boolean watch) {

    public static final int DEFAULT_PORT = 7070;

    public static AppConfig defaults() {
        return new AppConfig(DEFAULT_PORT, "0.0.0.0", Path.of("rules"), Path.of("content-catalog"), null, true);
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
                bool("WEGWEISER_WATCH", env.getOrDefault("WEGWEISER_WATCH", "true")));
    }

    public AppConfig withAdminToken(String token) { return new AppConfig(port, host, rulesDir, catalogDir, token, watch); }

    private static String adminToken(String token) {
        if (token == null || token.isBlank()) return null;
        if (token.strip().length() < 16) {
            throw new IllegalArgumentException("WEGWEISER_ADMIN_TOKEN must be at least 16 characters long (it guards rule reloads)");
        }
        return token.strip();
    }

    private static boolean bool(String name, String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
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
