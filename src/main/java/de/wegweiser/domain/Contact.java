package de.wegweiser.domain;

import java.util.Set;

/**
 * One person at a prospect or customer company: the fact every rule joins.
 *
 * @param id               the CMS's id for the contact
 * @param role             persona role id from the taxonomy, e.g. {@code head-of-sales}
 * @param concerns         concern ids the contact stated (may be empty)
 * @param phase            current journey phase
 * @param language         preferred language id, {@code de} or {@code en}
 * @param consumed         ids of catalog items the contact already consumed
 * @param account          company/account id, or null
 * @param industry         industry, free text, or null
 * @param topics           topic ids of interest (may be empty)
 * @param lifecycle        lifecycle status, or null when unknown
 * @param existingCustomer whether the company already bought from us
 */
public record Contact(
        String id,
        String role,
        Set<String> concerns,
        JourneyPhase phase,
        String language,
        Set<String> consumed,
        String account,
        String industry,
        Set<String> topics,
        LifecycleStatus lifecycle,
        boolean existingCustomer) {

    public Contact {
        concerns = Set.copyOf(concerns);
        consumed = Set.copyOf(consumed);
        topics = Set.copyOf(topics);
    }

    /**
     * A customer is someone who bought: flagged as existing customer, in lifecycle status
     * customer, or already on the customer's side of the journey.
     */
    public boolean isCustomer() {
        return existingCustomer || lifecycle == LifecycleStatus.CUSTOMER || phase.isCustomerJourney();
    }

    public boolean isProspect() { return !isCustomer(); }

    /** The phase after the current one (advocacy stays advocacy). */
    public JourneyPhase nextPhase() { return phase.next(); }

    public boolean hasConsumed(String itemId) { return consumed.contains(itemId); }

    /** No status yet, or one before the given status: {@code Contact( lifecycleBefore(LifecycleStatus.MQL) )}. */
    public boolean lifecycleBefore(LifecycleStatus status) {
        return lifecycle == null || lifecycle.isBefore(status);
    }
}
