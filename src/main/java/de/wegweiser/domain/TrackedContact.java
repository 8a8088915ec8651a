package de.wegweiser.domain;

import java.time.Instant;
import java.util.Set;

/** A contact the service remembers: the CMS's profile and the inferred journey state. */
public record TrackedContact(ContactProfile profile, ContactState state, Instant createdAt, Instant updatedAt) {

    public String id() { return profile.id(); }

    /** The contact as the rules see it, with the items it consumed. */
    public Contact toContact(Set<String> consumed) {
        return profile.toContact(state, consumed);
    }
}
