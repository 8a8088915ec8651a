package de.wegweiser.rules;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.Today;
import java.time.LocalDate;
import java.util.Set;
import java.util.function.Function;
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
    public Evaluation evaluate(Contact contact, Account account, LocalDate today) {
        KieSession session = rules.kieBase().newKieSession();
        Scorecard card = new Scorecard(contact.language(), catalog.taxonomy(), catalog.items().size());
        FiringGuard guard = new FiringGuard(card::enterRule, session, maxFiringsPerRule);
        try {
            session.addEventListener((org.kie.api.event.rule.AgendaEventListener) guard);
            session.addEventListener((RuleRuntimeEventListener) guard);
            session.insert(contact);
            if (account != null) session.insert(account);
            session.insert(new Today(today));
            for (ContentItem item : catalog.items()) session.insert(item);
            card.bind();
            int fired = session.fireAllRules(maxFiringsPerRule * Math.max(1, rules.rules().size()));
            guard.throwIfRunaway();
            return card.evaluation(fired);
        } finally {
            Scorecard.unbind();
            session.dispose();
        }
    }

    @Override
    public <R> R withCandidates(Contact contact, Account account, LocalDate today, Set<String> excludedIds, int wanted,
                                Function<Candidates, R> use) {
        return use.apply(Candidates.of(catalog.items(), evaluate(contact, account, today), excludedIds));
    }
}
