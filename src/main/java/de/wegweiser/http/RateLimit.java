package de.wegweiser.http;

import de.wegweiser.ops.Metrics;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API key (Bucket4j): {@code burst} requests at once, refilled at {@code
 * perSecond}. One CMS that loops cannot starve the others. Only keys that passed authentication get
 * a bucket, so there are at most as many buckets as configured keys.
 */
final class RateLimit {

    private final double perSecond;
    private final int burst;
    private final Metrics metrics;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perSecond 0 switches the limit off */
    RateLimit(double perSecond, int burst, Metrics metrics) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.metrics = metrics;
    }

    /** Takes a token for the key, or answers 429 with Retry-After in whole seconds. */
    void take(Context ctx, String key) {
        if (perSecond <= 0) return;
        ConsumptionProbe probe = buckets.computeIfAbsent(key, k -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return;
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000);
        ctx.header("Retry-After", Long.toString(seconds));
        metrics.rateLimited();
        throw new ApiException(429, Problem.title(429),
                "this API key may send %s requests per second, %d at once; send again in %d s"
                        .formatted(perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond),
                                burst, seconds), List.of());
    }

    private Bucket newBucket() {
        Duration oneToken = Duration.ofNanos(Math.max(1, Math.round(1_000_000_000 / perSecond)));
        return Bucket.builder().addLimit(limit -> limit.capacity(burst).refillGreedy(1, oneToken)).build();
    }
}
