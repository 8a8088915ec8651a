package de.wegweiser.http;

import de.wegweiser.contacts.ContactService;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.TermKind;
import de.wegweiser.insights.GapTable;
import de.wegweiser.insights.InsightService;
import de.wegweiser.insights.InsightService.Split;
import de.wegweiser.insights.InsightService.Window;
import de.wegweiser.recommend.RecommendationService;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The insights (reports for marketers) and the anonymous feedback on answers. Parse and check the
 * query, delegate, respond. Reports hold no contact ids; they need an API key or the admin token.
 */
final class InsightController {

    /** The longest window a report covers. */
    static final int MAX_WINDOW_DAYS = 366;
    static final int DEFAULT_WINDOW_DAYS = 30;
    static final int MAX_FEEDBACK = 500;

    private final InsightService insights;
    private final RecommendationService recommendations;
    private final ApiKeyGuard keys;
    private final AdminController admin;

    InsightController(InsightService insights, RecommendationService recommendations, ApiKeyGuard keys, AdminController admin) {
        this.insights = insights;
        this.recommendations = recommendations;
        this.keys = keys;
        this.admin = admin;
    }

    /** The admin token (Authorization: Bearer) or an API key (X-API-Key). */
    void authenticate(Context ctx) {
        if (ctx.header("Authorization") != null) admin.authenticate(ctx);
        else keys.authenticate(ctx);
    }

    /** Like {@link #authenticate}, for routes that show contacts: with an API key only while the contact API is on. */
    void authenticateContacts(Context ctx) {
        if (ctx.header("Authorization") != null) admin.authenticate(ctx);
        else keys.contacts(ctx);
    }

    void items(Context ctx) {
        Query q = new Query(ctx, "from", "to", "item", "by", "influenceDays");
        Window window = q.window();
        String item = q.text("item", 200);
        if (item != null && !recommendations.snapshot().catalog().contains(item)) {
            var ids = recommendations.snapshot().catalog().items().stream().map(i -> i.id()).toList();
            q.error("item", "unknown catalog item '%s'; %s".formatted(item, Taxonomy.nearest(item, ids)
                    .map(n -> "did you mean '" + n + "'?").orElse("see GET /api/v1/catalog")), List.of());
        }
        Split split = q.split();
        int influenceDays = q.number("influenceDays", 1, 365, 30);
        q.check();
        Json.respond(ctx, insights.items(window, item, split, influenceDays));
    }

    void rules(Context ctx) {
        Query q = new Query(ctx, "from", "to", "rule", "rulesVersion", "by");
        Window window = q.window();
        String rule = q.text("rule", 300);
        String version = q.text("rulesVersion", 100);
        Split split = q.split();
        q.check();
        if (rule != null) {
            Set<String> known = insights.knownRules(window);
            if (!known.contains(rule)) {
                q.error("rule", Taxonomy.unknownMessage("rule", rule, known), List.of());
                q.check();
            }
        }
        Json.respond(ctx, insights.rules(window, version, rule, split));
    }

    void journey(Context ctx) {
        Query q = new Query(ctx, "from", "to", "by", "account", "stallDays", "phase");
        Window window = q.window();
        Split split = q.split();
        String account = q.text("account", 200);
        int stallDays = q.number("stallDays", 1, 365, 30);
        JourneyPhase phase = q.phase();
        q.check();
        var report = insights.journey(window, split, account, stallDays);
        if (phase != null) {
            report = new InsightService.JourneyReport(report.from(), report.to(), report.stallDays(), report.split(), report.account(),
                    report.phases().stream().filter(p -> p.phase().equals(phase.id())).toList(),
                    report.stalls().stream().filter(p -> p.equals(phase.id())).toList());
        }
        Json.respond(ctx, report);
    }

    void gaps(Context ctx) {
        Query q = new Query(ctx, "top", "minScore", "concerns", "phase", "language", "format");
        int top = q.number("top", 1, RequestReader.MAX_LIMIT, 5);
        double minScore = q.decimal("minScore", 0);
        boolean concerns = q.bool("concerns");
        JourneyPhase phase = q.phase();
        String language = q.choice("language", recommendations.snapshot().catalog().taxonomy().ids(TermKind.LANGUAGE), null);
        String format = q.choice("format", List.of("json", "csv", "table"), "json");
        q.check();
        var report = insights.gaps(top, minScore, concerns, language);
        if (phase != null) {
            report = new InsightService.GapReport(report.top(), report.minScore(), report.byConcern(), report.rulesVersion(),
                    report.catalogVersion(), report.cells().stream().filter(c -> c.phase().equals(phase.id())).toList());
        }
        switch (format) {
            case "csv" -> ctx.contentType("text/csv; charset=utf-8").result(GapTable.csv(report));
            case "table" -> ctx.contentType("text/plain; charset=utf-8").result(GapTable.table(report));
            default -> Json.respond(ctx, report);
        }
    }

