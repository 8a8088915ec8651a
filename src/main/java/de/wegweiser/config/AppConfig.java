package de.wegweiser.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;

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
 *   <tr><td>{@code WEGWEISER_DB_POOL_SIZE}</td><td>10: database connections the node holds open</td></tr>
 *   <tr><td>{@code WEGWEISER_API_KEYS}</td><td>unset: the contact API is off</td></tr>
 *   <tr><td>{@code WEGWEISER_OPEN_RECOMMENDATIONS}</td><td>true: the stateless recommendation routes need no API key</td></tr>
 *   <tr><td>{@code WEGWEISER_LOG_FORMAT}</td><td>text; json writes one JSON object per line</td></tr>
 *   <tr><td>{@code WEGWEISER_SHUTDOWN_DELAY}</td><td>0 s: how long a stopping service keeps serving while not ready</td></tr>
 *   <tr><td>{@code WEGWEISER_SHUTDOWN_TIMEOUT}</td><td>20 s: how long it then waits for requests in flight</td></tr>
 *   <tr><td>{@code WEGWEISER_RATE_LIMIT}, {@code _BURST}</td><td>unset: no limit; requests per second per API key, and the burst</td></tr>
 *   <tr><td>{@code WEGWEISER_METRICS_PORT}, {@code _HOST}</td><td>unset: /metrics only on the main port with the admin token</td></tr>
 *   <tr><td>{@code WEGWEISER_CONSOLE_SESSION_MINUTES}</td><td>120: how long a console session lives without a request</td></tr>
 *   <tr><td>{@code WEGWEISER_TRACE_RETENTION_DAYS}</td><td>90: the traces of older answers are deleted</td></tr>
 * </table>
 * Any other variable that starts with {@code WEGWEISER_} stops the start (a typo would otherwise
 * be ignored silently), except {@code WEGWEISER_TEST_*}, which belongs to the test suite.
 *
 * @param adminToken          the bearer token of the admin API, or null when the admin API is off
 * @param watch               whether to watch the rules and catalog directories and reload on change
 * @param storage             where contacts and events are stored
 * @param apiKeys             the CMS's API keys; empty switches the contact API off
 * @param openRecommendations whether {@code POST /api/v1/recommendations} and {@code /api/v1/explain} need no API key
 * @param operations          logs, shutdown, rate limit and the metrics listener
 */
