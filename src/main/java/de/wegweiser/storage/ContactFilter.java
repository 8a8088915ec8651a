package de.wegweiser.storage;

import java.util.Set;

/**
 * Which stored contacts a mailing goes to; an empty set or a null field does not filter. Values
 * are ids as stored (phase and status ids, taxonomy ids), checked by the caller.
 *
 * @param phases      the contact is in one of these phases
 * @param roles       the contact has one of these roles
 * @param languages   the contact speaks one of these languages
 * @param lifecycles  the contact has one of these lifecycle statuses
 * @param account     the contact belongs to this account
 * @param consumed    the contact consumed this item
 * @param notConsumed the contact did not consume this item
 */
public record ContactFilter(Set<String> phases, Set<String> roles, Set<String> languages, Set<String> lifecycles,
                            String account, String consumed, String notConsumed) {

    public static final ContactFilter ALL = new ContactFilter(Set.of(), Set.of(), Set.of(), Set.of(), null, null, null);

    public ContactFilter {
        phases = Set.copyOf(phases);
        roles = Set.copyOf(roles);
        languages = Set.copyOf(languages);
        lifecycles = Set.copyOf(lifecycles);
    }
}