    /** {@code POST /api/v1/feedback}: impressions and clicks of answers to contacts that are not stored. */
    void feedback(Context ctx, ContactService contacts) {
        var reader = new RequestReader(recommendations.snapshot().catalog().taxonomy());
        var body = Json.body(ctx);
        var feedback = reader.feedback(body, contacts.now(), MAX_FEEDBACK, ContactService.FUTURE_TOLERANCE,
                ContactService.EARLIEST_EVENT_TIME);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < feedback.size(); i++) {
            var f = feedback.get(i);
            String at = !body.has("feedback") ? "" : "feedback[%d].".formatted(i);
            TrackingCheck.check(insights.tracker().find(f.trackingId()).orElse(null), f.trackingId(), f.itemId(), at + "trackingId",
                    at + "itemId").ifPresent(errors::add);
        }
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        List<Boolean> recorded = insights.feedback(feedback);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < feedback.size(); i++) {
            out.add(Map.of("trackingId", feedback.get(i).trackingId(), "itemId", feedback.get(i).itemId(),
                    "type", feedback.get(i).type().id(), "recorded", recorded.get(i)));
        }
        Json.respond(ctx, Map.of("feedback", out));
    }

    /** The query parameters of one report: every error collected, then reported at once. */
    private final class Query {
        private final Context ctx;
        private final List<FieldError> errors = new ArrayList<>();

        Query(Context ctx, String... known) {
            this.ctx = ctx;
            List<String> names = List.of(known);
            for (String name : ctx.queryParamMap().keySet()) {
                if (!names.contains(name)) {
                    String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
                    errors.add(new FieldError(shown, Taxonomy.unknownMessage("query parameter", shown, names), names));
                }
            }
        }

        void error(String field, String message, List<String> allowed) {
            errors.add(new FieldError(field, message, allowed));
        }

        void check() {
            if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        }

        String text(String name, int max) {
            String value = ctx.queryParam(name);
            if (value == null || value.isBlank()) return null;
            value = value.strip();
            if (value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
                error(name, "must be at most %d characters without control characters".formatted(max), List.of());
                return null;
            }
            return value;
        }

        /** from and to: ISO days, both included; the last 30 days up to today by default; at most a year. */
        Window window() {
            LocalDate to = day("to");
            LocalDate from = day("from");
            if (errors.stream().anyMatch(e -> e.field().equals("from") || e.field().equals("to"))) return null;
            if (to == null) to = from != null ? from.plusDays(DEFAULT_WINDOW_DAYS - 1) : insights.today();
            if (from == null) from = to.minusDays(DEFAULT_WINDOW_DAYS - 1);
            if (to.isBefore(from)) {
                error("to", "the window ends (%s) before it starts (from %s); 'to' must be on or after 'from'".formatted(to, from), List.of());
                return null;
            }
            long days = ChronoUnit.DAYS.between(from, to) + 1;
            if (days > MAX_WINDOW_DAYS) {
                error("to", "the window from %s to %s covers %d days; at most %d (a year)".formatted(from, to, days, MAX_WINDOW_DAYS), List.of());
                return null;
            }
            return new Window(from, to);
        }

        private LocalDate day(String name) {
            String value = text(name, 40);
            if (value == null) return null;
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                error(name, "'%s' is not a day; write YYYY-MM-DD, e.g. 2026-11-01 (both ends of the window are included)".formatted(value),
                        List.of());
                return null;
            }
        }

        Split split() {
            String value = text("by", 40);
            if (value == null) return null;
            for (Split s : Split.values()) if (s.column.equals(value)) return s;
            error("by", Taxonomy.unknownMessage("split", value, Split.ids()), Split.ids());
            return null;
        }

        JourneyPhase phase() {
            String value = text("phase", 60);
            if (value == null) return null;
            return JourneyPhase.parse(value).orElseGet(() -> {
                error("phase", Taxonomy.unknownMessage("phase", value, JourneyPhase.aliases().keySet()), JourneyPhase.ids());
                return null;
            });
        }

        int number(String name, int min, int max, int fallback) {
            String value = text(name, 20);
            if (value == null) return fallback;
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) return n;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            error(name, "must be a whole number from %d to %d (default %d); got %s".formatted(min, max, fallback, value), List.of());
            return fallback;
        }

        double decimal(String name, double fallback) {
            String value = text(name, 30);
            if (value == null) return fallback;
            try {
                double d = Double.parseDouble(value);
                if (Double.isFinite(d)) return d;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            error(name, "must be a number, e.g. 10 or 2.5 (default %s); got %s".formatted(fallback, value), List.of());
            return fallback;
        }

        boolean bool(String name) {
            String value = text(name, 10);
            if (value == null || value.equals("false")) return false;
            if (value.equals("true")) return true;
            error(name, "must be true or false; got " + value, List.of("true", "false"));
            return false;
        }

        String choice(String name, List<String> allowed, String fallback) {
            String value = text(name, 20);
            if (value == null) return fallback;
            if (allowed.contains(value)) return value;
            error(name, Taxonomy.unknownMessage(name, value, allowed), allowed);
            return fallback;
        }
    }
}
