package de.wegweiser.http;

import de.wegweiser.http.ConsoleSessions.Role;
import de.wegweiser.http.ConsoleSessions.Session;
import io.github.bucket4j.Bucket;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The marketers' console under {@code /console}: the login, the session, and one page shell that
 * loads each page's script. The pages only call the public API, with the session instead of a token.
 */
final class ConsoleController {

    static final Set<String> PAGES = Set.of("playground", "try", "journey", "gaps", "performance", "accounts", "status", "catalog");
    /** No inline script, nothing from elsewhere: a rule text or item title shown in a page cannot become code. */
    private static final Map<String, String> PAGE_HEADERS = Map.of(
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                    + "form-action 'self'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "same-origin",
            "Cache-Control", "no-store");
    private static final int MAX_NAME = 80;

    private final ConsoleSessions sessions;
    private final AdminController admin;
    private final ApiKeyGuard keys;
    private final String shell = resource("console/shell.html");
    private final String login = resource("console/login.html");
    /** Failed logins of all clients together: guessing a token stays hopeless even with many addresses. */
    private final Bucket failedLogins = Bucket.builder()
            .addLimit(limit -> limit.capacity(20).refillGreedy(20, Duration.ofMinutes(1))).build();

    ConsoleController(ConsoleSessions sessions, AdminController admin, ApiKeyGuard keys) {
        this.sessions = sessions;
        this.admin = admin;
        this.keys = keys;
    }

    void start(Context ctx) {
        ctx.redirect("/console/playground", io.javalin.http.HttpStatus.FOUND);
    }

    /** A page: the shell for a live session, else the login with the page to come back to. */
    void page(Context ctx) {
        String page = ctx.pathParam("page");
        if (!PAGES.contains(page)) {
            throw new ApiException(404, "Not found", "the console has no page '%s'; its pages are %s"
                    .formatted(page, String.join(", ", PAGES.stream().sorted().toList())), List.of());
        }
        if (sessions.of(ctx).isEmpty()) {
            String back = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/console/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8), io.javalin.http.HttpStatus.FOUND);
            return;
        }
        html(ctx, shell);
    }

    void loginPage(Context ctx) {
        html(ctx, login);
    }

    /** Form post of name and token: an admin token opens an admin session, an API key a marketer's. */
    void login(Context ctx) {
        String name = ctx.formParam("name") == null ? "" : ctx.formParam("name").strip();
        String token = ctx.formParam("token") == null ? "" : ctx.formParam("token").strip();
        String next = safeNext(ctx.formParam("next"));
        String back = "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8);
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            ctx.redirect("/console/login?error=name" + back, io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Role role = admin.accepts(token) ? Role.ADMIN : keys.accepts(token) ? Role.MARKETER : null;
        if (role == null) {
            if (!failedLogins.tryConsume(1)) {
                ctx.header("Retry-After", "60");
                throw new ApiException(429, Problem.title(429), "too many failed logins; try again in a minute", List.of());
            }
            ctx.redirect("/console/login?error=token" + back, io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Session session = sessions.open(name, role);
        ctx.header("Set-Cookie", cookie(ctx, session.id(), ConsoleSessions.ABSOLUTE_LIMIT.toSeconds()));
        ctx.redirect(next, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Ends the session; a form post, so it carries the CSRF token as a field. */
    void logout(Context ctx) {
        sessions.of(ctx).ifPresent(session -> {
            if (!ConsoleSessions.csrfMatches(ctx.formParam("csrf"), session)) {
                throw new ApiException(403, "Forbidden", "logging out needs the session's token in the form field 'csrf'", List.of());
            }
            sessions.close(session);
        });
        ctx.header("Set-Cookie", cookie(ctx, "", 0));
        ctx.redirect("/console/login?bye=1", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Who is logged in, with what rights, and the token the page's writes must carry. */
    void session(Context ctx) {
        Session session = sessions.of(ctx).orElseThrow(() -> new ApiException(401, "Authentication required",
                "no console session; log in at /console/login", List.of()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", session.name());
        body.put("role", session.role().name().toLowerCase(java.util.Locale.ROOT));
        body.put("csrf", session.csrf());
        body.put("expires", session.expires().toString());
        body.put("idleMinutes", sessions.idle().toMinutes());
        body.put("adminApi", admin.isOn());
        ctx.header("Cache-Control", "no-store");
        Json.respond(ctx, body);
    }

    /** Only a page of the console: no open redirect to another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/console/") || next.startsWith("/console/login") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/console/playground";
        }
        return next;
    }

    private static String cookie(Context ctx, String value, long maxAgeSeconds) {
        boolean https = "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto")) || "https".equalsIgnoreCase(ctx.scheme());
        return ConsoleSessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (https ? "; Secure" : "");
    }

    private static void html(Context ctx, String page) {
        PAGE_HEADERS.forEach(ctx::header);
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private static String resource(String path) {
        try (InputStream in = ConsoleController.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException(path + " is not in the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
