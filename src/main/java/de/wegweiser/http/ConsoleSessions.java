package de.wegweiser.http;

import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sessions: a marketer types a token once and then works with a cookie. Sessions live
 * in memory only (a restart logs everybody out, which is the safe side); behind a balancer the
 * console needs sticky sessions (docs/console.md).
 */
final class ConsoleSessions {

    static final String COOKIE = "wegweiser_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** A session ends at the latest this long after login, however active it is. */
    static final Duration ABSOLUTE_LIMIT = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;

    /** What a session may do: marketers read everything the API keys read; admins also change rules. */
    enum Role { MARKETER, ADMIN }

    record Session(String id, String csrf, String name, Role role, Instant created, Instant expires) {}

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Duration idle;
    private final Clock clock;

    /** @param idle how long a session lives without a request */
    ConsoleSessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    Duration idle() {
        return idle;
    }

    Session open(String name, Role role) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) sessions.values().removeIf(s -> !s.expires().isAfter(now));
        if (sessions.size() >= MAX_SESSIONS) throw new ApiException(503, "Too many console sessions",
                "the console has " + MAX_SESSIONS + " open sessions; try again when some have expired", List.of());
        var session = new Session(secret(), secret(), name, role, now, cap(now.plus(idle), now));
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session of the request's cookie; each request extends it by the idle time, up to the absolute limit. */
    Optional<Session> of(Context ctx) {
        String id = ctx.cookie(COOKIE);
        if (id == null) return Optional.empty();
        Instant now = clock.instant();
        Session session = sessions.computeIfPresent(id, (key, s) -> s.expires().isAfter(now)
                ? new Session(s.id(), s.csrf(), s.name(), s.role(), s.created(), cap(now.plus(idle), s.created()))
                : null);
        return Optional.ofNullable(session);
    }

    void close(Session session) {
        sessions.remove(session.id());
    }

    /**
     * Writes through a session must carry its CSRF token in a header: a page of another site can make
     * the browser send the cookie (SameSite=Strict already prevents most of that) but cannot read the token.
     */
    static void requireCsrf(Context ctx, Session session) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) return;
        if (!csrfMatches(ctx.header(CSRF_HEADER), session)) {
            throw new ApiException(403, "Forbidden",
                    "a change through a console session must send the session's token in the " + CSRF_HEADER + " header", List.of());
        }
    }

    /** Compared in constant time, like the tokens. */
    static boolean csrfMatches(String sent, Session session) {
        return sent != null && MessageDigest.isEqual(Secrets.sha256(sent), Secrets.sha256(session.csrf()));
    }

    private Instant cap(Instant expires, Instant created) {
        Instant limit = created.plus(ABSOLUTE_LIMIT);
        return expires.isAfter(limit) ? limit : expires;
    }

    private String secret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
