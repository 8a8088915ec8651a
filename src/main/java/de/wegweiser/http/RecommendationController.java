package de.wegweiser.http;

import de.wegweiser.recommend.RecommendationService;
import io.javalin.http.Context;

/** {@code POST /api/v1/recommendations}: parse, delegate, respond. */
final class RecommendationController {

    private final RecommendationService service;

    RecommendationController(RecommendationService service) {
        this.service = service;
    }

    void recommend(Context ctx) {
        var reader = new RequestReader(service.snapshot().catalog().taxonomy());
        var query = reader.recommendationQuery(Json.body(ctx));
        ctx.json(RecommendationView.of(service.recommend(query.contact(), query.limit())));
    }
}
