package de.wegweiser.domain;

import java.util.Set;

/**
 * What the CMS tells us about a contact. The journey state (phase, status, score) is not part of
 * it: that is inferred from events, or set explicitly.
 *
 * @param role             persona role id
 * @param existingCustomer whether the company already bought from us
 */
public record ContactProfile(String id, String role, Set<String> concerns, Set<String> topics, String language,
                             String account, String industry, boolean existingCustomer) {
    public ContactProfile {
        concerns = Set.copyOf(concerns);
        topics = Set.copyOf(topics);
    }

    /** The contact as the rules see it in a given state, with the items it consumed. */
    public Contact toContact(ContactState state, Set<String> consumed) {
        return new Contact(id, role, concerns, state.phase(), language, consumed, account, industry, topics,
                state.lifecycle(), existingCustomer);
    }
}
