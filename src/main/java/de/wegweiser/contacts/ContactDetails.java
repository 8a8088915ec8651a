package de.wegweiser.contacts;

import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.PausedItem;
import de.wegweiser.domain.TrackedContact;
import java.util.List;

/**
 * Everything the service knows about a contact, as of a moment.
 *
 * @param leadScore          the score decayed to that moment
 * @param paused             items paused beyond that moment
 * @param history            changes of phase and status and pauses, oldest first
 * @param recentScoreChanges the latest points, oldest first
 */
public record ContactDetails(TrackedContact contact, double leadScore, List<ConsumedItem> consumed, List<PausedItem> paused,
                             List<JourneyChange> history, List<JourneyChange> recentScoreChanges) {}
