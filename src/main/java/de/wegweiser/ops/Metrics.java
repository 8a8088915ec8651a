package de.wegweiser.ops;

import de.wegweiser.reload.LoadedVersion;
import de.wegweiser.reload.ReloadReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The service's meters in one registry, scraped in Prometheus text format. Wired by hand: the
 * services report through plain callbacks and never see Micrometer. One registry per running app,
 * so tests that start several apps in one JVM do not mix their counts.
 */
public final class Metrics implements AutoCloseable {

    /** Latency buckets for the HTTP histogram: a few fixed ones keep a series per route small. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final double[] ITEM_BUCKETS = {10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<RequestSeries, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Counter recommendations;
    private final DistributionSummary itemsEvaluated;
    private final Counter eventsStored;
    private final Counter rateLimited;
    private final MultiGauge liveVersion;

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        recommendations = Counter.builder("wegweiser.recommendations")
                .description("Ranked lists computed (stateless, per contact and per account)").register(registry);
        itemsEvaluated = DistributionSummary.builder("wegweiser.recommendation.items.evaluated")
                .description("Catalog items the rules ran on for one ranked list").serviceLevelObjectives(ITEM_BUCKETS)
                .register(registry);
        eventsStored = Counter.builder("wegweiser.events.stored")
                .description("Events stored (resent duplicates not counted)").register(registry);
        rateLimited = Counter.builder("wegweiser.rate.limited")
                .description("Requests refused with 429 because their API key was over its rate limit").register(registry);
        liveVersion = MultiGauge.builder("wegweiser.live.version")
                .description("1 for the versions that are live, named in the labels").register(registry);
    }

    /** For binders outside this class, such as the database pool's. */
    public MeterRegistry registry() { return registry; }

    /** Everything, in the Prometheus text format (version 0.0.4). */
    public String scrape() { return registry.scrape(); }

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * One answered HTTP request.
     *
     * @param route the route template ({@code /api/v1/contacts/{id}}), never the path: ids would make a series each
     */
    public void request(String method, String route, int status, long nanos) {
        // looked up once per series: building and registering a timer on every request costs more than recording
        requestTimers.computeIfAbsent(new RequestSeries(method, route, status), k -> Timer.builder("http.server.requests")
                .description("HTTP requests by route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The labels of one request series: bounded, as the route is a template. */
    private record RequestSeries(String method, String route, int status) {}

    /** One ranked list, and how many catalog items the rules ran on for it. */
    public void recommendation(int evaluated) {
        recommendations.increment();
        itemsEvaluated.record(evaluated);
    }

    public void eventsStored(int count) { eventsStored.increment(count); }

    public void rateLimited() { rateLimited.increment(); }

    /** A reload's outcome and duration; a deployed one also moves the live versions. */
    public void reload(ReloadReport report) {
        Timer.builder("wegweiser.reloads").description("Reloads of rules and catalog by outcome (deployed, unchanged, failed)")
                .tag("outcome", report.outcome()).register(registry).record(report.millis(), TimeUnit.MILLISECONDS);
        live(report.live());
    }

    public void live(LoadedVersion version) {
        liveVersion.register(List.of(MultiGauge.Row.of(Tags.of("rules", version.rulesVersion(), "journey", version.journeyRulesVersion(),
                "account", version.accountRulesVersion(), "catalog", version.catalogVersion()), 1)), true);
    }

    /** 1 while the service answers ready, 0 otherwise. */
    public void readiness(BooleanSupplier ready) {
        Gauge.builder("wegweiser.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 while /api/v1/health/ready answers 200").register(registry);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
