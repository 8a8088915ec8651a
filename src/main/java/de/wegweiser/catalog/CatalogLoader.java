package de.wegweiser.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.domain.Term;
import de.wegweiser.domain.TermKind;
import de.wegweiser.files.SourceFiles;
import de.wegweiser.files.SourceFiles.Content;
import java.io.IOException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code taxonomy.yaml} and every other {@code *.yaml} file of a catalog directory, and
 * validates all of it. Problems are collected across all files and reported together, so a
 * marketer fixes a whole batch of mistakes in one go. A {@linkplain #reload reload} reads only the
 * files that changed: at 10,000 items, parsing the YAML is what a catalog change costs.
 *
 * <p>Files are read within limits that keep every load to seconds, whatever is saved: a file too
 * large or with a line too long is refused before the YAML parser sees it.
 */
public final class CatalogLoader {

    public static final String TAXONOMY_FILE = "taxonomy.yaml";

    /**
     * A larger file is refused unread. The largest file of a generated 100,000-item catalog
     * ({@code CatalogGenerator}) has 6 MB; a file of this size parses in about a second.
     */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

    /** All catalog files together; a generated 100,000-item catalog has 40 MB. */
    public static final long MAX_CATALOG_BYTES = 128L * 1024 * 1024;

    /**
     * The YAML parser copies the rest of the token it is reading for every 1,024 characters it
     * reads, so its time grows with the square of the longest line: one 16 MB line took 55 s, one
     * of 50 MB over 9 minutes. A 16 MB file of 10,000-character lines parses in under a second.
     */
    public static final int MAX_LINE_CHARACTERS = 10_000;

    static final List<String> ITEM_FIELDS = List.of("id", "title", "summary", "url", "format", "language", "phases",
            "roles", "concerns", "topics", "published", "expires", "eventDate", "gated", "durationMinutes");
    private static final Set<String> DATED_FORMATS = Set.of("webinar", "event");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** How Jackson names what the YAML parser found: {@code <org.yaml.snakeyaml.events.MappingStartEvent(...)>}. */
    private static final Pattern YAML_EVENT = Pattern.compile("<?org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event(\\([^)]*\\))?>?");

    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());
    private final Clock clock;

    /** SnakeYAML's own limit (3 MB by default) lies below the file limit: it must never be the one that speaks. */
    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(MAX_FILE_BYTES); // a file within the byte limit has at most as many code points
        return options;
    }

    public CatalogLoader(Clock clock) {
        this.clock = clock;
    }

    /** Reads and checks every file. */
    public Catalog load(Path dir) throws CatalogException {
        return reload(null, dir);
    }

    /**
     * The catalog the files give now, exactly as {@link #load} gives it, reading again only what
     * changed since {@code previous}: {@code previous} itself when no file changed, else the items of
     * every file whose content is the same are reused, as long as the taxonomy they were checked
     * against is the same too. Ids are checked across all files as in a full load.
     *
     * @param previous a catalog this loader gave earlier, or null to read everything
     */
    public Catalog reload(Catalog previous, Path dir) throws CatalogException {
        if (!Files.isDirectory(dir)) {
            throw new CatalogException(dir.toString(), List.of(new CatalogProblem(dir.toString(), 0, null, null,
                    "catalog directory does not exist")));
        }
        Problems problems = new Problems();
        List<Content> contents = CatalogFiles.read(dir, files(dir), problems);
        if (!problems.isEmpty()) throw problems.exception(dir.toString()); // files too large to read: nothing else is known
        String version = SourceFiles.hash(contents);
        if (previous != null && previous.version().equals(version)) return previous;

        Content taxonomyFile = contents.stream().filter(c -> c.name().equals(TAXONOMY_FILE)).findFirst().orElse(null);
        Taxonomy taxonomy = readTaxonomy(taxonomyFile, problems);
        // items were checked against the taxonomy, so they are reused only while it is the same; the one
        // other input, today's date, only moves on, and a publication date not in the future stays so
        boolean reusable = previous != null && taxonomy.equals(previous.taxonomy());
        Items items = new Items(problems);
        Map<String, ItemsFile> itemsFiles = new HashMap<>();
        LocalDate today = LocalDate.now(clock);
        for (Content file : contents) {
            if (file.name().equals(TAXONOMY_FILE)) continue;
            String hash = file.hash();
            ItemsFile known = reusable ? previous.itemsFile(file.name()).filter(f -> f.hash().equals(hash)).orElse(null) : null;
            if (known != null) known.entries().forEach(entry -> items.add(file.name(), entry));
            itemsFiles.put(file.name(), known != null ? known : readItems(file, hash, taxonomy, today, items));
        }
        if (items.all.isEmpty() && problems.isEmpty()) {
            problems.add(new CatalogProblem(dir.toString(), 0, null, null, "the catalog has no items"));
        }
        if (!problems.isEmpty()) throw problems.exception(dir.toString());
        return new Catalog(taxonomy, items.all, version, contents.stream().map(Content::name).toList(), clock.instant(),
                itemsFiles);
    }

    /** The files a {@link Catalog} is read from; their {@link SourceFiles#hash hash} is its version. */
    public static List<Path> files(Path dir) {
        return SourceFiles.list(dir, ".yaml", ".yml");
    }

    /** One entry of a taxonomy section, and the line it starts on. */
    private record TaxonomyEntry(int line, JsonNode node) {}

    /** A taxonomy section as written: the line of its key, and its entries, or null when it is not a list. */
    private record Section(int line, List<TaxonomyEntry> entries) {}

    /** @param file the taxonomy file, or null if there is none */
    private Taxonomy readTaxonomy(Content file, Problems problems) {
        Map<TermKind, List<Term>> terms = new EnumMap<>(TermKind.class);
        if (file == null) {
            problems.add(new CatalogProblem(TAXONOMY_FILE, 0, null, null, "taxonomy file is missing"));
            return new Taxonomy(terms);
        }
        if (!CatalogFiles.parsable(file, problems)) return new Taxonomy(terms);
        Map<String, Section> sections = new HashMap<>();
        List<DuplicateKey> duplicates = new ArrayList<>();
        boolean read = parse(file, problems, parser -> {
            if (parser.nextToken() != JsonToken.START_OBJECT) return; // no sections: each is reported missing below
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = line(parser);
                Section earlier = sections.get(key);
                if (earlier != null) duplicates.add(new DuplicateKey(key, line, earlier.line()));
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    sections.putIfAbsent(key, new Section(line, null));
                    continue;
                }
                List<TaxonomyEntry> entries = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) entries.add(new TaxonomyEntry(line(parser), tree(parser, duplicates)));
                sections.putIfAbsent(key, new Section(line, entries));
            }
            secondDocument(parser, TAXONOMY_FILE, problems);
        });
        if (!read) return new Taxonomy(terms);
        for (DuplicateKey duplicate : duplicates) {
            problems.add(new CatalogProblem(TAXONOMY_FILE, duplicate.line(), null, duplicate.key(), duplicate.message()));
        }
        for (TermKind kind : TermKind.values()) {
            Section section = sections.get(kind.plural());
            if (section == null || section.entries() == null || section.entries().isEmpty()) {
                problems.add(new CatalogProblem(TAXONOMY_FILE, section == null ? 0 : section.line(), null, kind.plural(),
                        section == null ? "section is missing"
                                : section.entries() == null ? "section must be a list of terms, each { id: ..., en: ..., de: ... }"
                                : "section is empty: list at least one term"));
                continue;
            }
            List<Term> list = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (TaxonomyEntry entry : section.entries()) {
                String id = entry.node().path("id").asText("");
                String en = entry.node().path("en").asText("");
                String de = entry.node().path("de").asText("");
                if (!KEBAB.matcher(id).matches()) {
                    problems.add(new CatalogProblem(TAXONOMY_FILE, entry.line(), null, kind.plural(),
                            "id '%s' must be kebab-case (lower-case words joined by '-')".formatted(id)));
                } else if (!seen.add(id)) {
                    problems.add(new CatalogProblem(TAXONOMY_FILE, entry.line(), null, kind.plural(), "duplicate id '" + id + "'"));
                } else if (en.isBlank() || de.isBlank()) {
                    problems.add(new CatalogProblem(TAXONOMY_FILE, entry.line(), null, kind.plural(),
                            "'%s' needs a display name in English (en) and German (de)".formatted(id)));
                } else {
                    list.add(new Term(id, en, de));
                }
            }
            terms.put(kind, list);
        }
        return new Taxonomy(terms);
    }

    /**
     * Reads and checks the items of one file. Each valid item goes to {@code items} as soon as it is
     * read, so a duplicate id is reported in file order among the other problems, as it always was.
     */
    private ItemsFile readItems(Content file, String hash, Taxonomy taxonomy, LocalDate today, Items items) {
        String name = file.name();
        Problems problems = items.problems;
        List<ItemsFile.Entry> entries = new ArrayList<>();
        if (!CatalogFiles.parsable(file, problems)) return new ItemsFile(hash, entries);
        parse(file, problems, parser -> {
            if (parser.nextToken() == null) return; // an empty file is allowed: nothing to add
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                problems.add(new CatalogProblem(name, line(parser), null, null, "expected 'items:' with a list of items"));
                return;
            }
            Map<String, Integer> keys = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int keyLine = line(parser);
                Integer first = keys.putIfAbsent(key, keyLine);
                JsonToken value = parser.nextToken();
                if (!"items".equals(key)) {
                    problems.add(new CatalogProblem(name, keyLine, null, key, "unknown top-level key; only 'items' is allowed"));
                    parser.skipChildren();
                    continue;
                }
                if (first != null) { // both lists are still read, so that their mistakes are reported too
                    problems.add(new CatalogProblem(name, keyLine, null, key,
                            "'items' is given twice (first on line %d): put all items in one list".formatted(first)));
                }
                if (value != JsonToken.START_ARRAY) {
                    problems.add(new CatalogProblem(name, line(parser), null, "items", "must be a list of items"));
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    int line = line(parser);
                    List<DuplicateKey> duplicates = new ArrayList<>();
                    Map<String, Integer> fieldLines = new HashMap<>();
                    JsonNode node = tree(parser, duplicates, fieldLines);
                    ContentItem item = new ItemReader(name, line, node, duplicates, taxonomy, today, problems, fieldLines).read();
                    if (item == null) continue;
                    ItemsFile.Entry entry = new ItemsFile.Entry(item, line);
                    entries.add(entry);
                    items.add(name, entry);
                }
            }
            if (!keys.containsKey("items")) problems.add(new CatalogProblem(name, 1, null, "items", "the file has no 'items:' list"));
            secondDocument(parser, name, problems);
        });
        return new ItemsFile(hash, entries);
    }

    /** Reads a file with a fresh parser; what it cannot read becomes a located problem. */
    @FunctionalInterface
    private interface Reading {
        void read(JsonParser parser) throws IOException;
    }

    /** @return whether the file was read to its end */
    private boolean parse(Content file, Problems problems, Reading reading) {
        try (JsonParser parser = yaml.createParser(file.bytes())) {
            try {
                reading.read(parser);
                return true;
            } catch (IOException e) {
                problems.add(syntaxProblem(file.name(), e, line(parser.currentLocation())));
                return false;
            }
        } catch (IOException e) { // creating or closing the parser
            problems.add(syntaxProblem(file.name(), e, 0));
            return false;
        }
    }

    /**
     * A file holds one YAML document; a second one (after {@code ---}) would be ignored without a
     * word. Called after the first document's last token; an empty second document is harmless.
     */
    private static void secondDocument(JsonParser parser, String name, Problems problems) throws IOException {
        JsonToken next = parser.nextToken();
        if (next != null && next != JsonToken.VALUE_NULL) {
            problems.add(new CatalogProblem(name, line(parser), null, null,
                    "a second YAML document starts here (after '---'), and a catalog file holds one: put everything in the first"));
        }
    }

    /** A key given twice in one mapping; YAML readers keep the last one without a word. */
    private record DuplicateKey(String key, int line, int firstLine) {
        String message() {
            return "'%s' is given twice (first on line %d); keep one".formatted(key, firstLine);
        }
    }

    /**
     * The value at the parser's current token, as {@link ObjectMapper#readTree(JsonParser)} reads
     * it, except that a key given twice in one mapping is noted in {@code duplicates} instead of
     * silently keeping the last value. (Jackson's own duplicate detection stops at the first one with
     * a message a program could only tell apart by its text, and knows nothing of the first key's line.)
     */
    private JsonNode tree(JsonParser parser, List<DuplicateKey> duplicates) throws IOException {
        return tree(parser, duplicates, null);
    }

    /** @param fieldLines where to note the line of each key of this mapping (not of nested ones), or null */
    private JsonNode tree(JsonParser parser, List<DuplicateKey> duplicates, Map<String, Integer> fieldLines) throws IOException {
        JsonNodeFactory nodes = yaml.getNodeFactory();
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                Map<String, Integer> lines = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int line = line(parser);
                    Integer first = lines.putIfAbsent(key, line);
                    if (fieldLines != null) fieldLines.putIfAbsent(key, line);
                    if (first != null) duplicates.add(new DuplicateKey(key, line, first));
                    parser.nextToken();
                    JsonNode value = tree(parser, duplicates);
                    if (first == null) object.set(key, value);
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) array.add(tree(parser, duplicates));
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> {
                return yaml.readTree(parser); // numbers and tagged values, exactly as Jackson reads them
            }
        }
    }

    /** The items of all files in file order, and the problems found; an id seen before is a problem wherever it is. */
    private static final class Items {
        final List<ContentItem> all = new ArrayList<>();
        final Problems problems;
        private final Map<String, String> firstSeen = new HashMap<>();

        Items(Problems problems) {
            this.problems = problems;
        }

        void add(String file, ItemsFile.Entry entry) {
            String id = entry.item().id();
            String previous = firstSeen.putIfAbsent(id, file + ":" + entry.line());
            if (previous != null) {
                problems.add(new CatalogProblem(file, entry.line(), id, "id", "duplicate id; first defined at " + previous));
            } else {
                all.add(entry.item());
            }
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    /**
     * The YAML parser's own position and words for the mistake, not the position Jackson had reached.
     *
     * @param reached the line the parser had reached, for a mistake that carries no position, or 0
     */
    private static CatalogProblem syntaxProblem(String name, IOException e, int reached) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                String problem = yaml.getProblem() == null ? "syntax error" : yaml.getProblem();
                String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                // Running into the end of the file means something opened earlier was never closed:
                // where it opened is the line to fix.
                boolean unclosed = problem.contains("end of stream") && yaml.getContextMark() != null;
                int line = (unclosed ? yaml.getContextMark() : yaml.getProblemMark()).getLine() + 1;
                return new CatalogProblem(name, line, null, null, "not valid YAML: " + inWords(problem, context));
            }
        }
        int line = e instanceof JsonProcessingException jpe ? line(jpe.getLocation()) : 0;
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        message = message == null ? "cannot be read" : message.lines().findFirst().orElse(message);
        if (e instanceof StreamConstraintsException) {
            // e.g. nesting deeper than the parser allows: Jackson's words name the setting in its API, not the file
            message = message.replaceAll(", from `[^`]*`", "");
        }
        return new CatalogProblem(name, line > 0 ? line : reached, null, null, "not valid YAML: " + withoutClassNames(message));
    }

    /**
     * SnakeYAML's words for the mistakes marketers make most, in plain words; its own words, with
     * where they were found, for the rest.
     */
    private static String inWords(String problem, String context) {
        if (problem.contains("mapping values are not allowed here")) {
            return "a ':' where a value should be: a value that contains ': ' needs quotes (title: \"Steinmark: the SMX 650\"), "
                    + "or the line is indented differently from the fields above it";
        }
        if (problem.startsWith("expected <block end>") || problem.startsWith("expected <block mapping start>")
                || problem.startsWith("could not find expected ':'")) {
            return "the indentation does not fit the lines above: the fields of one item start in the same column "
                    + "(two spaces more than the '-' of the item)";
        }
        if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) return "a tab: indent with spaces only";
        return problem.replaceAll("<[^>]*>", "").strip() + context;
    }

    /**
     * Jackson names what it found by SnakeYAML's class ({@code <org.yaml.snakeyaml.events.MappingStartEvent(...)>},
     * e.g. for a key that is itself a mapping); a marketer reads what it is in the file.
     */
    private static String withoutClassNames(String message) {
        return YAML_EVENT.matcher(message).replaceAll(found -> switch (found.group(1)) {
            case "MappingStart" -> "a mapping";
            case "SequenceStart" -> "a list";
            case "Alias" -> "an alias (*name)";
            case "Scalar" -> "a value";
            default -> "something else";
        });
    }

    private static final Pattern ISO_DAY = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    /** Validates one item node; records problems and returns null when the item is unusable. */
    private static final class ItemReader {
        private final String file;
        private final int line;
        private final JsonNode node;
        private final List<DuplicateKey> duplicates;
        private final Taxonomy taxonomy;
        private final LocalDate today;
        private final Problems problems;
        private final String id;
        private boolean ok = true;

        /** The line of each field of the item: a problem with a field points at the field, not at the item. */
        private final Map<String, Integer> fieldLines;

        ItemReader(String file, int line, JsonNode node, List<DuplicateKey> duplicates, Taxonomy taxonomy, LocalDate today,
                   Problems problems, Map<String, Integer> fieldLines) {
            this.fieldLines = fieldLines;
            this.file = file;
            this.line = line;
            this.node = node;
            this.duplicates = duplicates;
            this.taxonomy = taxonomy;
            this.today = today;
            this.problems = problems;
            this.id = node != null && node.path("id").isTextual() ? node.get("id").asText() : null;
        }

        ContentItem read() {
            if (node == null || !node.isObject()) {
                problem(null, "each entry under 'items' must be an item with fields (id, title, ...)");
                return null;
            }
            for (DuplicateKey duplicate : duplicates) {
                ok = false;
                problems.add(new CatalogProblem(file, duplicate.line(), id, duplicate.key(), duplicate.message()));
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!ITEM_FIELDS.contains(field)) problem(field, Taxonomy.unknownMessage("field", field, ITEM_FIELDS));
            }
            if (id == null || id.isBlank()) problem("id", "missing id");
            else if (!KEBAB.matcher(id).matches()) problem("id", "id must be kebab-case (lower-case words joined by '-')");
            String title = requiredText("title");
            String summary = requiredText("summary");
            String url = url();
            String format = term("format", TermKind.FORMAT);
            String language = term("language", TermKind.LANGUAGE);
            Set<JourneyPhase> phases = phases();
            Set<String> roles = terms("roles", TermKind.ROLE, true);
            Set<String> concerns = terms("concerns", TermKind.CONCERN, true);
            Set<String> topics = terms("topics", TermKind.TOPIC, false);
            LocalDate published = date("published", true);
            LocalDate expires = date("expires", false);
            LocalDate eventDate = date("eventDate", false);
            boolean gated = bool("gated");
            Integer duration = minutes();
            if (published != null && published.isAfter(today)) {
                problem("published", "publication date %s lies in the future".formatted(published));
            }
            if (published != null && expires != null && !expires.isAfter(published)) {
                problem("expires", "expiry date %s must be after the publication date %s".formatted(expires, published));
            }
            if (format != null && DATED_FORMATS.contains(format) && eventDate == null && !node.has("eventDate")) {
                problem("eventDate", "%s %s needs an eventDate (YYYY-MM-DD)".formatted(format.equals("event") ? "an" : "a", format));
            }
            if (!ok) return null;
            return new ContentItem(id, title, summary, url, format, language, phases, roles, concerns, topics,
                    published, expires, eventDate, gated, duration);
        }

        private void problem(String field, String message) {
            ok = false;
            problems.add(new CatalogProblem(file, field == null ? line : fieldLines.getOrDefault(field, line), id, field, message));
        }

        private String requiredText(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull() || value.asText().isBlank()) {
                problem(field, "missing " + field);
                return null;
            }
            if (!value.isValueNode() || value.isBoolean() || value.isNumber()) {
                problem(field, field + " must be text");
                return null;
            }
            return value.asText().strip();
        }

        private String url() {
            String url = requiredText("url");
            if (url == null) return null;
            try {
                URI uri = new URI(url);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    problem("url", "'%s' is not an absolute http(s) URL".formatted(url));
                    return null;
                }
            } catch (URISyntaxException e) {
                problem("url", "'%s' is not a valid URL: %s".formatted(url, e.getReason()));
                return null;
            }
            return url;
        }

        private String term(String field, TermKind kind) {
            String value = requiredText(field);
            if (value == null) return null;
            if (!taxonomy.knows(kind, value)) {
                problem(field, taxonomy.unknownTermMessage(kind, value));
                return null;
            }
            return value;
        }

        private List<String> list(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) problem(field, "missing %s: list at least one".formatted(field));
                return List.of();
            }
            List<String> out = new ArrayList<>();
            if (value.isTextual()) out.add(value.asText()); // a single value is fine as well
            else if (value.isArray()) value.forEach(v -> out.add(v.asText()));
            else problem(field, field + " must be a list, e.g. [a, b]");
            if (required && out.isEmpty() && value.isArray()) problem(field, "missing %s: list at least one".formatted(field));
            return out;
        }

        private Set<String> terms(String field, TermKind kind, boolean required) {
            Set<String> out = new LinkedHashSet<>();
            for (String value : list(field, required)) {
                if (taxonomy.knows(kind, value)) out.add(value);
                else problem(field, taxonomy.unknownTermMessage(kind, value));
            }
            return out;
        }

        private Set<JourneyPhase> phases() {
            Set<JourneyPhase> out = EnumSet.noneOf(JourneyPhase.class);
            for (String value : list("phases", true)) {
                JourneyPhase.parse(value).ifPresentOrElse(out::add,
                        () -> problem("phases", JourneyPhase.unknownMessage(value)));
            }
            return out;
        }

        private LocalDate date(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) problem(field, "missing %s date (YYYY-MM-DD)".formatted(field));
                return null;
            }
            String text = value.asText().strip();
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                problem(field, notADay(text));
                return null;
            }
        }

        /** '2027-02-30' is written right but names no day: say that, not how to write a date. */
        private static String notADay(String text) {
            java.util.regex.Matcher m = ISO_DAY.matcher(text);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                int month = Integer.parseInt(m.group(2));
                if (month < 1 || month > 12) return "'%s': there is no month %d; months run from 01 to 12".formatted(text, month);
                java.time.YearMonth days = java.time.YearMonth.of(year, month);
                return "'%s': the day does not exist, %s %d has %d days".formatted(text,
                        days.getMonth().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH), year, days.lengthOfMonth());
            }
            return "'%s' is not a date; write YYYY-MM-DD, e.g. 2026-03-31".formatted(text);
        }

        private boolean bool(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) return false;
            if (!value.isBoolean()) {
                problem(field, "'%s' must be true or false".formatted(value.asText()));
                return false;
            }
            return value.asBoolean();
        }

        private Integer minutes() {
            JsonNode value = node.get("durationMinutes");
            if (value == null || value.isNull()) return null;
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() <= 0) {
                problem("durationMinutes", "'%s' must be a whole number of minutes above 0".formatted(value.asText()));
                return null;
            }
            return value.asInt();
        }
    }
}
