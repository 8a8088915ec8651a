package de.wegweiser.http;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.Term;
import de.wegweiser.domain.TermKind;
import de.wegweiser.recommend.RecommendationService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Read-only views of the catalog and the taxonomy. */
final class CatalogController {

    private static final List<String> FILTERS = List.of("format", "phase", "role", "concern", "language", "topic");

    private final RecommendationService service;

    CatalogController(RecommendationService service) {
        this.service = service;
    }

    record CatalogPage(String catalogVersion, int count, List<ItemView> items) {}

    record PhaseView(String id, int number, String stage, String side, String en, String de) {
        static PhaseView of(JourneyPhase p) {
            return new PhaseView(p.id(), p.number(), p.stage().name(), p.side().name(), p.label("en"), p.label("de"));
        }
    }

    void list(Context ctx) {
        Catalog catalog = service.snapshot().catalog();
        Predicate<ContentItem> filter = filter(ctx, catalog.taxonomy());
        List<ItemView> items = catalog.items().stream().filter(filter).map(ItemView::of).toList();
        Json.respond(ctx, new CatalogPage(catalog.version(), items.size(), items));
    }

    void show(Context ctx) {
        String id = ctx.pathParam("id");
        boolean withRules = rulesRequested(ctx);
        var snapshot = service.snapshot();
        ContentItem item = snapshot.catalog().item(id)
                .orElseThrow(() -> ApiException.notFound(unknownItem(snapshot.catalog(), id)));
        if (!withRules) {
            Json.respond(ctx, ItemView.of(item));
            return;
        }
        List<RuleView> rules = snapshot.rules().whyNot().rulesFor(item, snapshot.catalog().items(), service.today()).stream()
                .map(RuleView::of).toList();
        Json.respond(ctx, new ItemWithRules(ItemView.of(item), rules));
    }

    /** {@code ?rules=true}: the item's fields, then every recommendation rule and whether it can fire for the item. */
    record ItemWithRules(@com.fasterxml.jackson.annotation.JsonUnwrapped ItemView item, List<RuleView> rules) {}

    /** A rule judged by the item alone; {@code because} (English and German) says why it cannot fire. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record RuleView(String rule, String file, int line, String effect, Double points, boolean canFire, boolean everyContact,
                    String condition, Integer conditionLine, ExplainView.Why because) {
        static RuleView of(de.wegweiser.rules.conditions.RuleFit fit) {
            return new RuleView(fit.rule(), fit.file(), fit.line(), fit.effect(), fit.points(), fit.canFire(), fit.everyContact(),
                    fit.condition(), fit.conditionLine() > 0 ? fit.conditionLine() : null,
                    fit.english() == null ? null : new ExplainView.Why(fit.english(), fit.german()));
        }
    }

    private static boolean rulesRequested(Context ctx) {
        for (String param : ctx.queryParamMap().keySet()) {
            if (!param.equals("rules")) {
                throw ApiException.badRequest(List.of(new FieldError(param,
                        Taxonomy.unknownMessage("parameter", param, List.of("rules")), List.of("rules"))));
            }
        }
        String rules = ctx.queryParam("rules");
        if (rules == null || rules.equalsIgnoreCase("false")) return false;
        if (rules.isEmpty() || rules.equalsIgnoreCase("true")) return true;
        throw ApiException.badRequest(List.of(new FieldError("rules", "must be true or false; got '" + rules + "'",
                List.of("true", "false"))));
    }

    private static String unknownItem(Catalog catalog, String id) {
        return Taxonomy.nearest(id, catalog.items().stream().map(ContentItem::id).toList())
                .map(near -> "no catalog item with id '%s'; did you mean '%s'?".formatted(id, near))
                .orElse("no catalog item with id '%s'".formatted(id));
    }

    void taxonomy(Context ctx) {
        Taxonomy taxonomy = service.snapshot().catalog().taxonomy();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("phases", java.util.Arrays.stream(JourneyPhase.values())
                .map(PhaseView::of).toList());
        Map<String, String> aliases = new LinkedHashMap<>();
        JourneyPhase.aliases().forEach((alias, phase) -> { if (!alias.equals(phase.id())) aliases.put(alias, phase.id()); });
        body.put("phaseAliases", aliases);
        for (TermKind kind : TermKind.values()) body.put(kind.plural(), List.copyOf(taxonomy.terms(kind)));
        Json.respond(ctx, body);
    }

    private static Predicate<ContentItem> filter(Context ctx, Taxonomy taxonomy) {
        List<FieldError> errors = new ArrayList<>();
        Predicate<ContentItem> filter = item -> true;
        for (String param : ctx.queryParamMap().keySet()) {
            if (!FILTERS.contains(param)) errors.add(new FieldError(param, Taxonomy.unknownMessage("filter", param, FILTERS), FILTERS));
        }
        // one parameter with values separated by commas is "any of them"; parameters and repeated parameters must all hold
        for (String values : ctx.queryParams("phase")) {
            Predicate<ContentItem> any = item -> false;
            for (String value : values.split(",", -1)) {
                var phase = JourneyPhase.parse(value.strip());
                if (phase.isEmpty()) {
                    errors.add(new FieldError("phase", JourneyPhase.unknownMessage(value.strip()), JourneyPhase.ids()));
                } else {
                    any = any.or(item -> item.phases().contains(phase.get()));
                }
            }
            filter = filter.and(any);
        }
        filter = termFilter(ctx, taxonomy, TermKind.FORMAT, "format", filter, errors, (item, v) -> item.format().equals(v));
        filter = termFilter(ctx, taxonomy, TermKind.LANGUAGE, "language", filter, errors, (item, v) -> item.language().equals(v));
        filter = termFilter(ctx, taxonomy, TermKind.ROLE, "role", filter, errors, (item, v) -> item.roles().contains(v));
        filter = termFilter(ctx, taxonomy, TermKind.CONCERN, "concern", filter, errors, (item, v) -> item.concerns().contains(v));
        filter = termFilter(ctx, taxonomy, TermKind.TOPIC, "topic", filter, errors, (item, v) -> item.topics().contains(v));
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);
        return filter;
    }

    private static Predicate<ContentItem> termFilter(Context ctx, Taxonomy taxonomy, TermKind kind, String param,
                                                     Predicate<ContentItem> filter, List<FieldError> errors,
                                                     java.util.function.BiPredicate<ContentItem, String> matches) {
        for (String values : ctx.queryParams(param)) {
            Predicate<ContentItem> any = item -> false;
            for (String raw : values.split(",", -1)) {
                String value = raw.strip();
                if (!taxonomy.knows(kind, value)) {
                    errors.add(new FieldError(param, taxonomy.unknownTermMessage(kind, value), taxonomy.ids(kind)));
                } else {
                    any = any.or(item -> matches.test(item, value));
                }
            }
            filter = filter.and(any);
        }
        return filter;
    }
}
