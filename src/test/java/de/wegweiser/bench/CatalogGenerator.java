package de.wegweiser.bench;

import de.wegweiser.catalog.Catalog;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TermKind;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Generated catalogs of any size whose distributions follow the bundled catalog: a format (with
 * the phases, gating and dating its real items have) is drawn as often as it occurs there; roles,
 * concerns and topics as often as the taxonomy terms are used there; 60% German. Deterministic
 * for a seed, so every run benchmarks the same catalog.
 */
public final class CatalogGenerator {

    private final Catalog seed;

    public CatalogGenerator(Catalog seed) {
        this.seed = seed;
    }

    /** Writes a generated catalog for the service: {@code CatalogGenerator <items> <directory>}, dated from today. */
    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        writeYaml(forService(size), de.wegweiser.TestApp.CATALOG.resolve("taxonomy.yaml"), out);
        System.out.printf("wrote %d generated items to %s%n", size, out);
    }

    /** The generated catalog {@code bench/http-load.sh} serves: seeded from the bundled catalog, dated from today. */
    static Catalog forService(int size) throws Exception {
        java.time.Clock clock = java.time.Clock.systemDefaultZone();
        Catalog seed = new de.wegweiser.catalog.CatalogLoader(clock).load(de.wegweiser.TestApp.CATALOG);
        return new CatalogGenerator(seed).generate(size, LocalDate.now(clock), 1);
    }

    public Catalog generate(int size, LocalDate today, long randomSeed) {
        Random random = new Random(randomSeed);
        List<ContentItem> templates = seed.items();
        List<String> roles = weighted(TermKind.ROLE, ContentItem::roles);
        List<String> concerns = weighted(TermKind.CONCERN, ContentItem::concerns);
        List<String> topics = weighted(TermKind.TOPIC, ContentItem::topics);
        List<ContentItem> items = new ArrayList<>(size);
        for (int n = 0; n < size; n++) {
            ContentItem template = templates.get(random.nextInt(templates.size()));
            String language = random.nextInt(10) < 6 ? "de" : "en";
            String id = "gen-%s-%06d-%s".formatted(template.format(), n, language);
            Set<JourneyPhase> phases = EnumSet.copyOf(template.phases());
            // a third of the items also serve a neighbouring phase, as real content often does, on the same
            // side of the purchase: customer-only content (onboarding) never drifts to prospects
            if (random.nextInt(3) == 0) {
                JourneyPhase first = phases.iterator().next();
                JourneyPhase neighbour = random.nextBoolean() ? first.next() : JourneyPhase.values()[Math.max(0, first.ordinal() - 1)];
                if (neighbour.side() == first.side()) phases.add(neighbour);
            }
            LocalDate published = today.minusDays(random.nextInt(3 * 365));
            LocalDate expires = random.nextInt(10) == 0 ? published.plusDays(30 + random.nextInt(2 * 365)) : null;
            LocalDate eventDate = template.eventDate() != null ? today.plusDays(random.nextInt(240) - 90) : null;
            if (eventDate != null && eventDate.isBefore(published)) published = eventDate.minusDays(random.nextInt(60));
            items.add(new ContentItem(id, "Generated " + template.format() + " " + n, "Generated item for benchmarks.",
                    "https://bench.example/" + language + "/" + id, template.format(), language, phases,
                    pick(random, roles, 1 + random.nextInt(3)), pick(random, concerns, 1 + random.nextInt(3)),
                    pick(random, topics, 1 + random.nextInt(2)), published, expires, eventDate,
                    template.gated(), template.durationMinutes()));
        }
        return new Catalog(seed.taxonomy(), items, "gen-" + size + "-" + randomSeed, List.of(), Instant.EPOCH);
    }

    /** Writes the catalog as YAML files the service loads: the seed's taxonomy and one file per format. */
    public static void writeYaml(Catalog catalog, Path taxonomyFile, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.copy(taxonomyFile, dir.resolve("taxonomy.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, List<ContentItem>> byFormat = new TreeMap<>();
        for (ContentItem item : catalog.items()) byFormat.computeIfAbsent(item.format(), f -> new ArrayList<>()).add(item);
        for (var entry : byFormat.entrySet()) {
            try (Writer out = Files.newBufferedWriter(dir.resolve(entry.getKey() + ".yaml"), StandardCharsets.UTF_8)) {
                out.write("items:\n");
                for (ContentItem item : entry.getValue()) {
                    out.write("  - id: " + item.id() + "\n");
                    out.write("    title: \"" + item.title() + "\"\n");
                    out.write("    summary: \"" + item.summary() + "\"\n");
                    out.write("    url: " + item.url() + "\n");
                    out.write("    format: " + item.format() + "\n");
                    out.write("    language: " + item.language() + "\n");
                    out.write("    phases: " + item.phases().stream().sorted().map(JourneyPhase::id).toList() + "\n");
                    out.write("    roles: " + sorted(item.roles()) + "\n");
                    out.write("    concerns: " + sorted(item.concerns()) + "\n");
                    if (!item.topics().isEmpty()) out.write("    topics: " + sorted(item.topics()) + "\n");
                    out.write("    published: " + item.published() + "\n");
                    if (item.expires() != null) out.write("    expires: " + item.expires() + "\n");
                    if (item.eventDate() != null) out.write("    eventDate: " + item.eventDate() + "\n");
                    if (item.durationMinutes() != null) out.write("    durationMinutes: " + item.durationMinutes() + "\n");
                    out.write("    gated: " + item.gated() + "\n");
                }
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /** Each term of the kind once per use in the seed catalog (and once more, so unused terms occur too). */
    private List<String> weighted(TermKind kind, java.util.function.Function<ContentItem, Set<String>> field) {
        Map<String, Integer> uses = new HashMap<>();
        for (String id : seed.taxonomy().ids(kind)) uses.put(id, 1);
        for (ContentItem item : seed.items()) field.apply(item).forEach(t -> uses.merge(t, 1, Integer::sum));
        List<String> pool = new ArrayList<>();
        for (String id : seed.taxonomy().ids(kind)) for (int i = 0; i < uses.get(id); i++) pool.add(id);
        return pool;
    }

    private static Set<String> pick(Random random, List<String> pool, int count) {
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < count) out.add(pool.get(random.nextInt(pool.size())));
        return out;
    }
}
