package de.wegweiser.http;

import de.wegweiser.contacts.ContactService;
import de.wegweiser.contacts.EventConflictException;
import de.wegweiser.contacts.UnknownContactException;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.insights.Tracker;
import io.javalin.http.Context;
import java.util.List;

/** The contact API: profiles, events, and recommendations for a stored contact. Parse, delegate, respond. */
final class ContactController {

    static final int MAX_ID_LENGTH = 200;

    private final ContactService contacts;
    private final RecommendationService recommendations;
    private final Tracker tracker;

    ContactController(ContactService contacts, RecommendationService recommendations, Tracker tracker) {
        this.contacts = contacts;
        this.recommendations = recommendations;
        this.tracker = tracker;
    }

    void put(Context ctx) {
        String id = contactId(ctx);
        var update = reader().profile(id, Json.body(ctx));
        var saved = contacts.save(update.profile(), update.phase(), update.lifecycle());
        ctx.status(saved.created() ? 201 : 200);
        Json.respond(ctx, ContactView.Contact.of(saved.contact()));
    }

    void get(Context ctx) {
        String id = contactId(ctx);
        Json.respond(ctx, ContactView.Contact.of(contacts.find(id).orElseThrow(() -> new UnknownContactException(id))));
    }

    /** Erasure is idempotent: erasing a contact that is gone answers 204 as well. */
    void delete(Context ctx) {
        contacts.erase(contactId(ctx));
        ctx.status(204);
    }

    void events(Context ctx) {
        String id = contactId(ctx);
        var events = reader().events(Json.body(ctx), recommendations.snapshot().catalog(), contacts.now(),
                ContactService.MAX_BATCH, ContactService.FUTURE_TOLERANCE, ContactService.EARLIEST_EVENT_TIME);
        List<FieldError> untraced = new java.util.ArrayList<>();
        for (int i = 0; i < events.events().size(); i++) {
            var event = events.events().get(i);
            if (event.trackingId() == null) continue;
            var trace = tracker.find(event.trackingId());
            TrackingCheck.check(trace.orElse(null), event.trackingId(), event.itemId(), events.path(i, "trackingId"), events.path(i, "itemId"))
                    .ifPresent(untraced::add);
        }
        if (!untraced.isEmpty()) throw ApiException.badRequest(untraced);
        try {
            Json.respond(ctx, ContactView.Receipt.of(contacts.record(id, events.events())));
        } catch (EventConflictException e) {
            List<FieldError> errors = e.differences().stream()
                    .map(d -> new FieldError(events.path(e.index(), d.field()), d.message())).toList();
            throw new ApiException(409, "Event conflict", e.getMessage(), errors);
        }
    }

    void recommendations(Context ctx) {
        String id = contactId(ctx);
        int limit = RequestReader.limitParameter(ctx.queryParam("limit"));
        FieldSelection fields = RecommendationController.fields(ctx);
        if (RecommendationController.explainRequested(ctx)) {
            var explained = contacts.explain(id, limit);
            Json.respond(ctx, ExplainView.Recommendations.of(explained, tracker.track(explained.result())));
        } else {
            var result = contacts.recommend(id, limit);
            Json.respond(ctx, RecommendationView.of(result, tracker.track(result), fields));
        }
    }

    private RequestReader reader() {
        return new RequestReader(recommendations.snapshot().catalog().taxonomy());
    }

    private static String contactId(Context ctx) {
        String id = ctx.pathParam("id");
        if (id.isBlank() || id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(List.of(new FieldError("id",
                    "a contact id has 1 to %d characters without control characters".formatted(MAX_ID_LENGTH))));
        }
        return id;
    }
}
