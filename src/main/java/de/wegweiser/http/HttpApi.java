package de.wegweiser.http;

import de.wegweiser.accounts.AccountService;
import de.wegweiser.contacts.ContactService;
import de.wegweiser.deploy.Deployments;
import de.wegweiser.deploy.Drafts;
import de.wegweiser.contacts.JourneyLoopException;
import de.wegweiser.contacts.UnknownContactException;
import de.wegweiser.insights.InsightService;
import de.wegweiser.ops.Metrics;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.reload.Reloader;
import de.wegweiser.rules.RuleTimeoutException;
import de.wegweiser.rules.RunawayRuleException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP API: routes, limits and the mapping of every error to problem+json. */
public final class HttpApi {

    /** Bodies above 1 MB are refused with 413, before they are read when Content-Length says so. */
    public static final long MAX_BODY_BYTES = 1_000_000;
    /** The request line and the headers together; a longer URI is 414, longer headers are 431 (Jetty's default, made explicit). */
    public static final int MAX_HEADER_BYTES = 8 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private HttpApi() {}

    /** "Try a change" (issue 15): drafts checked on a copy, and deployments of rule and catalog files. */
    public record Changes(Drafts drafts, Deployments deployments) {}

    /**
     * What running among other services adds: metrics, readiness, a graceful stop and a rate limit.
     *
     * @param databaseUp  whether the database answers now (readiness)
     * @param drain       switched on at the start of a graceful stop
     * @param stopTimeout how long stopping the server waits for requests in flight
     * @param rateLimit   requests per second per API key, 0 for no limit
     * @param rateBurst   requests per API key at once
     * @param consoleSession how long a console session lives without a request
     */
    public record Ops(Metrics metrics, BooleanSupplier databaseUp, Drain drain, Duration stopTimeout, double rateLimit, int rateBurst,
                      Duration consoleSession) {}