public record AppConfig(int port, String host, Path rulesDir, Path catalogDir, String adminToken, boolean watch,
                        Storage storage, List<String> apiKeys, boolean openRecommendations, Operations operations) {

    /** The variables the service reads; any other {@code WEGWEISER_} variable is a mistake. */
    public static final Set<String> VARIABLES = Set.of("WEGWEISER_PORT", "WEGWEISER_HOST", "WEGWEISER_RULES_DIR",
            "WEGWEISER_CATALOG_DIR", "WEGWEISER_ADMIN_TOKEN", "WEGWEISER_WATCH", "WEGWEISER_DATA_DIR", "WEGWEISER_JDBC_URL",
            "WEGWEISER_JDBC_USER", "WEGWEISER_JDBC_PASSWORD", "WEGWEISER_DB_POOL_SIZE", "WEGWEISER_API_KEYS", "WEGWEISER_OPEN_RECOMMENDATIONS",
            "WEGWEISER_LOG_FORMAT", "WEGWEISER_SHUTDOWN_DELAY", "WEGWEISER_SHUTDOWN_TIMEOUT", "WEGWEISER_RATE_LIMIT",
            "WEGWEISER_RATE_BURST", "WEGWEISER_METRICS_PORT", "WEGWEISER_METRICS_HOST", "WEGWEISER_CONSOLE_SESSION_MINUTES",
            "WEGWEISER_TRACE_RETENTION_DAYS");
    /** Variables of the test suite (a PostgreSQL URL for the storage tests); the service ignores them. */
    static final String TEST_PREFIX = "WEGWEISER_TEST_";

    /**
     * How the service runs among others.
     *
     * @param logFormat       "text" or "json"; read by logback.xml, checked here so a typo stops the start
     * @param shutdownDelay   after SIGTERM: how long the service still serves everything while readiness says 503,
     *                        so a load balancer takes it out of rotation first
     * @param shutdownTimeout then: how long it waits for requests in flight before it closes the database anyway
     * @param rateLimit       requests per second per API key, 0 for no limit
     * @param rateBurst       requests an API key may send at once (the bucket's size)
     * @param metricsPort     a second listener that serves only {@code /metrics}, without a token; -1 for none
     * @param metricsHost     the interface of that listener
     * @param consoleSession  how long a console session lives without a request
     * @param traceRetention  how long the trace of an answer (which rules put which item in it) is kept for clicks reported later
     */
    public record Operations(String logFormat, Duration shutdownDelay, Duration shutdownTimeout, double rateLimit, int rateBurst,
                             int metricsPort, String metricsHost, Duration consoleSession, Duration traceRetention) {

        public static final int MAX_TRACE_RETENTION_DAYS = 3650;

        public static Operations defaults() {
            return new Operations("text", Duration.ZERO, Duration.ofSeconds(20), 0, 0, -1, "127.0.0.1", Duration.ofMinutes(120),
                    Duration.ofDays(90));
        }

        public Operations withShutdown(Duration delay, Duration timeout) {
            return new Operations(logFormat, delay, timeout, rateLimit, rateBurst, metricsPort, metricsHost, consoleSession, traceRetention);
        }

        public Operations withRateLimit(double perSecond, int burst) {
            return new Operations(logFormat, shutdownDelay, shutdownTimeout, perSecond, burst, metricsPort, metricsHost, consoleSession,
                    traceRetention);
        }

        public Operations withMetricsPort(int port) {
            return new Operations(logFormat, shutdownDelay, shutdownTimeout, rateLimit, rateBurst, port, metricsHost, consoleSession,
                    traceRetention);
        }

        public Operations withConsoleSession(Duration idle) {
            return new Operations(logFormat, shutdownDelay, shutdownTimeout, rateLimit, rateBurst, metricsPort, metricsHost, idle, traceRetention);
        }

        public Operations withTraceRetention(Duration retention) {
            return new Operations(logFormat, shutdownDelay, shutdownTimeout, rateLimit, rateBurst, metricsPort, metricsHost, consoleSession,
                    retention);
        }
    }

    /** The settings before operations had their own: operations at their defaults. */
    public AppConfig(int port, String host, Path rulesDir, Path catalogDir, String adminToken, boolean watch,
                     Storage storage, List<String> apiKeys, boolean openRecommendations) {
        this(port, host, rulesDir, catalogDir, adminToken, watch, storage, apiKeys, openRecommendations, Operations.defaults());
    }

    public static final int DEFAULT_PORT = 7070;
    /** Keys and tokens guard personal data and rule changes: long enough not to be guessed. */
    static final int MIN_SECRET_LENGTH = 16;

    /**
     * Where contacts and events live.
     *
     * @param dataDir  directory of the embedded H2 database; unused with a JDBC URL
     * @param jdbcUrl  a PostgreSQL JDBC URL, or null for the embedded database
     * @param poolSize connections the node keeps open (a fixed pool): its share of PostgreSQL's {@code max_connections}
     */
    public record Storage(Path dataDir, String jdbcUrl, String user, String password, int poolSize) {

        /** See docs/operations.md, "Several nodes", for sizing it against PostgreSQL's max_connections. */
        public static final int DEFAULT_POOL_SIZE = de.wegweiser.storage.Database.DEFAULT_POOL_SIZE;
        static final int MAX_POOL_SIZE = 200;

        public Storage(Path dataDir, String jdbcUrl, String user, String password) {
            this(dataDir, jdbcUrl, user, password, DEFAULT_POOL_SIZE);
        }

        public Storage {
            if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
                throw new IllegalArgumentException("WEGWEISER_DB_POOL_SIZE must be a number from 1 to " + MAX_POOL_SIZE + "; got " + poolSize);
            }
            boolean postgres = jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
            if (jdbcUrl != null && (postgres ? !readable(jdbcUrl) : !jdbcUrl.startsWith("jdbc:h2:"))) {
                throw new IllegalArgumentException("WEGWEISER_JDBC_URL must be a PostgreSQL URL such as "
                        + "jdbc:postgresql://localhost:5432/wegweiser; got '" + jdbcUrl + "'");
            }
        }

        /** Whether the PostgreSQL driver can read the URL; quietly, since the message at start says it all. */
        private static boolean readable(String url) {
            java.util.logging.Logger driverLog = java.util.logging.Logger.getLogger("org.postgresql");
            java.util.logging.Level level = driverLog.getLevel();
            driverLog.setLevel(java.util.logging.Level.OFF);
            try {
                return org.postgresql.Driver.parseURL(url, null) != null;
            } finally {
                driverLog.setLevel(level);
            }
        }

        /** The embedded database in a directory. */
        public static Storage embedded(Path dataDir) { return new Storage(dataDir, null, null, null); }

        @Override
        public String toString() {
            return (jdbcUrl == null ? "H2 in " + dataDir : jdbcUrl.replaceAll("(?i)password=[^&;]*", "password=***")
                    + (user == null ? "" : " as " + user)) + ", pool " + poolSize;
        }
    }

    public AppConfig {
        apiKeys = List.copyOf(apiKeys);
        java.util.Objects.requireNonNull(operations, "operations");
        if (!openRecommendations && apiKeys.isEmpty()) {
            throw new IllegalArgumentException("WEGWEISER_OPEN_RECOMMENDATIONS=false needs WEGWEISER_API_KEYS: "
                    + "otherwise nobody could ask for recommendations");
        }
    }

    public static AppConfig defaults() {
        return new AppConfig(DEFAULT_PORT, "0.0.0.0", Path.of("rules"), Path.of("content-catalog"), null, true,
                Storage.embedded(Path.of("data")), List.of(), true);
    }

    /**
     * @throws IllegalArgumentException naming each wrong variable and what is allowed, one line each
     */
    public static AppConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>(unknownVariables(env));
        AppConfig d = defaults();
        Operations operations = operations(env, problems);
        int port = attempt(problems, () -> port("WEGWEISER_PORT", env.getOrDefault("WEGWEISER_PORT", String.valueOf(d.port()))), d.port());
        String adminToken = attempt(problems, () -> adminToken(env.get("WEGWEISER_ADMIN_TOKEN")), null);
        boolean watch = attempt(problems, () -> bool("WEGWEISER_WATCH", env.getOrDefault("WEGWEISER_WATCH", "true")), true);
        int poolSize = attempt(problems, () -> poolSize(env.get("WEGWEISER_DB_POOL_SIZE")), Storage.DEFAULT_POOL_SIZE);
        Storage storage = attempt(problems, () -> new Storage(Path.of(env.getOrDefault("WEGWEISER_DATA_DIR", d.storage().dataDir().toString())),
                blankToNull(env.get("WEGWEISER_JDBC_URL")), blankToNull(env.get("WEGWEISER_JDBC_USER")),
                blankToNull(env.get("WEGWEISER_JDBC_PASSWORD")), poolSize), d.storage());
        List<String> apiKeys = attempt(problems, () -> apiKeys(env.get("WEGWEISER_API_KEYS")), List.of());
        boolean open = attempt(problems, () -> bool("WEGWEISER_OPEN_RECOMMENDATIONS",
                env.getOrDefault("WEGWEISER_OPEN_RECOMMENDATIONS", "true")), true);
        String host = attempt(problems, () -> host("WEGWEISER_HOST", env.getOrDefault("WEGWEISER_HOST", d.host())), d.host());
        AppConfig config = attempt(problems, () -> new AppConfig(port, host,
                Path.of(env.getOrDefault("WEGWEISER_RULES_DIR", d.rulesDir().toString())),
                Path.of(env.getOrDefault("WEGWEISER_CATALOG_DIR", d.catalogDir().toString())),
                adminToken, watch, storage, apiKeys, open, operations), null);
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("\n", problems));
        return config;
    }

    /** Reads one setting; a wrong one is noted and the others are still read, so one start reports them all. */
    private static <T> T attempt(List<String> problems, java.util.function.Supplier<T> read, T otherwise) {
        try {
            return read.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return otherwise;
        }
    }

    private static Operations operations(Map<String, String> env, List<String> problems) {
        Operations d = Operations.defaults();
        String format = attempt(problems, () -> {
            String value = env.getOrDefault("WEGWEISER_LOG_FORMAT", d.logFormat()).strip().toLowerCase(Locale.ROOT);
            if (value.equals("text") || value.equals("json")) return value;
            throw new IllegalArgumentException("WEGWEISER_LOG_FORMAT must be text or json; got '" + env.get("WEGWEISER_LOG_FORMAT") + "'");
        }, d.logFormat());
        Duration delay = attempt(problems, () -> seconds("WEGWEISER_SHUTDOWN_DELAY", env.get("WEGWEISER_SHUTDOWN_DELAY"), d.shutdownDelay()),
                d.shutdownDelay());
        Duration timeout = attempt(problems, () -> seconds("WEGWEISER_SHUTDOWN_TIMEOUT", env.get("WEGWEISER_SHUTDOWN_TIMEOUT"),
                d.shutdownTimeout()), d.shutdownTimeout());
        double rate = attempt(problems, () -> number("WEGWEISER_RATE_LIMIT", env.get("WEGWEISER_RATE_LIMIT"), 0), 0.0);
        int burst = attempt(problems, () -> {
            int value = (int) number("WEGWEISER_RATE_BURST", env.get("WEGWEISER_RATE_BURST"), rate > 0 ? Math.max(1, Math.ceil(rate)) : 0);
            if (rate > 0 && value < 1) throw new IllegalArgumentException("WEGWEISER_RATE_BURST must be at least 1 when there is a rate limit");
            return value;
        }, 0);
        String metricsPort = env.get("WEGWEISER_METRICS_PORT");
        int metrics = attempt(problems, () -> metricsPort == null || metricsPort.isBlank() ? -1
                : port("WEGWEISER_METRICS_PORT", metricsPort), -1);
        String metricsHost = attempt(problems, () -> host("WEGWEISER_METRICS_HOST", env.getOrDefault("WEGWEISER_METRICS_HOST",
                d.metricsHost())), d.metricsHost());
        Duration session = attempt(problems, () -> {
            String text = env.get("WEGWEISER_CONSOLE_SESSION_MINUTES");
            if (text == null || text.isBlank()) return d.consoleSession();
            String value = text.strip();
            if (!value.matches("\\d{1,3}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 720) {
                throw new IllegalArgumentException("WEGWEISER_CONSOLE_SESSION_MINUTES must be a whole number of minutes from 1 to 720; got '"
                        + text + "'");
            }
            return Duration.ofMinutes(Integer.parseInt(value));
        }, d.consoleSession());
        Duration retention = attempt(problems, () -> {
            String text = env.get("WEGWEISER_TRACE_RETENTION_DAYS");
            if (text == null || text.isBlank()) return d.traceRetention();
            try {
                int days = Integer.parseInt(text.strip());
                if (days >= 1 && days <= Operations.MAX_TRACE_RETENTION_DAYS) return Duration.ofDays(days);
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("WEGWEISER_TRACE_RETENTION_DAYS must be a whole number of days from 1 to "
                    + Operations.MAX_TRACE_RETENTION_DAYS + " (default 90); got '" + text + "'");
        }, d.traceRetention());
        return new Operations(format, delay, timeout, rate, burst, metrics, metricsHost, session, retention);
    }

    /** Every WEGWEISER_ variable the service does not know, with the known one it most likely meant. */
    static List<String> unknownVariables(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith("WEGWEISER_") || name.startsWith(TEST_PREFIX) || VARIABLES.contains(name)) continue;
            LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
            String closest = VARIABLES.stream().min(Comparator.comparingInt((String known) -> distance.apply(known, name)
                    - (known.startsWith(name) ? 100 : 0)).thenComparing(Comparator.naturalOrder())).orElseThrow();
            boolean likely = distance.apply(closest, name) <= 3 || closest.startsWith(name) || name.startsWith(closest);
            problems.add(name + " is not a setting of Wegweiser" + (likely ? "; did you mean " + closest + "?" : "")
                    + " (the settings are listed in docs/operations.md)");
        }
        return problems;
    }

    public AppConfig withAdminToken(String token) {
        return new AppConfig(port, host, rulesDir, catalogDir, token, watch, storage, apiKeys, openRecommendations, operations);
    }

    public AppConfig withStorage(Storage other) {
        return new AppConfig(port, host, rulesDir, catalogDir, adminToken, watch, other, apiKeys, openRecommendations, operations);
    }

    public AppConfig withApiKeys(List<String> keys, boolean open) {
        return new AppConfig(port, host, rulesDir, catalogDir, adminToken, watch, storage, keys, open, operations);
    }

    public AppConfig withWatch(boolean on) {
        return new AppConfig(port, host, rulesDir, catalogDir, adminToken, on, storage, apiKeys, openRecommendations, operations);
    }

    public AppConfig withOperations(Operations other) {
        return new AppConfig(port, host, rulesDir, catalogDir, adminToken, watch, storage, apiKeys, openRecommendations, other);
    }

    /** Never prints the secrets. */
    @Override
    public String toString() {
        return "AppConfig[port=%d, host=%s, rulesDir=%s, catalogDir=%s, adminToken=%s, watch=%s, storage=%s, apiKeys=%d, openRecommendations=%s, %s]"
                .formatted(port, host, rulesDir, catalogDir, adminToken == null ? "unset" : "***", watch, storage, apiKeys.size(),
                        openRecommendations, operations);
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

    private static int poolSize(String text) {
        if (text == null || text.isBlank()) return Storage.DEFAULT_POOL_SIZE;
        try {
            int size = Integer.parseInt(text.strip());
            if (size >= 1 && size <= Storage.MAX_POOL_SIZE) return size;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("WEGWEISER_DB_POOL_SIZE must be a number from 1 to " + Storage.MAX_POOL_SIZE
                + " (connections per node); got '" + text + "'");
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

    private static int port(String name, String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from 0 to 65535 (0 = any free port); got '" + text + "'");
    }

    /** An address to listen on: an IP literal, or a name this machine resolves. */
    private static String host(String name, String text) {
        String host = text.strip();
        try {
            if (!host.isEmpty()) {
                java.net.InetAddress.getByName(host);
                return host;
            }
        } catch (java.net.UnknownHostException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be an address to listen on, such as 0.0.0.0 (all) or 127.0.0.1 (local only); got '"
                + text + "'");
    }

    private static double number(String name, String text, double otherwise) {
        if (text == null || text.isBlank()) return otherwise;
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && value <= 1_000_000) return value;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from 0 to 1000000 (0 = no limit); got '" + text + "'");
    }

    /** Seconds, as "20" or "20s", or an ISO-8601 duration such as PT1M. */
    private static Duration seconds(String name, String text, Duration otherwise) {
        if (text == null || text.isBlank()) return otherwise;
        String value = text.strip();
        try {
            Duration duration = value.toUpperCase(Locale.ROOT).startsWith("PT") ? Duration.parse(value)
                    : Duration.ofMillis(Math.round(Double.parseDouble(value.endsWith("s") ? value.substring(0, value.length() - 1) : value) * 1000));
            if (!duration.isNegative() && duration.compareTo(Duration.ofHours(1)) <= 0) return duration;
        } catch (RuntimeException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number of seconds from 0 to 3600 (such as 20 or 2.5); got '" + text + "'");
    }
}
