package de.wegweiser.http;

import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Health for people and for machines: {@code /health} names what is live; {@code /health/live}
 * says the process answers; {@code /health/ready} says whether a load balancer should send traffic.
 */
final class HealthController {

    private final RecommendationService service;
    private final BooleanSupplier databaseUp;
    private final Drain drain;

    HealthController(RecommendationService service, BooleanSupplier databaseUp, Drain drain) {
        this.service = service;
        this.databaseUp = databaseUp;
        this.drain = drain;
    }

    /** The versions are content hashes: a change of any rule or catalog file shows as a new version. */
    record Health(String status, String rulesVersion, String journeyRulesVersion, String accountRulesVersion, String catalogVersion,
                  int items, int rules) {}

    record Ready(String status, Map<String, String> checks) {}

    void health(Context ctx) {
        Snapshot snapshot = service.snapshot();
        Json.respond(ctx, new Health("ok", snapshot.rules().version(), snapshot.journey().version(), snapshot.account().version(),
                snapshot.catalog().version(),
                snapshot.catalog().items().size(), snapshot.rules().rules().size()));
    }

    /** 200 as long as the process can answer at all. */
    void live(Context ctx) {
        Json.respond(ctx, Map.of("status", "live"));
    }

    /**
     * 200 when rules, catalog and database are up and the service is not stopping; otherwise 503
     * naming what is not, so the balancer sends the traffic elsewhere.
     */
    void ready(Context ctx) {
        if (drain.draining()) {
            throw new ApiException(503, Problem.title(503),
                    "not ready: the service is shutting down and finishes the requests it has", List.of());
        }
        Snapshot snapshot = service.snapshot();
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("rules", snapshot != null && snapshot.rules() != null ? "up" : "down");
        checks.put("catalog", snapshot != null && snapshot.catalog() != null ? "up" : "down");
        checks.put("database", databaseUp.getAsBoolean() ? "up" : "down");
        List<String> down = new ArrayList<>();
        checks.forEach((name, state) -> { if (!state.equals("up")) down.add(name); });
        if (!down.isEmpty()) {
            throw new ApiException(503, Problem.title(503), "not ready: " + String.join(", ", down) + " not up", List.of());
        }
        Json.respond(ctx, new Ready("ready", checks));
    }
}