    /**
     * @param adminToken          the admin API's bearer token, or null to switch the admin API off
     * @param apiKeys             the CMS's API keys; none switches the contact API off
     * @param openRecommendations whether the stateless recommendation and explain routes need no API key
     * @param accountService      the accounts, behind the same API keys as the contacts
     * @param changes             drafts and deployments of rule and catalog files, behind the admin token
     */
    public static Javalin create(RecommendationService service, Reloader reloader, ContactService contactService,
                                 String adminToken, List<String> apiKeys, boolean openRecommendations, AccountService accountService,
                                 InsightService insightService, Ops ops, Changes changes) {
        var catalog = new CatalogController(service);
        var sessions = new ConsoleSessions(ops.consoleSession(), java.time.Clock.systemUTC());
        var admin = new AdminController(reloader, adminToken, sessions);
        var keys = new ApiKeyGuard(apiKeys, new RateLimit(ops.rateLimit(), ops.rateBurst(), ops.metrics()), sessions);
        // a stored contact's explanation needs the key; where the stateless routes need one too, it was checked already
        var recommendations = new RecommendationController(service, insightService.tracker(), contactService,
                openRecommendations ? keys::contacts : ctx -> {});
        var console = new ConsoleController(sessions, admin, keys);
        var contacts = new ContactController(contactService, service, insightService.tracker());
        var insights = new InsightController(insightService, service, keys, admin);
        var health = new HealthController(service, ops.databaseUp(), ops.drain());
        var requests = new RequestLog(ops.metrics(), service);
        var metrics = new MetricsController(ops.metrics(), admin, adminToken != null);
        var openApi = OpenApiDocument.load();
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_BYTES));
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new ProblemErrorHandler()); // Jetty's own errors (400, 414, 431, 505) as problem+json
                server.insertHandler(new RequestBodyGate(MAX_BODY_BYTES)); // slow bodies hold no thread; no method override
                // a reload gets a core of its own: live within 2 s under full load (issue 14)
                server.insertHandler(new ReloadShare(() -> reloader.running().isPresent(),
                        ReloadShare.forCores(Runtime.getRuntime().availableProcessors())));
                // on stop: stop accepting, wait up to stopTimeout for the requests in flight, then close
                server.insertHandler(ops.drain());
                server.setStopTimeout(ops.stopTimeout().toMillis());
                server.setStopAtShutdown(false); // the app stops it itself, after draining (App.shutdown)
            });
            config.requestLogger.http(requests::finish);
            config.routes.before(requests::start);
            config.routes.before(QueryStrings::requireDecodable);

            if (!openRecommendations) {
                config.routes.before("/api/v1/recommendations", keys::authenticate);
                config.routes.before("/api/v1/explain", keys::authenticate);
            }
            config.routes.post("/api/v1/recommendations", recommendations::recommend);
            // mailings: every stored contact of a segment (personal data: an API key or the admin token, like the insights)
            var export = new ExportController(contactService, service, insightService.tracker());
            config.routes.before("/api/v1/recommendations/export", insights::authenticateContacts);
            config.routes.get("/api/v1/recommendations/export", export::export);
            config.routes.get("/api/v1/catalog", catalog::list);
            config.routes.get("/api/v1/catalog/{id}", catalog::show);
            config.routes.get("/api/v1/taxonomy", catalog::taxonomy);
            config.routes.get("/api/v1/health", health::health);
            config.routes.get("/api/v1/health/live", health::live);
            config.routes.get("/api/v1/health/ready", health::ready);
            config.routes.before("/metrics", metrics::authenticate);
            config.routes.get("/metrics", metrics::scrape);
            config.routes.get("/api/v1/openapi.json", openApi::json);
            config.routes.get("/api/v1/openapi.yaml", openApi::yaml);
            config.routes.post("/api/v1/explain", recommendations::explainItem);
            config.routes.before("/api/v1/admin/*", admin::authenticate);
            config.routes.get("/api/v1/admin/status", admin::status);
            config.routes.post("/api/v1/admin/reload", admin::reload);
            config.routes.get("/api/v1/admin/scenarios", admin::scenarios);
            // try a change, then deploy it (issue 15); all behind the admin token above
            var deploy = new DeploymentController(changes.drafts(), changes.deployments());
            config.routes.get("/api/v1/admin/files", deploy::files);
            config.routes.get("/api/v1/admin/files/{root}", deploy::file);
            config.routes.post("/api/v1/admin/drafts", deploy::draft);
            config.routes.post("/api/v1/admin/deployments", deploy::deploy);
            config.routes.get("/api/v1/admin/deployments", deploy::list);
            config.routes.get("/api/v1/admin/deployments/{id}", deploy::show);
            config.routes.before("/api/v1/contacts/*", keys::contacts);
            config.routes.put("/api/v1/contacts/{id}", contacts::put);
            config.routes.get("/api/v1/contacts/{id}", contacts::get);
            config.routes.delete("/api/v1/contacts/{id}", contacts::delete);
            config.routes.post("/api/v1/contacts/{id}/events", contacts::events);
            config.routes.get("/api/v1/contacts/{id}/recommendations", contacts::recommendations);

            // accounts: the buying center as a whole (issue 11)
            var accounts = new AccountController(accountService, service, insightService.tracker());
            config.routes.before("/api/v1/accounts", keys::contacts);
            config.routes.before("/api/v1/accounts/*", keys::contacts);
            config.routes.get("/api/v1/accounts", accounts::list);
            config.routes.get("/api/v1/accounts/{account}", accounts::get);
            config.routes.get("/api/v1/accounts/{account}/recommendations", accounts::recommendations);

            // insights: did it work? (issue 12); feedback on anonymous answers needs an API key like the contacts
            config.routes.before("/api/v1/insights/*", insights::authenticate);
            config.routes.get("/api/v1/insights/items", insights::items);
            config.routes.get("/api/v1/insights/rules", insights::rules);
            config.routes.get("/api/v1/insights/journey", insights::journey);
            config.routes.get("/api/v1/insights/gaps", insights::gaps);
            config.routes.before("/api/v1/feedback", keys::authenticate);
            config.routes.post("/api/v1/feedback", ctx -> insights.feedback(ctx, contactService));

            // the marketers' console (issue 15): static scripts and styles, a page shell, login and session
            config.staticFiles.add(files -> {
                files.hostedPath = "/console/assets";
                files.directory = "/console/assets";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
                files.headers = java.util.Map.of("X-Content-Type-Options", "nosniff", "Cache-Control", "no-cache");
            });
            config.staticFiles.enableWebjars();
            config.routes.get("/console", console::start);
            config.routes.get("/console/", console::start);
            config.routes.get("/console/login", console::loginPage);
            config.routes.post("/console/login", console::login);
            config.routes.post("/console/logout", console::logout);
            config.routes.get("/console/session", console::session);
            config.routes.get("/console/{page}", console::page);

            config.routes.exception(ApiException.class, (e, ctx) ->
                    problem(ctx, e.status(), e.title(), e.getMessage(), e.errors()));
            config.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, e.status(), e.title(), e.getMessage(), e.errors(), e.problems()));
            config.routes.exception(UnknownContactException.class, (e, ctx) ->
                    problem(ctx, 404, "Not found", e.getMessage(), List.of()));
            config.routes.exception(JourneyLoopException.class, (e, ctx) -> {
                LOG.error("journey rules loop while answering {}: {}", ctx.path(), e.getMessage());
                problem(ctx, 500, "Journey rules do not settle", e.getMessage(), List.of());
            });
            config.routes.exception(RunawayRuleException.class, (e, ctx) -> {
                LOG.error("runaway rule while answering {}: {}", ctx.path(), e.getMessage());
                String title = e instanceof RuleTimeoutException ? "The rules took too long" : "A rule is looping";
                problem(ctx, 500, title, e.getMessage(), List.of());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) ->
                    problem(ctx, e.getStatus(), Problem.title(e.getStatus()), detail(e.getStatus(), ctx), List.of()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected error answering {} {}", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "Internal server error", "the request failed; the error is logged on the server", List.of());
            });
            for (int status : new int[] {404, 405, 413}) {
                config.routes.error(status, ctx -> {
                    String written = ctx.res().getContentType();
                    if (written == null || !written.startsWith(Problem.CONTENT_TYPE)) { // keep a problem a handler already wrote
                        problem(ctx, status, Problem.title(status), detail(status, ctx), List.of());
                    }
                });
            }
        });
    }

    private static void problem(Context ctx, int status, String title, String detail, List<FieldError> errors) {
        problem(ctx, status, title, detail, errors, List.of());
    }

    private static void problem(Context ctx, int status, String title, String detail, List<FieldError> errors,
                                List<de.wegweiser.reload.ReloadProblem> problems) {
        ctx.status(status);
        Json.respond(ctx, new Problem("about:blank", title, status, detail, ctx.path(), errors, problems));
        ctx.contentType(Problem.CONTENT_TYPE); // after respond(), which sets application/json
    }

    private static String detail(int status, Context ctx) {
        return switch (status) {
            case 404 -> "no route %s %s; see the API in docs/api.md".formatted(ctx.method(), ctx.path());
            case 405 -> "%s is not allowed on %s".formatted(ctx.method(), ctx.path());
            default -> ProblemErrorHandler.detail(status);
        };
    }
}
