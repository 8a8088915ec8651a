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
        FiringGuard guard = new FiringGuard(card, session, maxFiringsPerRule);
        try {
            session.addEventListener(guard);
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
     * often than it sensibly can: a loop must not hang a request.
     */
    static final class FiringGuard extends DefaultAgendaEventListener {
        private final Scorecard card;
        private final KieSession session;
        private final int limit;
        private final Map<String, int[]> counts = new HashMap<>();
        private String runaway;

        FiringGuard(Scorecard card, KieSession session, int limit) {
            this.card = card;
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
            card.enterRule(rule);
            int count = ++counts.computeIfAbsent(rule, r -> new int[1])[0];
            if (count > limit && runaway == null) {
                runaway = rule;
                session.halt();
            }
        }

        void throwIfRunaway() {
            if (runaway != null) throw new RunawayRuleException(runaway, counts.get(runaway)[0]);
            // fireAllRules(max) stopped by its own cap: name the busiest rule
            counts.entrySet().stream().filter(e -> e.getValue()[0] >= limit).findFirst()
                    .ifPresent(e -> { throw new RunawayRuleException(e.getKey(), e.getValue()[0]); });
        }
    }
}
