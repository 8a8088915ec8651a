package de.wegweiser.http;

import de.wegweiser.batch.Mailing;
import de.wegweiser.batch.Segment;
import de.wegweiser.batch.StoredRecipients;
import de.wegweiser.contacts.ContactService;
import de.wegweiser.insights.Tracker;
import de.wegweiser.recommend.RecommendationService;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/recommendations/export}: the recommendations for every stored contact of a
 * segment, streamed as they are made (JSON Lines or CSV) with constant memory. Every parameter is
 * checked before the first byte goes out, so a mistake is still a 400 problem. Contacts come in the
 * order of their ids: {@code after} (the contactId of the last line received) resumes an export that
 * was cut off, {@code max} fetches it in portions.
 */
final class ExportController {

    private static final Logger LOG = LoggerFactory.getLogger(ExportController.class);
    static final List<String> PARAMETERS;

    static {
        List<String> all = new ArrayList<>(Segment.FILTERS);
        all.addAll(List.of("format", "limit", "after", "max"));
        PARAMETERS = List.copyOf(all);
    }

    private final ContactService contacts;
    private final RecommendationService recommendations;
    private final Tracker tracker;

    ExportController(ContactService contacts, RecommendationService recommendations, Tracker tracker) {
        this.contacts = contacts;
        this.recommendations = recommendations;
        this.tracker = tracker;
    }

    void export(Context ctx) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        Map<String, List<String>> filters = new HashMap<>();
        ctx.queryParamMap().forEach((name, values) -> {
            if (Segment.FILTERS.contains(name)) filters.put(name, values);
            else if (!PARAMETERS.contains(name)) {
                String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
                errors.add(new FieldError(shown, de.wegweiser.domain.Taxonomy.unknownMessage("query parameter", shown, PARAMETERS), PARAMETERS));
            }
        });
        var snapshot = recommendations.snapshot();
        Segment.Parsed segment = Segment.parse(filters, snapshot.catalog().taxonomy(), snapshot.catalog());
        segment.problems().forEach(p -> errors.add(new FieldError(p.field(), p.message(), p.allowed())));
        String formatText = ctx.queryParam("format");
        ExportWriter.Format format = formatText == null || formatText.isBlank() ? ExportWriter.Format.JSONL
                : ExportWriter.Format.parse(formatText).orElse(null);
        if (format == null) {
            errors.add(new FieldError("format", de.wegweiser.domain.Taxonomy.unknownMessage("format", formatText.strip(),
                    ExportWriter.Format.ids()), ExportWriter.Format.ids()));
        }
        int limit = RequestReader.DEFAULT_LIMIT;
        try {
            limit = RequestReader.limitParameter(ctx.queryParam("limit"));
        } catch (ApiException e) {
            errors.addAll(e.errors());
        }
        String after = after(ctx.queryParams("after"), errors);
        long max = max(ctx.queryParam("max"), errors);
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);

        StoredRecipients source = contacts.recipients(segment.filter(), after);
        ctx.status(200);
        ctx.contentType(format.mediaType);
        // the answers this body will hold: the rest of the segment after `after`, at most `max`
        ctx.header("X-Segment-Size", Long.toString(Math.min(source.total(), max)));
        // the servlet's stream: what is written goes out in chunks as the buffer fills, nothing is collected
        try (ExportWriter out = ExportWriter.of(format, new BufferedWriter(new OutputStreamWriter(ctx.outputStream(),
                StandardCharsets.UTF_8)), limit, true)) {
            new Mailing(recommendations, tracker::track, limit).run(source, out, new Mailing.Listener() {}, () -> false,
                    Mailing.Counts.NONE, after, Integer.MAX_VALUE, max);
        } catch (RuntimeException | IOException e) {
            // the status went out with the first bytes: the stream just ends early, and the log says why
            LOG.error("the export of segment '{}' stopped: {}", Segment.describe(segment.filter()), e.toString());
            if (!ctx.res().isCommitted()) throw e;
        }
    }

    /** The contact id to continue after: one, as a contact id is written (any id, stored or not: ids are compared, not looked up). */
    private static String after(List<String> values, List<FieldError> errors) {
        if (values.isEmpty()) return null;
        String after = values.get(0);
        if (values.size() > 1) {
            errors.add(new FieldError("after", "give one contact id to continue after; got %d".formatted(values.size())));
        } else if (after.isBlank() || after.length() > ContactController.MAX_ID_LENGTH || after.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("after", ("the contactId of the last answer received: 1 to %d characters without control characters; "
                    + "leave it out to start at the beginning").formatted(ContactController.MAX_ID_LENGTH)));
        }
        return after;
    }

    private static long max(String text, List<FieldError> errors) {
        if (text == null) return Long.MAX_VALUE;
        try {
            long max = Long.parseLong(text.strip());
            if (max >= 1) return max;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.add(new FieldError("max", "the most contacts in this answer: a whole number from 1 on; got '%s'"
                .formatted(text.length() > 40 ? text.substring(0, 40) + "..." : text)));
        return Long.MAX_VALUE;
    }
}
