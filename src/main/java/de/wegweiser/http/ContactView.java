package de.wegweiser.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import de.wegweiser.contacts.ContactDetails;
import de.wegweiser.contacts.EventReceipt;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.JourneyChange;
import de.wegweiser.domain.PausedItem;
import java.time.Instant;
import java.util.List;

/** Response bodies of the contact API: kebab-case ids, ISO times, reasons in the contact's language. */
final class ContactView {

    private ContactView() {}

    /** {@code GET /api/v1/contacts/{id}} (and the answer to PUT). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Contact(String id, String role, List<String> concerns, List<String> topics, String language, String account,
                   String industry, boolean existingCustomer, String phase, String lifecycle, double leadScore, long events,
                   Instant lastEngagementAt, List<Consumed> consumed, List<Paused> paused, List<Change> history,
                   List<Change> recentScoreChanges, Instant createdAt, Instant updatedAt) {

        static Contact of(ContactDetails details) {
            ContactProfile p = details.contact().profile();
            ContactState s = details.contact().state();
            String language = p.language();
            return new Contact(p.id(), p.role(), p.concerns().stream().sorted().toList(), p.topics().stream().sorted().toList(),
                    language, p.account(), p.industry(), p.existingCustomer(), s.phase().id(),
                    s.lifecycle() == null ? null : s.lifecycle().id(), round(details.leadScore()), s.events(), s.lastEngagementAt(),
                    details.consumed().stream().map(Consumed::of).toList(),
                    details.paused().stream().map(pause -> Paused.of(pause, language)).toList(),
                    details.history().stream().map(c -> Change.of(c, language)).toList(),
                    details.recentScoreChanges().stream().map(c -> Change.of(c, language)).toList(),
                    details.contact().createdAt(), details.contact().updatedAt());
        }
    }

    record Consumed(String itemId, Instant at, String eventId) {
        static Consumed of(ConsumedItem item) { return new Consumed(item.itemId(), item.at(), item.eventId()); }
    }

    record Paused(String itemId, Instant until, String rule, String reason) {
        static Paused of(PausedItem pause, String language) {
            return new Paused(pause.itemId(), pause.until(), pause.rule(), pause.reason(language));
        }
    }

    /** One entry of the history: what changed, from what to what, which rule said so and why. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Change(Instant at, String change, String from, String to, Double points, String rule, String reason, String eventId) {
        static Change of(JourneyChange c, String language) {
            return new Change(c.at(), c.kind().id(), c.from(), c.to(), c.kind() == JourneyChange.Kind.SCORE ? round(c.points()) : null,
                    c.rule(), c.reason(language), c.eventId());
        }
    }

    /** {@code POST /api/v1/contacts/{id}/events}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Receipt(String contactId, int received, int stored, int duplicates, List<Outcome> events, String phase,
                   String lifecycle, double leadScore, List<Change> changes) {

        static Receipt of(EventReceipt receipt) {
            int stored = (int) receipt.events().stream().filter(EventReceipt.Outcome::stored).count();
            return new Receipt(receipt.contactId(), receipt.events().size(), stored, receipt.events().size() - stored,
                    receipt.events().stream().map(o -> new Outcome(o.eventId(), o.stored() ? "stored" : "duplicate")).toList(),
                    receipt.state().phase().id(), receipt.state().lifecycle() == null ? null : receipt.state().lifecycle().id(),
                    round(receipt.leadScore()), receipt.changes().stream().map(c -> Change.of(c, receipt.language())).toList());
        }
    }

    /** @param status {@code stored}, or {@code duplicate} when the same event was stored before */
    record Outcome(String id, String status) {}

    /** Scores decay continuously; two decimals are all anyone reads. */
    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
