package de.wegweiser.http;

import de.wegweiser.ops.Metrics;
import io.javalin.http.Context;
import java.util.List;

/**
 * {@code /metrics} on the API's port. Metrics name versions, routes and traffic, so here they need
 * the admin token; a scraper without one reads them from the separate metrics listener
 * ({@code WEGWEISER_METRICS_PORT}), which is meant for an internal interface only.
 */
final class MetricsController {

    private final Metrics metrics;
    private final AdminController admin;
    private final boolean tokenConfigured;

    MetricsController(Metrics metrics, AdminController admin, boolean tokenConfigured) {
        this.metrics = metrics;
        this.admin = admin;
        this.tokenConfigured = tokenConfigured;
    }

    void authenticate(Context ctx) {
        if (!tokenConfigured) {
            throw new ApiException(404, "Metrics are off on this port",
                    "set WEGWEISER_ADMIN_TOKEN to read /metrics here with it, or WEGWEISER_METRICS_PORT for a separate metrics listener",
                    List.of());
        }
        admin.authenticate(ctx);
    }

    void scrape(Context ctx) {
        ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
    }
}
