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
 * </table>
 */
public record AppConfig(int port, String host, Path rulesDir, Path catalogDir) {

    public static final int DEFAULT_PORT = 7070;

    public static AppConfig defaults() {
        return new AppConfig(DEFAULT_PORT, "0.0.0.0", Path.of("rules"), Path.of("content-catalog"));
    }

    /** @throws IllegalArgumentException naming the variable and what is allowed */
    public static AppConfig fromEnvironment(Map<String, String> env) {
        AppConfig d = defaults();
        return new AppConfig(
                port(env.getOrDefault("WEGWEISER_PORT", String.valueOf(d.port()))),
                env.getOrDefault("WEGWEISER_HOST", d.host()),
                Path.of(env.getOrDefault("WEGWEISER_RULES_DIR", d.rulesDir().toString())),
                Path.of(env.getOrDefault("WEGWEISER_CATALOG_DIR", d.catalogDir().toString())));
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
