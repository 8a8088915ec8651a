package de.wegweiser.rules;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Today;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback for rules outside the {@link CandidatePlan} contract (the shipped strategy is
 * {@link TopKEvaluator}): long-lived sessions, one per worker, each with the whole catalog
 * preloaded. A request only inserts its contact and day, fires, and deletes them again, so the
 * constraints rules put on items alone are evaluated once per catalog version instead of once per
 * request, and no session is built per request.
 *
 * <p>Gives exactly the verdicts of {@link SessionPerRequestEvaluator}:
 * <ul>
 *   <li>A rule that fires with the catalog alone (it joins neither {@code Contact} nor {@code Today})
 *       would fire once at preload instead of in every request. The first session is probed for
 *       that; such a rule book is evaluated with a fresh session per request instead (logged).</li>
 *   <li>A request in which a rule inserted, updated or deleted a fact, failed or ran away leaves
 *       its session in a state no other request may see: that session is disposed, not reused.</li>
 * </ul>
 *
 * <p>Thread-safe. A session is used by one thread at a time; at most {@code maxSessions} exist,
 * further callers wait for one. {@link #close()} may run while evaluations are in flight: they
 * finish on their session, which is disposed when it comes back; a call that starts after
 * {@code close()} still gets a correct answer from a session made and disposed for it alone.
 */
public final class PooledSessionEvaluator implements Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(PooledSessionEvaluator.class);

    private final RuleBook rules;
    private final Catalog catalog;
    private final int maxFiringsPerRule;
    private final int maxFirings;
    private final WorkerPool<Worker> pool;
    private final AtomicInteger liveSessions = new AtomicInteger();
    /** Set when the rules cannot run in a long-lived session; then every call uses it. */
    private final SessionPerRequestEvaluator perRequest;

    /** One session per core. */
    public PooledSessionEvaluator(RuleBook rules, Catalog catalog) {
        this(rules, catalog, Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /** @param maxSessions sessions kept at most; more concurrent callers wait for a free one */
    public PooledSessionEvaluator(RuleBook rules, Catalog catalog, int maxSessions) {
        this.rules = rules;
        this.catalog = catalog;
        this.maxFiringsPerRule = FiringGuard.limitFor(catalog.items().size());
        this.maxFirings = maxFiringsPerRule * Math.max(1, rules.rules().size());
        this.pool = new WorkerPool<>(maxSessions, Worker::new);

        Worker probe = new Worker();
        String staticRule = probe.ruleFiredAtPreload;
        if (staticRule != null) {
            probe.dispose();
            LOG.warn("Rule \"{}\" fires without a contact, so the catalog cannot be preloaded; every request gets a fresh session (slower)",
                    staticRule);
            perRequest = new SessionPerRequestEvaluator(rules, catalog);
            return;
        }
        perRequest = null;
        pool.add(probe);
        // all sessions up front: the preload cost belongs to loading a version, not to a request
        for (int i = 1; i < maxSessions; i++) pool.add(new Worker());
    }

    @Override
    public Evaluation evaluate(Contact contact, Account account, LocalDate today) {
        if (perRequest != null) return perRequest.evaluate(contact, account, today);
        return pool.use(worker -> worker.evaluate(contact, account, today));
    }

    @Override
    public <R> R withCandidates(Contact contact, Account account, LocalDate today, Set<String> excludedIds, int wanted,
                                Function<Candidates, R> use) {
        return use.apply(Candidates.of(catalog.items(), evaluate(contact, account, today), excludedIds));
    }

    /** Whether requests run on preloaded sessions (false: the rules forced a session per request). */
    public boolean pooled() { return perRequest == null; }

    /** Sessions currently alive (idle or in use). */
    public int liveSessions() { return liveSessions.get(); }

    @Override
    public void close() {
        pool.close();
    }

    /** One long-lived session with the catalog preloaded; used by one thread at a time. */
    private final class Worker implements WorkerPool.Member {
        private final KieSession session;
        private final FiringGuard guard;
        private final String ruleFiredAtPreload;
        private boolean broken;
        private boolean disposed;

        Worker() {
            session = rules.kieBase().newKieSession();
            liveSessions.incrementAndGet();
            Scorecard probe = new Scorecard("en", catalog.taxonomy());
            guard = new FiringGuard(probe::enterRule, session, maxFiringsPerRule);
            session.addEventListener((AgendaEventListener) guard);
            session.addEventListener((RuleRuntimeEventListener) guard);
            String fired = null;
            probe.bind();
            try {
                for (ContentItem item : catalog.items()) session.insert(item);
                // every rule joins a per-request fact, so nothing may fire yet; if something does, it is named
                FirstRule first = new FirstRule();
                session.addEventListener(first);
                try {
                    if (session.fireAllRules(maxFirings) > 0) fired = first.name != null ? first.name : "?";
                } catch (RuntimeException e) {
                    fired = first.name != null ? first.name : "?";
                } finally {
                    session.removeEventListener(first);
                }
            } catch (RuntimeException e) {
                dispose();
                throw e;
            } finally {
                Scorecard.unbind();
            }
            ruleFiredAtPreload = fired;
        }

        Evaluation evaluate(Contact contact, Account account, LocalDate today) {
            Scorecard card = new Scorecard(contact.language(), catalog.taxonomy(), catalog.items().size());
            guard.reset(card::enterRule);
            FactHandle contactHandle = null;
            FactHandle todayHandle = null;
            FactHandle accountHandle = null;
            boolean reusable = false;
            card.bind();
            try {
                contactHandle = session.insert(contact);
                todayHandle = session.insert(new Today(today));
                if (account != null) accountHandle = session.insert(account);
                int fired = session.fireAllRules(maxFirings);
                guard.throwIfRunaway();
                reusable = !guard.rulesChangedFacts();
                return card.evaluation(fired);
            } finally {
                Scorecard.unbind();
                if (reusable) {
                    // back to the preloaded state; nothing fires until the next request's facts are in
                    session.delete(contactHandle);
                    session.delete(todayHandle);
                    if (accountHandle != null) session.delete(accountHandle);
                } else {
                    broken = true;
                }
            }
        }

        @Override
        public boolean reusable() { return !broken; }

        @Override
        public void dispose() {
            if (disposed) return;
            disposed = true;
            liveSessions.decrementAndGet();
            session.dispose();
        }
    }

    /** Remembers the first rule that fires. */
    private static final class FirstRule extends org.kie.api.event.rule.DefaultAgendaEventListener {
        String name;

        @Override
        public void beforeMatchFired(org.kie.api.event.rule.BeforeMatchFiredEvent event) {
            if (name == null) name = event.getMatch().getRule().getName();
        }
    }
}
