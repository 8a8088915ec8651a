package de.wegweiser.http;

import de.wegweiser.reload.Reloader;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;

/**
 * The admin API: what is live, and reloading rules and catalog. Rules are code, so every admin
 * call needs the admin token; without a configured token the admin API is off.
 */
final class AdminController {

    /** The request attribute naming who made a change: the console's user, for the record of deployments. */
    static final String AUTHOR = "wegweiser.author";

    private final Reloader reloader;
    private final byte[] tokenHash;
    private final ConsoleSessions sessions;

    /** @param token the configured admin token, or null to switch the admin API off */
    AdminController(Reloader reloader, String token, ConsoleSessions sessions) {
        this.reloader = reloader;
        this.tokenHash = token == null ? null : Secrets.sha256(token);
        this.sessions = sessions;
    }

    boolean isOn() {
        return tokenHash != null;
    }

    /** Whether the text is the admin token (the console's login). */
    boolean accepts(String token) {
        return tokenHash != null && MessageDigest.isEqual(tokenHash, Secrets.sha256(token));
    }

    /** Runs before every admin route: the admin token, or a console session with admin rights. */
    void authenticate(Context ctx) {
        if (tokenHash == null) {
            throw new ApiException(404, "Admin API is off",
                    "the admin API is switched off; set WEGWEISER_ADMIN_TOKEN to switch it on", List.of());
        }
        String header = ctx.header("Authorization");
        var session = header == null ? sessions.of(ctx) : java.util.Optional.<ConsoleSessions.Session>empty();
        if (session.isPresent()) {
            if (session.get().role() != ConsoleSessions.Role.ADMIN) {
                throw new ApiException(403, "Forbidden",
                        "this console session has a marketer's rights; log in with the admin token to change rules", List.of());
            }
            ConsoleSessions.requireCsrf(ctx, session.get());
            ctx.attribute(AUTHOR, session.get().name());
            return;
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"wegweiser-admin\"");
            throw new ApiException(401, "Authentication required",
                    "send the admin token as 'Authorization: Bearer <token>'", List.of());
        }
        if (!MessageDigest.isEqual(tokenHash, Secrets.sha256(header.substring(7).strip()))) {
            throw new ApiException(403, "Forbidden", "the admin token is not valid", List.of());
        }
    }

    /** Never waits for a reload in progress; shows it under {@code reloading}. */
    void status(Context ctx) {
        Json.respond(ctx, reloader.status());
    }

    /** The scenarios against the live version: which pass, which fail and why. */
    void scenarios(Context ctx) {
        Json.respond(ctx, reloader.liveScenarios());
    }

    /**
     * Reloads, after waiting a bounded time for a reload in progress (a file change, another admin
     * request); if that one is still running then, answers 409 at once instead of queueing.
     */
    void reload(Context ctx) {
        var report = reloader.reloadUnlessBusy("admin request");
        if (report.isPresent()) {
            Json.respond(ctx, report.get());
            return;
        }
        Duration waited = reloader.busyWait();
        String running = reloader.running().map(r -> " (started by " + describe(r.trigger()) + " at " + r.since() + ")").orElse("");
        ctx.header("Retry-After", Long.toString(Math.max(1, (waited.toMillis() + 999) / 1000)));
        throw new ApiException(409, "Reload in progress",
                ("another reload%s was still running after this request waited %s, so this request reloaded nothing; "
                        + "GET /api/v1/admin/status shows when it is done, then send the request again")
                        .formatted(running, waited.toMillis() % 1000 == 0 ? waited.toSeconds() + " s" : waited.toMillis() + " ms"), List.of());
    }

    private static String describe(String trigger) {
        return trigger.equals("admin request") ? "another admin request" : "a " + trigger;
    }
}
