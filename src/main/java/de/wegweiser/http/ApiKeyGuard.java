package de.wegweiser.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * The CMS's API keys. Contacts are personal data: without configured keys the contact API is off,
 * never open.
 */
final class ApiKeyGuard {

    static final String HEADER = "X-API-Key";

    private final List<byte[]> keyHashes;
    private final RateLimit rateLimit;
    private final ConsoleSessions sessions;

    ApiKeyGuard(List<String> keys, RateLimit rateLimit, ConsoleSessions sessions) {
        this.keyHashes = keys.stream().map(Secrets::sha256).toList();
        this.rateLimit = rateLimit;
        this.sessions = sessions;
    }

    /** Whether the text is one of the API keys (the console's login with marketer rights). */
    boolean accepts(String key) {
        return !keyHashes.isEmpty() && Secrets.matchesAny(Secrets.sha256(key), keyHashes);
    }

    /** Runs before every contact route. */
    void contacts(Context ctx) {
        if (keyHashes.isEmpty()) {
            throw new ApiException(404, "Contact API is off",
                    "the contact API is switched off; set WEGWEISER_API_KEYS to switch it on", List.of());
        }
        authenticate(ctx);
    }

    /**
     * Runs before the stateless recommendation routes when they are not open; then counts against the
     * key's rate limit. A console session (marketer or admin) reads what an API key reads.
     */
    void authenticate(Context ctx) {
        String key = ctx.header(HEADER);
        if (key == null) {
            var session = sessions.of(ctx);
            if (session.isPresent()) {
                ConsoleSessions.requireCsrf(ctx, session.get());
                rateLimit.take(ctx, "console session " + session.get().name());
                return;
            }
        }
        if (key == null || key.isBlank()) {
            ctx.header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            throw new ApiException(401, "Authentication required", "send your API key in the " + HEADER + " header", List.of());
        }
        if (!Secrets.matchesAny(Secrets.sha256(key.strip()), keyHashes)) {
            ctx.header("WWW-Authenticate", "ApiKey header=\"" + HEADER + "\"");
            throw new ApiException(401, "Authentication required", "the API key is not valid", List.of());
        }
        rateLimit.take(ctx, key.strip());
    }
}
