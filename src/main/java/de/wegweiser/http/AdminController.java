package de.wegweiser.http;

import de.wegweiser.reload.Reloader;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.util.List;

/**
 * The admin API: what is live, and reloading rules and catalog. Rules are code, so every admin
 * call needs the admin token; without a configured token the admin API is off.
 */
final class AdminController {

    private final Reloader reloader;
    private final byte[] tokenHash;

    /** @param token the configured admin token, or null to switch the admin API off */
    AdminController(Reloader reloader, String token) {
        this.reloader = reloader;
        this.tokenHash = token == null ? null : Secrets.sha256(token);
    }

    /** Runs before every admin route. */
    void authenticate(Context ctx) {
        if (tokenHash == null) {
            throw new ApiException(404, "Admin API is off",
                    "the admin API is switched off; set WEGWEISER_ADMIN_TOKEN to switch it on", List.of());
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"wegweiser-admin\"");
            throw new ApiException(401, "Authentication required",
                    "send the admin token as 'Authorization: Bearer <token>'", List.of());
        }
        if (!MessageDigest.isEqual(tokenHash, Secrets.sha256(header.substring(7).strip()))) {
            throw new ApiException(403, "Forbidden", "the admin token is not valid", List.of());
        }
    }

    void status(Context ctx) {
        Json.respond(ctx, reloader.status());
    }

    void reload(Context ctx) {
        Json.respond(ctx, reloader.reload("admin request"));
    }
}
