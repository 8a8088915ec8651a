package de.wegweiser.http;

import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.insights.Tracker;
import io.javalin.http.Context;

/** {@code POST /api/v1/recommendations}: parse, delegate, respond. */
final class RecommendationController {

    private final RecommendationService service;
    private final Tracker tracker;
    private final de.wegweiser.contacts.ContactService contacts;
    private final java.util.function.Consumer<Context> storedContactGuard;

    /**
     * @param storedContactGuard lets an explanation of a stored contact ({@code contactId}) through only with the
     *                           contact API's key: it shows personal data even where the stateless routes are open
     */
    RecommendationController(RecommendationService service, Tracker tracker, de.wegweiser.contacts.ContactService contacts,
                             java.util.function.Consumer<Context> storedContactGuard) {
        this.service = service;
        this.tracker = tracker;
        this.contacts = contacts;
        this.storedContactGuard = storedContactGuard;
    }

    void recommend(Context ctx) {
        var reader = new RequestReader(service.snapshot().catalog().taxonomy());
        var query = reader.recommendationQuery(Json.body(ctx));
        FieldSelection fields = fields(ctx);
        if (explainRequested(ctx)) {
            var explained = service.explain(query.contact(), query.limit());
            Json.respond(ctx, ExplainView.Recommendations.of(explained, tracker.track(explained.result())));
        } else {
            var result = service.recommend(query.contact(), query.limit());
            Json.respond(ctx, RecommendationView.of(result, tracker.track(result), fields));
        }
    }

    /** {@code POST /api/v1/explain}: why one item is or is not recommended for a contact. */
    void explainItem(Context ctx) {
        var reader = new RequestReader(service.snapshot().catalog().taxonomy());
        var query = reader.explainQuery(Json.body(ctx));
        if (query.contactId() != null) {
            storedContactGuard.accept(ctx);
            var explained = contacts.explainItem(query.contactId(), query.itemId(), query.limit(), query.whyNot())
                    .orElseThrow(() -> ApiException.notFound(unknownItem(query.itemId())));
            Json.respond(ctx, ExplainView.Item.of(explained.assessment(), query.limit(), explained.assessment().context().language(),
                    explained.influence()));
            return;
        }
        var assessment = service.assess(query.contact(), query.itemId(), query.limit(), query.whyNot())
                .orElseThrow(() -> ApiException.notFound(unknownItem(query.itemId())));
        Json.respond(ctx, ExplainView.Item.of(assessment, query.limit(), query.contact().language(), null));
    }

    private String unknownItem(String id) {
        var ids = service.snapshot().catalog().items().stream().map(de.wegweiser.domain.ContentItem::id).toList();
        return de.wegweiser.domain.Taxonomy.nearest(id, ids)
                .map(near -> "no catalog item with id '%s'; did you mean '%s'?".formatted(id, near))
                .orElse("no catalog item with id '%s'".formatted(id));
    }

    /** The {@code fields} parameter; an explanation always shows everything, so the two do not mix. */
    static FieldSelection fields(Context ctx) {
        FieldSelection fields = FieldSelection.parse(ctx.queryParam("fields"));
        if (fields != null && ctx.queryParam("explain") != null && explainRequested(ctx)) {
            throw ApiException.badRequest(java.util.List.of(new FieldError("fields",
                    "cannot be combined with explain=true, which always shows every field")));
        }
        return fields;
    }

    static boolean explainRequested(Context ctx) {
        String explain = ctx.queryParam("explain");
        if (explain == null || explain.equalsIgnoreCase("false")) return false;
        if (explain.isEmpty() || explain.equalsIgnoreCase("true")) return true;
        throw ApiException.badRequest(java.util.List.of(new FieldError("explain", "must be true or false; got '" + explain + "'",
                java.util.List.of("true", "false"))));
    }
}
