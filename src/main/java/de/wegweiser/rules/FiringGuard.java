package de.wegweiser.rules;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/**
 * Tells the scorecard which rule is firing and halts the session when one rule fires more
 * often than it sensibly can, or when the request's rules run longer than the time budget: a
 * loop must not hang a request. The rule blamed is the one that
 * changed facts most often (update, insert, delete), since a loop needs a rule that changes a
 * fact; the rules it re-triggers may well fire more often than the culprit itself.
 *
 * <p>One guard per session; a long-lived session {@linkplain #reset(Consumer) resets} it per request.
 */
final class FiringGuard extends DefaultAgendaEventListener implements RuleRuntimeEventListener {

    private final KieSession session;
    private final int limit;
    // keyed by the rule object: a name lookup per firing would cost more than the firing's bookkeeping
    private final Map<Rule, int[]> counts = new HashMap<>();
    private final Map<Rule, int[]> changes = new HashMap<>();
    private Consumer<String> ruleEntered;
    private boolean halted;
    private long deadline;
    private int firings;
    private Rule timedOut;

    /** @param ruleEntered told the name of each rule just before its right-hand side runs (the scorecard, the journey journal) */
    FiringGuard(Consumer<String> ruleEntered, KieSession session, int limit) {
        this.ruleEntered = ruleEntered;
        this.session = session;
        this.limit = limit;
        this.deadline = now() + budgetMillis() * 1_000_000;
    }

    /**
     * The CPU time one request's rules may take, in milliseconds (system property
     * {@code wegweiser.rules.budget-ms}, default 2,000): far above any real request (under 100 ms on
     * 10,000 items) and far below a client's patience. CPU time of the thread that fires, not
     * wall time, so a busy machine does not stop requests that merely wait for a core.
     */
    static long budgetMillis() {
        return Long.getLong("wegweiser.rules.budget-ms", 2_000);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private static long now() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** A rule may fire once per item and concern or topic; far beyond that it is looping. */
    static int limitFor(int items) {
        return 20 * (items + 10);
    }

    /** Starts a new request on the same session. */
    void reset(Consumer<String> next) {
        ruleEntered = next;
        counts.clear();
        changes.clear();
        halted = false;
        timedOut = null;
        firings = 0;
        deadline = now() + budgetMillis() * 1_000_000;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        Rule rule = event.getMatch().getRule();
        ruleEntered.accept(rule.getName());
        int[] count = counts.get(rule);
        if (count == null) counts.put(rule, count = new int[1]);
        if (++count[0] > limit && !halted) {
            halted = true;
            session.halt();
        } else if (!halted && (firings++ & 15) == 0 && now() - deadline > 0) { // the clock costs about a firing: every 16th
            halted = true;
            timedOut = rule;
            session.halt();
        }
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) { changedBy(event.getRule()); }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) { changedBy(event.getRule()); }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) { changedBy(event.getRule()); }

    private void changedBy(Rule rule) {
        if (rule != null) changes.computeIfAbsent(rule, r -> new int[1])[0]++;
    }

    /** Whether any rule changed facts during this request (a long-lived session must then be rebuilt). */
    boolean rulesChangedFacts() {
        return !changes.isEmpty();
    }

    void throwIfRunaway() {
        if (timedOut != null) throw new RuleTimeoutException(timedOut.getName(), counts.get(timedOut)[0], budgetMillis());
        boolean capped = halted || counts.values().stream().anyMatch(c -> c[0] >= limit);
        if (!capped) return;
        Map<Rule, int[]> blame = changes.isEmpty() ? counts : changes;
        Rule culprit = blame.entrySet().stream()
                .max(Map.Entry.<Rule, int[]>comparingByValue(Comparator.comparingInt(c -> c[0]))
                        .thenComparing(e -> e.getKey().getName()))
                .map(Map.Entry::getKey).orElse(null);
        if (culprit == null) throw new RunawayRuleException("?", 0);
        throw new RunawayRuleException(culprit.getName(), counts.getOrDefault(culprit, new int[1])[0]);
    }
}
