package de.wegweiser.insights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationResult;
import de.wegweiser.storage.ContactStore;
import de.wegweiser.storage.InsightRows;
import de.wegweiser.storage.StorageException;
import de.wegweiser.storage.TraceRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every recommendation answer a tracking id and remembers what put each item in it. The
 * answer only encodes its trace into a short string and leaves it in memory; a background thread
 * writes the traces in batches, one transaction per batch (a commit per answer would cost more
 * than the answer itself, and H2's file grows with every commit). Until written, a trace is found
 * in memory, so an impression reported right after the answer is attributed all the same.
 */
public final class Tracker implements AutoCloseable {

    /** What a tracking id looks like: 32 lower-case hex digits; anything else is refused as malformed. */
    public static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    /** Traces kept in memory at most; beyond it the answering thread writes a batch itself. */
    static final int MAX_PENDING = 50_000;
    static final long FLUSH_MILLIS = 200;
    /** How long traces are kept unless configured (WEGWEISER_TRACE_RETENTION_DAYS). */
    public static final java.time.Duration DEFAULT_RETENTION = java.time.Duration.ofDays(90);
    /** How often the clean-up looks for traces past the retention. */
    public static final java.time.Duration CLEANUP_EVERY = java.time.Duration.ofHours(1);
    /** Traces deleted per transaction by the clean-up. */
    static final int CLEANUP_BATCH = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContactStore store;
    private final Clock clock;
    /** A rules version's rule names in a fixed order; empty when the version is not known here. */
    private final Function<String, List<String>> ruleNamesOf;
    private final Map<String, TraceRow> pending = new ConcurrentHashMap<>();
    private final Map<String, RuleNames> names = new ConcurrentHashMap<>();
    private final ScheduledExecutorService writer;
    private final java.time.Duration retention;
    private final Object flushLock = new Object();

    public Tracker(ContactStore store, Clock clock) {
        this(store, clock, DEFAULT_RETENTION, CLEANUP_EVERY, version -> List.of());
    }

    public Tracker(ContactStore store, Clock clock, Function<String, List<String>> ruleNamesOf) {
        this(store, clock, DEFAULT_RETENTION, CLEANUP_EVERY, ruleNamesOf);
    }

    public Tracker(ContactStore store, Clock clock, java.time.Duration retention, java.time.Duration cleanupEvery) {
        this(store, clock, retention, cleanupEvery, version -> List.of());
    }

    /**
     * @param retention    traces of answers older than this are deleted in the background: a click
     *                     reported later is refused as an unknown trackingId, the figures it counted
     *                     in before stay
     * @param cleanupEvery how often the clean-up runs (first after this much time)
     * @param ruleNamesOf  the rule names of a rules version in a fixed order (for example sorted), or
     *                     an empty list for a version it does not know: traces number rule names, and
     *                     every node that shares the database must number them alike
     */
    public Tracker(ContactStore store, Clock clock, java.time.Duration retention, java.time.Duration cleanupEvery,
                   Function<String, List<String>> ruleNamesOf) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.ruleNamesOf = ruleNamesOf;
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "wegweiser-trace-writer");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        writer.scheduleWithFixedDelay(this::cleanUpQuietly, cleanupEvery.toMillis(), cleanupEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Deletes the traces of answers given longer ago than the retention, in small transactions;
     * returns how many. Without it the table grows with every answer, forever.
     */
    public long cleanUp() {
        java.time.Instant before = clock.instant().minus(retention);
        long deleted = 0;
        int batch;
        do {
            batch = store.insights(rows -> rows.deleteTracesBefore(before, CLEANUP_BATCH));
            deleted += batch;
        } while (batch == CLEANUP_BATCH);
        return deleted;
    }

    private void cleanUpQuietly() {
        try {
            long deleted = cleanUp();
            if (deleted > 0) LOG.info("deleted {} recommendation traces older than {} days", deleted, retention.toDays());
        } catch (RuntimeException e) {
            LOG.warn("could not delete old recommendation traces; trying again later: {}", e.getMessage());
        }
    }

    /** The rule names of one rules version, each with its index in the traces; grows as names appear. */
    private static final class RuleNames {
        final List<String> list = new ArrayList<>();
        final Map<String, Integer> index = new LinkedHashMap<>();
        int saved;

        synchronized int indexOf(String rule) {
            Integer i = index.get(rule);
            if (i != null) return i;
            list.add(rule);
            index.put(rule, list.size() - 1);
            return list.size() - 1;
        }

        synchronized String name(int i) { return i < list.size() ? list.get(i) : null; }
    }

    /**
     * Tracks an answer: the hot path. Builds the trace string and leaves it for the writer.
     *
     * @return the answer's tracking id
     */
    public String track(RecommendationResult result) {
        String id = newId(clock.millis());
        RuleNames ruleNames = names.get(result.rulesVersion());
        if (ruleNames == null) ruleNames = numbering(result.rulesVersion());
        StringBuilder items = new StringBuilder(64 * Math.max(1, result.recommendations().size()));
        for (Recommendation r : result.recommendations()) {
            if (!items.isEmpty()) items.append(';');
            items.append(r.item().id()).append(':');
            boolean first = true;
            for (Reason reason : r.reasons()) {
                if (!first) items.append(',');
                first = false;
                items.append(ruleNames.indexOf(reason.rule())).append('=').append(reason.points());
            }
        }
        pending.put(id, new TraceRow(id, clock.instant(), result.rulesVersion(), result.role(), result.language(), items.toString()));
        if (pending.size() >= MAX_PENDING) flush();
        return id;
    }

    /**
     * 32 hex digits: the answer's millisecond (12 digits) and 80 random bits. Ids that grow with
     * time go to the end of the primary key's index, so a batch of traces changes a few of its
     * pages instead of one page per trace, as fully random ids did (measured: H2 spent 9% of the
     * server's CPU writing traces).
     */
    static String newId(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return hex(epochMillis & 0xFFFF_FFFF_FFFFL, 12) + hex(random.nextInt() & 0xFFFF, 4) + hex(random.nextLong(), 16);
    }

    private static String hex(long value, int digits) {
        String text = Long.toHexString(value);
        return "0".repeat(digits - text.length()) + text;
    }

    /** The trace of an answer, from memory or, once written, from the database (in the caller's transaction). */
    public Optional<Trace> find(InsightRows rows, String trackingId) {
        TraceRow row = pending.get(trackingId);
        if (row == null) row = rows.trace(trackingId).orElse(null);
        if (row == null) return Optional.empty();
        return Optional.of(decode(row, namesOf(rows, row.rulesVersion())));
    }

    /** Like {@link #find(InsightRows, String)} in a transaction of its own. */
    public Optional<Trace> find(String trackingId) {
        TraceRow row = pending.get(trackingId);
        if (row != null) return Optional.of(decode(row, names.get(row.rulesVersion())));
        return store.insights(rows -> find(rows, trackingId));
    }

    private RuleNames namesOf(InsightRows rows, String version) {
        RuleNames known = names.get(version);
        if (known != null) return known;
        RuleNames loaded = stored(rows, version).orElseGet(RuleNames::new);
        RuleNames raced = names.putIfAbsent(version, loaded);
        return raced != null ? raced : loaded;
    }

    /**
     * How the first answer of a rules version on this node numbers its rule names. Every node that
     * shares the database, and this node after a restart, must number them alike, or traces written
     * by one decode with another's names: the numbering already stored for the version if there is
     * one, else the version's rule names in their fixed order (a version is a hash of the rule files,
     * so every node has the same names). Only a name outside both, which no rule of the version
     * declares, is numbered in the order it appears.
     */
    private RuleNames numbering(String version) {
        RuleNames numbering;
        try {
            numbering = store.insights(rows -> stored(rows, version)).orElse(null);
        } catch (StorageException e) {
            LOG.warn("could not read the stored rule names of rules version {}; numbering them in their own order: {}", version,
                    e.getMessage());
            numbering = null;
        }
        if (numbering == null) {
            numbering = new RuleNames();
            for (String name : ruleNamesOf.apply(version)) numbering.indexOf(name);
        }
        RuleNames raced = names.putIfAbsent(version, numbering);
        return raced != null ? raced : numbering;
    }

    private static Optional<RuleNames> stored(InsightRows rows, String version) {
        return rows.ruleNames(version).map(json -> {
            RuleNames loaded = new RuleNames();
            try {
                for (String name : JSON.readValue(json, new TypeReference<List<String>>() {})) loaded.indexOf(name);
            } catch (JsonProcessingException e) {
                throw new StorageException("unreadable rule names of rules version " + version, e);
            }
            loaded.saved = loaded.list.size();
            return loaded;
        });
    }

    private static Trace decode(TraceRow row, RuleNames ruleNames) {
        Map<String, List<Trace.RulePoints>> items = new LinkedHashMap<>();
        if (!row.items().isEmpty()) {
            for (String item : row.items().split(";")) {
                int colon = item.indexOf(':');
                List<Trace.RulePoints> rules = new ArrayList<>();
                String reasons = item.substring(colon + 1);
                if (!reasons.isEmpty()) {
                    for (String reason : reasons.split(",")) {
                        int eq = reason.indexOf('=');
                        int index = Integer.parseInt(reason.substring(0, eq));
                        String name = ruleNames == null ? null : ruleNames.name(index);
                        rules.add(new Trace.RulePoints(name == null ? "rule #" + index : name, Double.parseDouble(reason.substring(eq + 1))));
                    }
                }
                items.put(item.substring(0, colon), List.copyOf(rules));
            }
        }
        return new Trace(row.trackingId(), row.answeredAt(), row.rulesVersion(), row.role(), row.language(), items);
    }

    /** Writes every trace left in memory, with the rule names they need, in one transaction. */
    public void flush() {
        synchronized (flushLock) {
            if (pending.isEmpty()) return;
            List<TraceRow> batch = new ArrayList<>(pending.values());
            Map<String, String> newNames = new LinkedHashMap<>();
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (var entry : names.entrySet()) {
                RuleNames n = entry.getValue();
                synchronized (n) {
                    if (n.list.size() > n.saved) {
                        try {
                            newNames.put(entry.getKey(), JSON.writeValueAsString(n.list));
                        } catch (JsonProcessingException e) {
                            throw new IllegalStateException(e);
                        }
                        sizes.put(entry.getKey(), n.list.size());
                    }
                }
            }
            store.insights(rows -> {
                // names first: a trace written with an index must find its name
                newNames.forEach(rows::saveRuleNames);
                rows.insertTraces(batch); // one JDBC batch; 80 random bits per millisecond: no two answers share an id
                return null;
            });
            sizes.forEach((version, size) -> names.get(version).saved = size);
            for (TraceRow row : batch) pending.remove(row.trackingId());
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("could not write recommendation traces ({} waiting); trying again: {}", pending.size(), e.getMessage());
        }
    }

    /** Traces not written yet. */
    public int pending() { return pending.size(); }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
