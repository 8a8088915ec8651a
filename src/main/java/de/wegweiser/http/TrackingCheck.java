package de.wegweiser.http;

import de.wegweiser.insights.Trace;
import java.util.Optional;

/** Whether an impression or click names an answer the service gave, and an item of that answer. */
final class TrackingCheck {

    private TrackingCheck() {}

    /** @param trace the answer's trace, or null when no answer has the id */
    static Optional<FieldError> check(Trace trace, String trackingId, String itemId, String trackingField, String itemField) {
        if (trace == null) {
            return Optional.of(new FieldError(trackingField, "no recommendation answer has the trackingId '%s'; send the trackingId "
                    .formatted(trackingId) + "of the answer that showed the item"));
        }
        if (itemId != null && !trace.contains(itemId)) {
            return Optional.of(new FieldError(itemField, "'%s' was not in the answer %s; it recommended: %s"
                    .formatted(itemId, trackingId, String.join(", ", trace.items().keySet()))));
        }
        return Optional.empty();
    }
}
