package de.wegweiser.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 */
public final class CatalogLoader {

    public static final String TAXONOMY_FILE = "taxonomy.yaml";

    static final List<String> ITEM_FIELDS = List.of("id", "title", "summary", "url", "format", "language", "phases",
            "roles", "concerns", "topics", "published", "expires", "eventDate", "gated", "durationMinutes");
    private static final Set<String> DATED_FORMATS = Set.of("webinar", "event");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /** SnakeYAML refuses documents over 3 MB by default; one format's file of a large catalog is bigger. */
    private static final int MAX_FILE_CODE_POINTS = 512 * 1024 * 1024;

    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build());
    private final Clock clock;

    private static org.yaml.snakeyaml.LoaderOptions loaderOptions() {
        org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
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
        List<Content> contents = SourceFiles.read(dir, files(dir));
        String version = SourceFiles.hash(contents);
        if (previous != null && previous.version().equals(version)) return previous;

        List<CatalogProblem> problems = new ArrayList<>();
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
        if (!problems.isEmpty()) throw new CatalogException(dir.toString(), problems);
        return new Catalog(taxonomy, items.all, version, contents.stream().map(Content::name).toList(), clock.instant(),
                itemsFiles);
    }

    /** The files a {@link Catalog} is read from; their {@link SourceFiles#hash hash} is its version. */
    public static List<Path> files(Path dir) {
        return SourceFiles.list(dir, ".yaml", ".yml");
    }

    /** @param file the taxonomy file, or null if there is none */
    private Taxonomy readTaxonomy(Content file, List<CatalogProblem> problems) {
        Map<TermKind, List<Term>> terms = new EnumMap<>(TermKind.class);
        if (file == null) {
            problems.add(new CatalogProblem(TAXONOMY_FILE, 0, null, null, "taxonomy file is missing"));
            return new Taxonomy(terms);
        }
        JsonNode root;
        try {
            root = yaml.readTree(file.bytes());
        } catch (IOException e) {
            problems.add(syntaxProblem(TAXONOMY_FILE, e));
            return new Taxonomy(terms);
        }
        for (TermKind kind : TermKind.values()) {
            JsonNode section = root == null ? null : root.get(kind.plural());
            if (section == null || !section.isArray() || section.isEmpty()) {
                problems.add(new CatalogProblem(TAXONOMY_FILE, 0, null, kind.plural(), "section is missing or empty"));
                continue;
            }
            List<Term> list = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (JsonNode entry : section) {
                String id = entry.path("id").asText("");
                String en = entry.path("en").asText("");
                String de = entry.path("de").asText("");
                if (!KEBAB.matcher(id).matches()) {
                    problems.add(new CatalogProblem(TAXONOMY_FILE, 0, null, kind.plural(),
                            "id '%s' must be kebab-case (lower-case words joined by '-')".formatted(id)));
                } else if (!seen.add(id)) {
                    problems.add(new CatalogProblem(TAXONOMY_FILE, 0, null, kind.plural(), "duplicate id '" + id + "'"));
                } else if (en.isBlank() || de.isBlank()) {
                    problems.add(new CatalogProblem(TAXONOMY_FILE, 0, null, kind.plural(),
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
        List<CatalogProblem> problems = items.problems;
        List<ItemsFile.Entry> entries = new ArrayList<>();
        try (JsonParser parser = yaml.createParser(file.bytes())) {
            if (parser.nextToken() == null) return new ItemsFile(hash, entries); // an empty file is allowed: nothing to add
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                problems.add(new CatalogProblem(name, line(parser), null, null, "expected 'items:' with a list of items"));
                return new ItemsFile(hash, entries);
            }
            boolean sawItems = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"items".equals(key)) {
                    problems.add(new CatalogProblem(name, line(parser), null, key, "unknown top-level key; only 'items' is allowed"));
                    parser.skipChildren();
                    continue;
                }
                sawItems = true;
                if (value != JsonToken.START_ARRAY) {
                    problems.add(new CatalogProblem(name, line(parser), null, "items", "must be a list of items"));
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    int line = line(parser);
                    JsonNode node = yaml.readTree(parser);
                    ContentItem item = new ItemReader(name, line, node, taxonomy, today, problems).read();
                    if (item == null) continue;
                    ItemsFile.Entry entry = new ItemsFile.Entry(item, line);
                    entries.add(entry);
                    items.add(name, entry);
                }
            }
            if (!sawItems) problems.add(new CatalogProblem(name, 1, null, "items", "the file has no 'items:' list"));
        } catch (IOException e) {
            problems.add(syntaxProblem(name, e));
        }
        return new ItemsFile(hash, entries);
    }

    /** The items of all files in file order, and the problems found; an id seen before is a problem wherever it is. */
    private static final class Items {
        final List<ContentItem> all = new ArrayList<>();
        final List<CatalogProblem> problems;
        private final Map<String, String> firstSeen = new HashMap<>();

        Items(List<CatalogProblem> problems) {
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

    /** The YAML parser's own position and words for the mistake, not the position Jackson had reached. */
    private static CatalogProblem syntaxProblem(String name, IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                String problem = yaml.getProblem() == null ? "syntax error" : yaml.getProblem();
                String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
                // Running into the end of the file means something opened earlier was never closed:
                // where it opened is the line to fix.
                boolean unclosed = problem.contains("end of stream") && yaml.getContextMark() != null;
                int line = (unclosed ? yaml.getContextMark() : yaml.getProblemMark()).getLine() + 1;
                return new CatalogProblem(name, line, null, null, "not valid YAML: " + problem + context);
            }
        }
        int line = e instanceof JsonProcessingException jpe && jpe.getLocation() != null ? jpe.getLocation().getLineNr() : 0;
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return new CatalogProblem(name, Math.max(line, 0), null, null, "not valid YAML: " + message.lines().findFirst().orElse(message));
    }

    /** Validates one item node; records problems and returns null when the item is unusable. */
    private static final class ItemReader {
        private final String file;
        private final int line;
        private final JsonNode node;
        private final Taxonomy taxonomy;
        private final LocalDate today;
        private final List<CatalogProblem> problems;
        private final String id;
        private boolean ok = true;

        ItemReader(String file, int line, JsonNode node, Taxonomy taxonomy, LocalDate today, List<CatalogProblem> problems) {
            this.file = file;
            this.line = line;
            this.node = node;
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
            problems.add(new CatalogProblem(file, line, id, field, message));
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
                        () -> problem("phases", Taxonomy.unknownMessage("phase", value, JourneyPhase.aliases().keySet())));
            }
            return out;
        }

        private LocalDate date(String field, boolean required) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                if (required) problem(field, "missing %s date (YYYY-MM-DD)".formatted(field));
                return null;
            }
            try {
                return LocalDate.parse(value.asText().strip());
            } catch (DateTimeParseException e) {
                problem(field, "'%s' is not a date; write YYYY-MM-DD, e.g. 2026-03-31".formatted(value.asText()));
                return null;
            }
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
