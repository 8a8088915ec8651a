package de.wegweiser.rules;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Today;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped strategy: evaluates only the items that can reach the top, with exactly the answers
 * of evaluating every item. Per request:
 * <ol>
 *   <li>The {@linkplain CandidatePlan planner rules} run with the contact and the day alone and say
 *       which rules match the contact, with which values (phase, role, each concern, the day).</li>
 *   <li>For each such match the probe answer (the items that rule can fire for, given the values;
 *       cached per catalog version) adds the rule's points to those items' <em>bound</em>, the most
 *       points they can get. Items an exactly known rule excludes are dropped; items an exactly
 *       known fallback rule demotes go to the fallback tier. No item is touched by a rule yet: this
 *       is adding numbers over bitsets.</li>
 *   <li>The real rules run on the best-bounded items in a long-lived session (contact, day and these
 *       items inserted, deleted afterwards). An evaluated item is handed out once no unevaluated item
 *       can rank before it: its tier is better, or its score is above every remaining bound. When the
 *       caller wants more, the next-best-bounded items are evaluated, and so on.</li>
 * </ol>
 * Rules are item-local (the {@link CandidatePlan} contract: one item per rule, nothing across items),
 * so an item's verdict is the same whichever other items are in the session. A rule book outside the
 * contract is evaluated the old way, every item in a preloaded session ({@link PooledSessionEvaluator}).
 *
 * <p>Complete evaluations ({@link #evaluate}: explanations, scenarios) run in a fresh session with
 * every item. Thread-safe; {@link #close()} may run while requests are in flight.
 */
public final class TopKEvaluator implements Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(TopKEvaluator.class);
    /** Bound buckets per tier: a bound of b points lands in bucket floor(b), the last one takes the rest. */
    private static final int BUCKETS = 1024;
    private static final int PROBES_CACHED = 4096;

    private final RuleBook rules;
    private final Catalog catalog;
    private final List<ContentItem> items;
    private final CandidatePlan plan;
    private final Map<ContentItem, Integer> positions = new IdentityHashMap<>();
    private final int maxFiringsPerRule;
    private final int maxFirings;
    private final int firstBatch;
    /** Complete evaluations; the whole job when the rules cannot be planned. */
    private final Evaluator everyItem;
    private final WorkerPool<Worker> pool;
    private final Object probeLock = new Object();
    /** All items preloaded; null after {@link #close()}, when late misses get a session of their own. Guarded by probeLock. */
    private KieSession probeSession;
    private final Cache<ProbeKey, ItemSet> probes;
    /** On an edited catalog: the answers before the edit, the positions of the edited items, and those items alone. */
    private Map<ProbeKey, ItemSet> inherited = Map.of();
    private int[] edited = new int[0];
    /** Guarded by probeLock; null after {@link #close()}. */
    private KieSession editedSession;
    private final LongAdder requests = new LongAdder();
    private final LongAdder evaluated = new LongAdder();
    /** The versions serving with it: it is disposed when the last one closes it. */
    private final java.util.concurrent.atomic.AtomicInteger holders = new java.util.concurrent.atomic.AtomicInteger(1);

    /**
     * Twice as many workers as cores. A worker is small (two sessions without the catalog, a few
     * numbers per item), and with one per core a core idles whenever a request waits to be woken
     * up for its worker: over HTTP on 2 cores, 4 workers gave about 15% more answers per second than 2
     * (the machine 97% busy instead of 91%), 6 and 8 fewer than 4 (docs/benchmarks.md).
     */
    public TopKEvaluator(RuleBook rules, Catalog catalog) {
        this(rules, catalog, null);
    }

    /**
     * @param previous the engine this one follows (the live version's), whose probe answers it takes
     *                 over where they must be the same: on the same catalog, for every rule whose probe did
     *                 not change (a rule file saved with new points costs no pass over the catalog for the
     *                 other rules); with the same rules on an edited catalog, for every item not edited.
     *                 Null for none.
     */
    public TopKEvaluator(RuleBook rules, Catalog catalog, TopKEvaluator previous) {
        this(rules, catalog, 2 * Runtime.getRuntime().availableProcessors(), 0, previous);
    }

    /** @param maxSessions requests evaluated at the same time; more wait for a free session */
    public TopKEvaluator(RuleBook rules, Catalog catalog, int maxSessions) {
        this(rules, catalog, maxSessions, 0, null);
    }

    /**
     * @param firstBatch items evaluated in a request's first round, 0 for about twice as many as
     *                   wanted; tests make it tiny to run many rounds
     */
    TopKEvaluator(RuleBook rules, Catalog catalog, int maxSessions, int firstBatch) {
        this(rules, catalog, maxSessions, firstBatch, null);
    }

    private TopKEvaluator(RuleBook rules, Catalog catalog, int maxSessions, int firstBatch, TopKEvaluator previous) {
        this.firstBatch = firstBatch;
        this.rules = rules;
        this.catalog = catalog;
        this.items = catalog.items();
        this.plan = rules.plan();
        this.maxFiringsPerRule = FiringGuard.limitFor(items.size());
        this.maxFirings = maxFiringsPerRule * Math.max(1, rules.rules().size());
        for (int i = 0; i < items.size(); i++) positions.put(items.get(i), i);
        if (!plan.usable()) {
            LOG.warn("Every recommendation evaluates the whole catalog: {}", plan.limitation());
            // each of these sessions holds the whole catalog: no more of them than cores
            everyItem = new PooledSessionEvaluator(rules, catalog,
                    Math.min(maxSessions, Math.max(2, Runtime.getRuntime().availableProcessors())));
            pool = null;
            probeSession = null;
            probes = null;
            return;
        }
        everyItem = new SessionPerRequestEvaluator(rules, catalog);
        probes = Caffeine.newBuilder().maximumSize(PROBES_CACHED).build();
        probeSession = preloadedProbeSession();
        pool = new WorkerPool<>(maxSessions, Worker::new);
        for (int i = 0; i < maxSessions; i++) pool.add(new Worker());
        if (previous != null) learnFrom(previous);
        // probes that compare with nothing from the contact are the same for everyone: answer them now
        for (CandidatePlan.Shape shape : plan.shapes()) {
            if (shape.matchesItems() && shape.probeVariables().isEmpty()) probe(shape, new Object[0]);
        }
    }

    /**
     * This evaluator for one more version with the same rules and catalog (a change of the journey
     * or account rules only): its probe answers stay, and it is disposed when the last version
     * holding it closes it. Null when it is closed already.
     */
    public TopKEvaluator shared() {
        for (int n = holders.get(); n > 0; n = holders.get()) {
            if (holders.compareAndSet(n, n + 1)) return this;
        }
        return null;
    }

    private void learnFrom(TopKEvaluator previous) {
        if (previous.probes == null || !previous.plan.imports().equals(plan.imports())) return;
        if (previous.catalog != catalog) {
            if (previous.rules == rules) learnEdits(previous);
            return;
        }
        Map<String, List<Integer>> sameProbe = new java.util.HashMap<>();
        for (CandidatePlan.Shape shape : plan.shapes()) {
            if (shape.probe() != null) sameProbe.computeIfAbsent(shape.probe(), p -> new ArrayList<>()).add(shape.index());
        }
        List<CandidatePlan.Shape> before = previous.plan.shapes();
        previous.probes.asMap().forEach((key, answer) -> {
            for (int index : sameProbe.getOrDefault(before.get(key.rule()).probe(), List.of())) {
                probes.put(new ProbeKey(index, key.values()), answer);
            }
        });
    }

    /**
     * The same rules on an edited catalog: an item of a file that did not change is the same object
     * at the same position, so each answer of the engine before stays right for all other items and
     * needs asking again only for the edited ones (a probe matches one item at a time). Too many edits,
     * or items added or removed, and everything is asked again.
     */
    private void learnEdits(TopKEvaluator previous) {
        if (previous.items.size() != items.size()) return;
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) if (items.get(i) != previous.items.get(i)) changed.add(i);
        if (changed.size() > items.size() / 4) return;
        edited = changed.stream().mapToInt(Integer::intValue).toArray();
        inherited = Map.copyOf(previous.probes.asMap());
        editedSession = plan.base().newKieSession();
        for (int i : edited) editedSession.insert(items.get(i));
    }

    /** Whether recommendations evaluate only the best-bounded items (false: the rules forced every item). */
    public boolean narrowing() { return pool != null; }

    /** The probe answers it holds: what its requests need no pass over the catalog for any more. */
    public long probesKnown() {
        return probes == null ? 0 : probes.estimatedSize();
    }

    /** Items the rules ran on per request, on average so far (0 when the rules forced evaluating every item). */
    public double itemsEvaluatedPerRequest() {
        long n = requests.sum();
        return n == 0 ? 0 : (double) evaluated.sum() / n;
    }

    @Override
    public Evaluation evaluate(Contact contact, Account account, LocalDate today) {
        return everyItem.evaluate(contact, account, today);
    }

    @Override
    public <R> R withCandidates(Contact contact, Account account, LocalDate today, Set<String> excludedIds, int wanted,
                                Function<Candidates, R> use) {
        if (pool == null) return everyItem.withCandidates(contact, account, today, excludedIds, wanted, use);
        return pool.use(worker -> worker.run(contact, account, today, excludedIds, wanted, use));
    }

    @Override
    public void close() {
        int left = holders.decrementAndGet();
        if (left > 0) return; // another version still serves with it
        if (left < 0) {
            holders.set(0); // closed twice
            return;
        }
        everyItem.close();
        if (pool == null) return;
        pool.close();
        synchronized (probeLock) {
            probeSession.dispose();
            probeSession = null;
            if (editedSession != null) editedSession.dispose();
            editedSession = null;
        }
    }

    private KieSession preloadedProbeSession() {
        KieSession session = plan.base().newKieSession();
        for (ContentItem item : items) session.insert(item);
        return session;
    }

    private record ProbeKey(int rule, List<Object> values) {}

    /** Catalog positions as bits (bit i of word i / 64), and how many there are. */
    private record ItemSet(long[] words, int size) {
        static ItemSet of(BitSet bits) { return new ItemSet(bits.toLongArray(), bits.cardinality()); }
    }

    /** The items a rule can fire for, given the values its item pattern compares with. */
    private ItemSet probe(CandidatePlan.Shape shape, Object[] values) {
        return probes.get(new ProbeKey(shape.index(), Arrays.asList(values)), key -> {
            FactType type = plan.probeType(shape.index());
            synchronized (probeLock) {
                ItemSet before = editedSession != null ? inherited.get(key) : null;
                // a request that started before close() may still miss: it gets a session of its own
                KieSession session = before != null ? editedSession : probeSession != null ? probeSession : preloadedProbeSession();
                try {
                    Object fact = type.newInstance();
                    for (int i = 0; i < values.length; i++) type.set(fact, "v" + i, values[i]);
                    FactHandle handle = session.insert(fact);
                    Planning.Probes found = Planning.collectProbes(positions, () -> session.fireAllRules(maxFirings));
                    session.delete(handle);
                    BitSet matched = found.found().getOrDefault(fact, new BitSet());
                    if (before == null) return ItemSet.of(matched);
                    BitSet patched = BitSet.valueOf(before.words()); // the answer before the edit, the edited items asked again
                    for (int i : edited) patched.clear(i);
                    patched.or(matched);
                    return ItemSet.of(patched);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot make the probe for rule " + shape.rule(), e);
                } finally {
                    if (session != probeSession && session != editedSession) session.dispose();
                }
            }
        });
    }

    private static int words(int bits) { return (bits + 63) >>> 6; }

    private static void or(long[] into, long[] words) {
        for (int w = 0; w < words.length && w < into.length; w++) into[w] |= words[w];
    }

    /** A planner session and a rule session with their scratch space; used by one thread at a time. */
    private final class Worker implements WorkerPool.Member {
        private final KieSession planner = plan.base().newKieSession();
        private final KieSession session = rules.kieBase().newKieSession();
        private final FiringGuard guard = new FiringGuard(rule -> {}, session, maxFiringsPerRule);
        private final double[] bound = new double[items.size()];
        private final int[] level = new int[items.size()];
        private final int[] histogram = new int[2 * BUCKETS];
        private final long[] excluded = new long[words(items.size())];
        private final long[] fallback = new long[words(items.size())];
        private boolean broken;

        Worker() {
            session.addEventListener((AgendaEventListener) guard);
            session.addEventListener((RuleRuntimeEventListener) guard);
        }

        <R> R run(Contact contact, Account account, LocalDate today, Set<String> excludedIds, int wanted, Function<Candidates, R> use) {
            bound(contact, account, today, excludedIds);
            requests.increment();
            Scorecard card = new Scorecard(contact.language(), catalog.taxonomy(), 4 * Math.max(16, wanted));
            guard.reset(card::enterRule);
            List<FactHandle> handles = new ArrayList<>();
            boolean reusable = false;
            try {
                handles.add(session.insert(contact));
                handles.add(session.insert(new Today(today)));
                if (account != null) handles.add(session.insert(account));
                R result = use.apply(new Top(card, handles, firstBatch > 0 ? firstBatch : Math.max(32, 2 * wanted)));
                reusable = !guard.rulesChangedFacts();
                return result;
            } finally {
                if (reusable) {
                    for (FactHandle handle : handles) session.delete(handle);
                } else {
                    broken = true;
                }
            }
        }

        /**
         * Fills bound, excluded, fallback and level for this contact. The hot loop of a large
         * catalog: plain arrays and bit tricks, no per-item objects.
         */
        private void bound(Contact contact, Account account, LocalDate today, Set<String> excludedIds) {
            List<Planning.Match> matches = Planning.collectMatches(() -> {
                FactHandle request = planner.insert(new PlanRequest());
                FactHandle who = planner.insert(contact);
                FactHandle when = planner.insert(new Today(today));
                // the account is one more per-request fact: planner rules join it like the contact
                FactHandle company = account == null ? null : planner.insert(account);
                try {
                    planner.fireAllRules(maxFirings);
                } finally {
                    planner.delete(request);
                    planner.delete(who);
                    planner.delete(when);
                    if (company != null) planner.delete(company);
                }
            });
            int n = items.size();
            Arrays.fill(bound, 0);
            Arrays.fill(excluded, 0);
            Arrays.fill(fallback, 0);
            double everyone = 0; // points every item may get: added once, not per item
            for (Planning.Match match : matches) {
                CandidatePlan.Shape shape = plan.shapes().get(match.rule());
                ItemSet set = probe(shape, match.values());
                double points = shape.maxPoints();
                if (points > 0 && set.size() > 0) {
                    if (set.size() > n / 2 && !Double.isInfinite(points)) {
                        // most items: give it to everyone and take it back from the few others
                        everyone += points;
                        add(set.words(), -points, true);
                    } else {
                        add(set.words(), points, false);
                    }
                }
                if (shape.exact() && shape.excludes()) or(excluded, set.words());
                if (shape.exact() && shape.fallsBack()) or(fallback, set.words());
            }
            for (String id : excludedIds) {
                Integer position = catalog.item(id).map(positions::get).orElse(null);
                if (position != null) excluded[position >>> 6] |= 1L << position;
            }
            Arrays.fill(histogram, 0);
            for (int i = 0; i < n; i++) {
                long bit = 1L << i;
                if ((excluded[i >>> 6] & bit) != 0) {
                    level[i] = -1;
                    continue;
                }
                double b = bound[i] + everyone + 1e-6; // rounding must never push a bound below the score
                int bucket = b >= BUCKETS - 1 ? BUCKETS - 1 : (int) b;
                level[i] = ((fallback[i >>> 6] & bit) != 0 ? 0 : BUCKETS) + bucket;
                histogram[level[i]]++;
            }
        }

        /** Adds the points to the bound of every item in the set (or of every item not in it). */
        private void add(long[] words, double points, boolean complement) {
            int n = items.size();
            for (int w = 0, count = words(n); w < count; w++) {
                long word = w < words.length ? words[w] : 0;
                if (complement) word = ~word & (w == count - 1 && n % 64 != 0 ? (1L << n % 64) - 1 : -1L);
                int base = w << 6;
                while (word != 0) {
                    bound[base + Long.numberOfTrailingZeros(word)] += points;
                    word &= word - 1;
                }
            }
        }

        @Override
        public boolean reusable() { return !broken; }

        @Override
        public void dispose() {
            planner.dispose();
            session.dispose();
        }

        /**
         * The candidates, evaluated in rounds from the best bound down. Items at a level at or
         * above {@code threshold} are evaluated; every other item's bound lies below
         * {@code threshold}'s points in its tier.
         */
        private final class Top implements Candidates {
            private final Scorecard card;
            private final Evaluation evaluation;
            private final List<FactHandle> handles;
            private final List<ContentItem> ranked = new ArrayList<>();
            private int threshold = 2 * BUCKETS;
            private int batch;
            private int certain;
            private int position;
            private int evaluatedHere;

            Top(Scorecard card, List<FactHandle> handles, int firstBatch) {
                this.card = card;
                this.evaluation = card.evaluation(0);
                this.handles = handles;
                this.batch = firstBatch;
            }

            @Override
            public ContentItem next() {
                while (position >= certain && threshold > 0) evaluateMore();
                return position < certain ? ranked.get(position++) : null;
            }

            @Override
            public boolean isFallback(ContentItem item) { return evaluation.isFallback(item); }

            @Override
            public Verdict verdict(ContentItem item) { return evaluation.verdict(item); }

            @Override
            public int evaluated() { return evaluatedHere; }

            private void evaluateMore() {
                int from = threshold;
                int count = 0;
                while (threshold > 0 && count < batch) count += histogram[--threshold];
                batch *= 2;
                List<ContentItem> added = new ArrayList<>(count);
                for (int i = 0; i < items.size(); i++) {
                    if (level[i] >= threshold && level[i] < from) { // excluded items are at level -1
                        ContentItem item = items.get(i);
                        handles.add(session.insert(item));
                        added.add(item);
                    }
                }
                evaluated.add(added.size());
                evaluatedHere += added.size();
                card.bind();
                try {
                    session.fireAllRules(maxFirings);
                    guard.throwIfRunaway();
                } finally {
                    Scorecard.unbind();
                }
                for (ContentItem item : added) if (!evaluation.isExcluded(item)) ranked.add(item);
                ranked.sort(RankOrder.by(evaluation));
                certain = threshold == 0 ? ranked.size() : certainPrefix();
            }

            /** How many of the ranked items no unevaluated item can come before. */
            private int certainPrefix() {
                boolean ownTierLeft = threshold > BUCKETS;
                double below = ownTierLeft ? threshold - BUCKETS : threshold; // every unevaluated bound is lower
                int n = 0;
                for (ContentItem item : ranked) {
                    boolean demoted = evaluation.isFallback(item);
                    boolean sure = ownTierLeft ? !demoted && evaluation.score(item) >= below
                            : !demoted || evaluation.score(item) >= below;
                    if (!sure) break;
                    n++;
                }
                return n;
            }
        }
    }
}
