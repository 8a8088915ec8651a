package de.wegweiser.contacts;

import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.JourneyChange;
import java.util.List;

/**
 * What became of a request's events, once committed.
 *
 * @param events    one outcome per event of the request, in request order
 * @param leadScore the score as of now
 * @param changes   what the new events changed, in order (points included)
 */
public record EventReceipt(String contactId, String language, List<Outcome> events, ContactState state, double leadScore,
                           List<JourneyChange> changes) {

    /** @param stored false when the same event was stored before: it is not stored or judged again */
    public record Outcome(String eventId, boolean stored) {}
}
