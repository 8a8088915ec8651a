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

    ApiKeyGuard(List<String> keys, RateLimit rateLimit) {
        this.keyHashes = keys.stream().map(Secrets::sha256).toList();
        this.rateLimit = rateLimit;
    }

    /** Runs before every contact route. */
    void contacts(Context ctx) {
        if (keyHashes.isEmpty()) {
            throw new ApiException(404, "Contact API is off",
                    "the contact API is switched off; set WEGWEISER_API_KEYS to switch it on", List.of());
        }
        authenticate(ctx);
    }

    /** Runs before the stateless recommendation routes when they are not open; then counts against the key's rate limit. */
    void authenticate(Context ctx) {
        String key = ctx.header(HEADER);
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
