package de.wegweiser.rules;

import de.wegweiser.domain.Contact;
import java.time.LocalDate;

/**
 * Runs one compiled rule book over one catalog for a contact. The strategy behind it (a session
 * per request, pooled sessions, pre-filtered candidates, ...) may change; rules and callers do not.
 * Implementations are thread-safe: callers on many threads share one evaluator.
 */
public interface Evaluator extends AutoCloseable {

    /**
     * @throws RunawayRuleException when a rule keeps firing (for example an endless update loop)
     */
    Evaluation evaluate(Contact contact, LocalDate today);

    /** Releases pooled resources; the evaluator must not be used afterwards. */
    @Override
    default void close() {}
}
