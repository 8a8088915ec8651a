package de.wegweiser.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import de.wegweiser.batch.MailingInput;
import de.wegweiser.batch.MailingSource;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.http.ContactLine;
import de.wegweiser.http.Json;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A file of contacts for a mailing, read a line at a time: JSON Lines (one contact object per
 * line, the fields of a recommendation request's {@code contact}) or CSV (a header line naming those
 * fields, then one contact per line; lists such as concerns separated by {@code ;}). A line that is
 * not a valid contact becomes a {@link MailingInput.BadLine} with its line number. Blank lines are
 * skipped. A CSV field must not span lines.
 */
final class ContactFile implements MailingSource {

    enum Format { JSONL, CSV }

    /** Fields that hold lists; in a CSV cell their values are separated by semicolons. */
    private static final Set<String> LISTS = Set.of("concerns", "consumed", "topics");
    private static final CsvMapper CSV = new CsvMapper();
    static final int MAX_LINE_CHARS = 100_000;

    private final Taxonomy taxonomy;
    private final Format format;
    private final BufferedReader reader;
    private final Counting counting;
    private final long size;
    private List<String> header;
    private long line;

    /**
     * @param skip lines already done by a run before (resume): read past, not processed
     * @throws IllegalArgumentException when a CSV header names a column that is not a contact field
     */
    ContactFile(Path path, Format format, Taxonomy taxonomy, long skip) throws IOException {
        this.taxonomy = taxonomy;
        this.format = format;
        this.size = Files.size(path);
        this.counting = new Counting(Files.newInputStream(path));
        this.reader = new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 1 << 16);
        try {
            if (format == Format.CSV) readHeader();
            while (line < skip && reader.readLine() != null) line++;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    static Format formatOf(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? Format.CSV : Format.JSONL;
    }

    private void readHeader() throws IOException {
        String text = reader.readLine();
        line = 1;
        if (text == null) throw new IllegalArgumentException("the CSV file is empty; its first line must name the columns, e.g. id,role,phase");
        header = new ArrayList<>();
        for (String column : cells(text.startsWith("\uFEFF") ? text.substring(1) : text)) header.add(column.strip());
        List<String> unknown = header.stream().filter(c -> !ContactLine.fields().contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("line 1: unknown column%s %s; the columns are %s".formatted(unknown.size() == 1 ? "" : "s",
                    unknown.stream().map(c -> Taxonomy.unknownMessage("column", c, ContactLine.fields())).toList(),
                    String.join(", ", ContactLine.fields())));
        }
        for (String needed : List.of("id", "role", "phase")) {
            if (!header.contains(needed)) throw new IllegalArgumentException("line 1: the column '" + needed + "' is missing; id, role and phase are needed");
        }
    }

    @Override
    public MailingInput next() {
        try {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) continue;
                String position = Long.toString(line);
                if (text.length() > MAX_LINE_CHARS) {
                    return new MailingInput.BadLine(position, line, "the line has %d characters; a contact has at most %d"
                            .formatted(text.length(), MAX_LINE_CHARS));
                }
                JsonNode node;
                try {
                    node = format == Format.CSV ? csvContact(text) : Json.MAPPER.readTree(text);
                } catch (IOException | RuntimeException e) {
                    return new MailingInput.BadLine(position, line, format == Format.CSV ? "not a CSV row" : "not a JSON object: "
                            + firstLine(e.getMessage()));
                }
                ContactLine.Read read = ContactLine.read(taxonomy, node);
                if (read.contact() == null) return new MailingInput.BadLine(position, line, read.problem());
                return new MailingInput.Recipient(position, read.contact(), Set.of(), null);
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable";
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /** A CSV row as the JSON object a request would hold: empty cells left out, lists split at semicolons. */
    private JsonNode csvContact(String text) throws IOException {
        List<String> cells = cells(text);
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("%d cells, the header has %d".formatted(cells.size(), header.size()));
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < cells.size(); i++) {
            String name = header.get(i);
            String value = cells.get(i).strip();
            if (value.isEmpty()) continue;
            if (LISTS.contains(name)) {
                ArrayNode list = node.putArray(name);
                for (String part : value.split(";")) if (!part.isBlank()) list.add(part.strip());
            } else if (name.equals("existingCustomer") && (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false"))) {
                node.put(name, Boolean.parseBoolean(value));
            } else {
                node.put(name, value);
            }
        }
        return node;
    }

    private static List<String> cells(String text) throws IOException {
        try (var rows = CSV.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY).<String[]>readValues(text)) {
            if (!rows.hasNextValue()) return List.of();
            return List.of(rows.nextValue());
        }
    }

    @Override
    public double fractionDone() {
        return size == 0 ? 1 : Math.min(1.0, (double) counting.count / size);
    }

    @Override
    public long total() { return -1; }

    /** The line number of the last line read: where a resumed run continues. */
    long line() { return line; }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the bytes read, for the share of the file done. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
