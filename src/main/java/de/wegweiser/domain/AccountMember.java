package de.wegweiser.domain;

import java.util.Set;

/**
 * One stored contact as a member of its account's buying center: what the account rules know
 * about each person.
 *
 * @param contactId    the contact's id
 * @param concerns     the concerns the contact stated itself
 * @param lifecycle    the contact's status, or null
 * @param leadScore    the contact's lead score as of now (faded)
 * @param active       whether the contact engaged within the setting {@code activeDays}
 * @param seenConcerns concerns of the items the contact consumed
 */
public record AccountMember(String contactId, String role, Set<String> concerns, JourneyPhase phase, LifecycleStatus lifecycle,
                            double leadScore, boolean active, Set<String> seenConcerns) {

    public AccountMember {
        concerns = Set.copyOf(concerns);
        seenConcerns = Set.copyOf(seenConcerns);
    }

    /** Bought, or on the customer's side of the journey. */
    public boolean isCustomer() { return lifecycle == LifecycleStatus.CUSTOMER || phase.isCustomerJourney(); }

    public boolean hasSeen(String concern) { return seenConcerns.contains(concern); }
}
