package de.wegweiser.rules;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Today;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.KieSession;

/**
 * The straightforward strategy: a fresh session per request with the contact, the day and every
 * catalog item inserted. Simple and obviously correct; the reference the faster strategies are
 * tested against. Sessions are never shared between threads.
 */
public final class SessionPerRequestEvaluator implements Evaluator {

    private final RuleBook rules;
    private final Catalog catalog;
    private final int maxFiringsPerRule;

    public SessionPerRequestEvaluator(RuleBook rules, Catalog catalog) {
        this.rules = rules;
        this.catalog = catalog;
        this.maxFiringsPerRule = FiringGuard.limitFor(catalog.items().size());
    }

    @Override
    public Evaluation evaluate(Contact contact, LocalDate today) {
        KieSession session = rules.kieBase().newKieSession();
        Scorecard card = new Scorecard(contact.language(), catalog.taxonomy());
        FiringGuard guard = new FiringGuard(card::enterRule, session, maxFiringsPerRule);
        try {
            session.addEventListener((org.kie.api.event.rule.AgendaEventListener) guard);
            session.addEventListener((RuleRuntimeEventListener) guard);
            session.insert(contact);
            session.insert(new Today(today));
            for (ContentItem item : catalog.items()) session.insert(item);
            card.bind();
            int fired = session.fireAllRules(maxFiringsPerRule * Math.max(1, rules.rules().size()));
            guard.throwIfRunaway();
            return new Evaluation(card.verdicts(), fired);
        } finally {
            Scorecard.unbind();
            session.dispose();
        }
    }

    /**
     * Tells the scorecard which rule is firing and halts the session when one rule fires more
     * often than it sensibly can: a loop must not hang a request. The rule blamed is the one that
     * changed facts most often (update, insert, delete), since a loop needs a rule that changes a
     * fact; the rules it re-triggers may well fire more often than the culprit itself.
     */
    static final class FiringGuard extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
        private final java.util.function.Consumer<String> ruleEntered;
        private final KieSession session;
        private final int limit;
        private final Map<String, int[]> counts = new HashMap<>();
        private final Map<String, int[]> changes = new HashMap<>();
        private boolean halted;

        /** @param ruleEntered told the name of each rule just before its right-hand side runs */
        FiringGuard(java.util.function.Consumer<String> ruleEntered, KieSession session, int limit) {
            this.ruleEntered = ruleEntered;
            this.session = session;
            this.limit = limit;
        }

        /** A rule may fire once per item and concern or topic; far beyond that it is looping. */
        static int limitFor(int items) {
            return 20 * (items + 10);
        }

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            String rule = event.getMatch().getRule().getName();
            ruleEntered.accept(rule);
            int count = ++counts.computeIfAbsent(rule, r -> new int[1])[0];
            if (count > limit && !halted) {
                halted = true;
                session.halt();
            }
        }

        @Override
        public void objectInserted(ObjectInsertedEvent event) { changedBy(event.getRule()); }

        @Override
        public void objectUpdated(ObjectUpdatedEvent event) { changedBy(event.getRule()); }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) { changedBy(event.getRule()); }

        private void changedBy(org.kie.api.definition.rule.Rule rule) {
            if (rule != null) changes.computeIfAbsent(rule.getName(), r -> new int[1])[0]++;
        }

        void throwIfRunaway() {
            boolean capped = halted || counts.values().stream().anyMatch(c -> c[0] >= limit);
            if (!capped) return;
            Map<String, int[]> blame = changes.isEmpty() ? counts : changes;
            String culprit = blame.entrySet().stream()
                    .max(Map.Entry.<String, int[]>comparingByValue(java.util.Comparator.comparingInt(c -> c[0]))
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).orElse("?");
            throw new RunawayRuleException(culprit, counts.getOrDefault(culprit, new int[1])[0]);
        }
    }
}
