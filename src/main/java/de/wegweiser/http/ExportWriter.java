package de.wegweiser.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import de.wegweiser.batch.Mailing;
import de.wegweiser.domain.Reason;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationResult;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Writes a mailing's answers as they come, for the export endpoint and the {@code batch} command
 * alike: JSON Lines (one answer per line, exactly as {@code POST /api/v1/recommendations} answers)
 * or CSV (one row per contact, with a column group per item, as mail merges read it).
 */
public abstract sealed class ExportWriter implements Mailing.Sink, Flushable, Closeable {

    /** The formats and their media types. */
    public enum Format {
        JSONL("application/x-ndjson"), CSV("text/csv; charset=utf-8");

        public final String mediaType;

        Format(String mediaType) { this.mediaType = mediaType; }

        public String id() { return name().toLowerCase(Locale.ROOT); }

        public static List<String> ids() { return List.of("jsonl", "csv"); }

        public static java.util.Optional<Format> parse(String text) {
            if (text == null) return java.util.Optional.empty();
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "jsonl", "ndjson" -> java.util.Optional.of(JSONL);
                case "csv" -> java.util.Optional.of(CSV);
                default -> java.util.Optional.empty();
            };
        }
    }

    /** The columns of each item in a CSV row, after {@code item1}, {@code item2}, ... */
    public static final List<String> ITEM_COLUMNS = List.of("Id", "Title", "Summary", "Url", "Format", "Score", "Reason");

    protected final Writer out;

    private ExportWriter(Writer out) {
        this.out = out;
    }

    /**
     * @param limit the most items an answer has: the CSV has a column group for each
     * @param header whether to begin a CSV with its header (not when appending to a resumed file)
     */
    public static ExportWriter of(Format format, Writer out, int limit, boolean header) throws IOException {
        return format == Format.JSONL ? new JsonLines(out) : new Csv(out, limit, header);
    }

    @Override
    public void flush() throws IOException { out.flush(); }

    @Override
    public void close() throws IOException { out.close(); }

    private static final class JsonLines extends ExportWriter {
        // the writer stays open: the generator must not close it after one value
        private static final com.fasterxml.jackson.databind.ObjectWriter LINE = Json.MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

        JsonLines(Writer out) {
            super(out);
        }

        @Override
        public void write(RecommendationResult result, String trackingId) throws IOException {
            LINE.writeValue(out, RecommendationView.of(result, trackingId));
            out.write('\n');
        }
    }

    private static final class Csv extends ExportWriter {
        private static final CsvMapper CSV = new CsvMapper();
        private final int limit;
        private final com.fasterxml.jackson.databind.ObjectWriter rows;

        Csv(Writer out, int limit, boolean header) throws IOException {
            super(out);
            this.limit = limit;
            CsvSchema.Builder schema = CsvSchema.builder();
            columns(limit).forEach(schema::addColumn);
            // quotes only where a cell needs them (a comma, a quote, a line break), not around every id with a hyphen
            this.rows = CSV.writerFor(String[].class).with(schema.build().withoutHeader()).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .with(com.fasterxml.jackson.dataformat.csv.CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
            if (header) rows.writeValue(out, columns(limit).toArray(String[]::new));
        }

        static List<String> columns(int limit) {
            List<String> columns = new ArrayList<>(List.of("contactId", "trackingId", "language", "rulesVersion", "catalogVersion"));
            for (int i = 1; i <= limit; i++) for (String c : ITEM_COLUMNS) columns.add("item" + i + c);
            return columns;
        }

        @Override
        public void write(RecommendationResult result, String trackingId) throws IOException {
            String[] row = new String[5 + limit * ITEM_COLUMNS.size()];
            row[0] = result.contactId();
            row[1] = trackingId == null ? "" : trackingId;
            row[2] = result.language();
            row[3] = result.rulesVersion();
            row[4] = result.catalogVersion();
            int at = 5;
            for (int i = 0; i < limit; i++) {
                Recommendation r = i < result.recommendations().size() ? result.recommendations().get(i) : null;
                row[at++] = r == null ? "" : r.item().id();
                row[at++] = r == null ? "" : r.item().title();
                row[at++] = r == null || r.item().summary() == null ? "" : r.item().summary();
                row[at++] = r == null || r.item().url() == null ? "" : r.item().url();
                row[at++] = r == null ? "" : r.item().format();
                row[at++] = r == null ? "" : Double.toString(r.score());
                // the reason that gave the most points: a line for the reader under the teaser
                row[at++] = r == null ? "" : r.reasons().stream().max(Comparator.comparingDouble(Reason::points))
                        .map(Reason::explanation).orElse("");
            }
            rows.writeValue(out, row);
        }
    }
}
