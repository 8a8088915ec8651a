package de.wegweiser.http;

import static net.logstash.logback.argument.StructuredArguments.kv;

import de.wegweiser.ops.Metrics;
import de.wegweiser.recommend.RecommendationService;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every request gets an id, a line in the access log and a place in the request metrics. The id
 * comes from the caller's {@code X-Request-Id} when it is a harmless token, else it is made here;
 * it is echoed in the answer and put into the MDC, so every log line of the request carries it.
 */
final class RequestLog {

    static final String HEADER = "X-Request-Id";
    /** The MDC key, a field of its own in JSON logs. */
    static final String MDC_KEY = "requestId";
    /** Letters, digits and a few separators: what tracing ids use, and nothing that can break a log line or a header. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:+/=-]{1,200}");
    /** The route label of requests no route matched: their paths are the caller's, unbounded. */
    static final String UNMATCHED = "unmatched";

    private static final Logger ACCESS = LoggerFactory.getLogger("de.wegweiser.access");
    private static final String STARTED = "wegweiser.started";

    private final Metrics metrics;
    private final RecommendationService service;

    RequestLog(Metrics metrics, RecommendationService service) {
        this.metrics = metrics;
        this.service = service;
    }

    /** Runs before everything else. */
    void start(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        String id = requestId(ctx.header(HEADER));
        MDC.put(MDC_KEY, id);
        ctx.header(HEADER, id);
    }

    /** Javalin's request logger: runs once per request, after the answer is written. */
    void finish(Context ctx, Float millis) {
        try {
            Long started = ctx.attribute(STARTED);
            long nanos = started == null ? (long) (millis * 1_000_000) : System.nanoTime() - started;
            String route = route(ctx);
            int status = ctx.statusCode();
            metrics.request(ctx.method().name(), route, status, nanos);
            ACCESS.info("{} {} {} {} {}", kv("method", ctx.method().name()), kv("route", route), kv("status", status),
                    kv("durationMs", Math.round(nanos / 10_000.0) / 100.0), kv("rulesVersion", service.snapshot().rules().version()));
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The caller's id if it is safe to log and echo, otherwise a new one. */
    static String requestId(String offered) {
        return offered != null && SAFE_ID.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    }

    /** The matched route's template, or {@link #UNMATCHED}. */
    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoint();
            return endpoint != null && endpoint.method.isHttpMethod() ? endpoint.path : UNMATCHED;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }
}
