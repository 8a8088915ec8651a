package de.wegweiser.storage;

import de.wegweiser.domain.TrackedContact;
import java.util.Set;

/**
 * A stored contact as a mailing reads it: the profile and state, what it consumed (never sent
 * again) and what a journey rule paused for it.
 */
public record SegmentContact(TrackedContact contact, Set<String> consumed, Set<String> paused) {}
