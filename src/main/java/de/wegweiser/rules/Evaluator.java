package de.wegweiser.rules;

import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import java.time.LocalDate;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs one compiled rule book over one catalog for a contact. The strategy behind it (a session
 * per request, pooled sessions, pre-filtered candidates, ...) may change; rules and callers do not.
 * Implementations are thread-safe: callers on many threads share one evaluator.
 */
public interface Evaluator extends AutoCloseable {

    /**
     * @throws RunawayRuleException when a rule keeps firing (for example an endless update loop)
     */
    default Evaluation evaluate(Contact contact, LocalDate today) {
        return evaluate(contact, null, today);
    }

    /**
     * @param account the contact's account as the account rules judged it, a fact recommendation rules may
     *                join; null when the contact has none or the rules do not use it
     * @throws RunawayRuleException when a rule keeps firing
     */
    Evaluation evaluate(Contact contact, Account account, LocalDate today);

    /**
     * Hands the contact's candidates, best first, to {@code use} and returns what it returns: the
     * hot path, which may evaluate only as many items as {@code use} reads.
     *
     * @param excludedIds items to leave out whatever the rules say (e.g. paused for the contact)
     * @param wanted      about how many candidates {@code use} will read
     * @throws RunawayRuleException when a rule keeps firing
     */
    default <R> R withCandidates(Contact contact, LocalDate today, Set<String> excludedIds, int wanted, Function<Candidates, R> use) {
        return withCandidates(contact, null, today, excludedIds, wanted, use);
    }

    /** Like {@link #withCandidates(Contact, LocalDate, Set, int, Function)}, with the contact's account as a fact (or null). */
    <R> R withCandidates(Contact contact, Account account, LocalDate today, Set<String> excludedIds, int wanted,
                         Function<Candidates, R> use);

    /** Releases pooled resources; the evaluator must not be used afterwards. */
    @Override
    default void close() {}
}
