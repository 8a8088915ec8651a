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
 * checked before the first byte goes out, so a mistake is still a 400 problem.
 */
final class ExportController {

    private static final Logger LOG = LoggerFactory.getLogger(ExportController.class);
    static final List<String> PARAMETERS;

    static {
        List<String> all = new ArrayList<>(Segment.FILTERS);
        all.addAll(List.of("format", "limit"));
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
        if (!errors.isEmpty()) throw ApiException.badRequest(errors);

        StoredRecipients source = contacts.recipients(segment.filter(), null);
        ctx.status(200);
        ctx.contentType(format.mediaType);
        ctx.header("X-Segment-Size", Long.toString(source.total()));
        // the servlet's stream: what is written goes out in chunks as the buffer fills, nothing is collected
        try (ExportWriter out = ExportWriter.of(format, new BufferedWriter(new OutputStreamWriter(ctx.outputStream(),
                StandardCharsets.UTF_8)), limit, true)) {
            new Mailing(recommendations, tracker::track, limit).run(source, out, new Mailing.Listener() {}, () -> false,
                    Mailing.Counts.NONE, null, Integer.MAX_VALUE, Long.MAX_VALUE);
        } catch (RuntimeException | IOException e) {
            // the status went out with the first bytes: the stream just ends early, and the log says why
            LOG.error("the export of segment '{}' stopped: {}", Segment.describe(segment.filter()), e.toString());
            if (!ctx.res().isCommitted()) throw e;
        }
    }
}
