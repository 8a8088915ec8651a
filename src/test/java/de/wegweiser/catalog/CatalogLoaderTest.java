package de.wegweiser.catalog;

import static de.wegweiser.catalog.CatalogYaml.item;
import static de.wegweiser.catalog.CatalogYaml.items;
import static de.wegweiser.catalog.CatalogYaml.lineOf;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import de.wegweiser.TestApp;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TermKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

    private static final CatalogLoader LOADER = new CatalogLoader(TestApp.CLOCK);

    @Nested
    class The_bundled_catalog {

        private static Catalog catalog;

        @BeforeAll
        static void load() throws CatalogException {
            catalog = LOADER.load(TestApp.CATALOG);
        }

        @Test
        void loads_with_at_least_120_items() {
            assertTrue(catalog.items().size() >= 120, "only " + catalog.items().size() + " items");
            assertTrue(catalog.files().contains(CatalogLoader.TAXONOMY_FILE), "the version covers the taxonomy too");
            assertTrue(catalog.files().contains("webinars.yaml"), catalog.files().toString());
            assertEquals(12, catalog.version().length(), catalog.version());
            assertEquals(TestApp.CLOCK.instant(), catalog.loadedAt());
        }

        @Test
        void every_journey_phase_is_served_by_some_item() {
            Set<JourneyPhase> used = catalog.items().stream().flatMap(i -> i.phases().stream()).collect(Collectors.toSet());
            assertEquals(Set.of(JourneyPhase.values()), used);
        }

        @Test
        void every_role_of_the_taxonomy_is_addressed_by_some_item() {
            assertAllTermsUsed(TermKind.ROLE, item -> item.roles());
        }

        @Test
        void every_concern_of_the_taxonomy_is_answered_by_some_item() {
            assertAllTermsUsed(TermKind.CONCERN, item -> item.concerns());
        }

        @Test
        void every_format_of_the_taxonomy_is_used_by_some_item() {
            assertAllTermsUsed(TermKind.FORMAT, item -> Set.of(item.format()));
        }

        @Test
        void items_exist_in_both_languages() {
            assertAllTermsUsed(TermKind.LANGUAGE, item -> Set.of(item.language()));
            assertEquals(Set.of("de", "en"), Set.copyOf(catalog.taxonomy().ids(TermKind.LANGUAGE)));
        }

        @Test
        void webinars_and_events_have_event_dates_some_past_and_some_future() {
            List<ContentItem> dated = catalog.items().stream()
                    .filter(i -> i.format().equals("webinar") || i.format().equals("event")).toList();
            assertFalse(dated.isEmpty());
            for (ContentItem item : dated) assertTrue(item.eventDate() != null, item.id() + " has no eventDate");
            assertTrue(dated.stream().anyMatch(i -> i.isPastEventOn(TestApp.TODAY)), "no past webinar or event");
            assertTrue(dated.stream().anyMatch(i -> i.eventDate().isAfter(TestApp.TODAY)), "no future webinar or event");
            assertTrue(dated.stream().anyMatch(i -> i.format().equals("webinar") && i.isPastEventOn(TestApp.TODAY)));
            assertTrue(dated.stream().anyMatch(i -> i.format().equals("webinar") && !i.isPastEventOn(TestApp.TODAY)));
        }

        @Test
        void some_items_expire_and_some_have_already_expired() {
            List<ContentItem> expiring = catalog.items().stream().filter(i -> i.expires() != null).toList();
            assertFalse(expiring.isEmpty(), "no item expires");
            assertTrue(expiring.stream().anyMatch(i -> i.isExpiredOn(TestApp.TODAY)), "no item has expired by " + TestApp.TODAY);
            assertTrue(expiring.stream().anyMatch(i -> !i.isExpiredOn(TestApp.TODAY)), "every expiring item has already expired");
        }

        @Test
        void ids_are_unique_and_can_be_looked_up() {
            Set<String> ids = catalog.items().stream().map(ContentItem::id).collect(Collectors.toSet());
            assertEquals(catalog.items().size(), ids.size());
            ContentItem first = catalog.items().get(0);
            assertEquals(first, catalog.item(first.id()).orElseThrow());
            assertTrue(catalog.item("no-such-item").isEmpty());
        }

        @Test
        void loading_the_same_files_twice_gives_the_same_version() throws CatalogException {
            assertEquals(catalog.version(), LOADER.load(TestApp.CATALOG).version());
        }

        private void assertAllTermsUsed(TermKind kind, Function<ContentItem, Set<String>> terms) {
            Set<String> used = catalog.items().stream().flatMap(i -> terms.apply(i).stream()).collect(Collectors.toSet());
            Set<String> unused = new TreeSet<>(catalog.taxonomy().ids(kind));
            unused.removeAll(used);
            assertTrue(unused.isEmpty(), "no item uses the " + kind.plural() + " " + unused);
        }
    }

    // ---------------------------------------------------------------- one test per validation error

    @TempDir
    Path dir;

    @Test
    void a_small_valid_catalog_loads() throws Exception {
        write("whitepapers.yaml", items(item("wp-one"), item("wp-two", "format: webinar", "eventDate: 2027-01-10")));
        Catalog catalog = LOADER.load(dir);
        assertEquals(List.of("wp-one", "wp-two"), catalog.items().stream().map(ContentItem::id).toList());
        assertEquals(List.of("taxonomy.yaml", "whitepapers.yaml"), catalog.files());
    }

    @Test
    void duplicate_id_across_two_files_names_the_first_location() throws Exception {
        String first = items(item("wp-other"), item("wp-twice"));
        write("a-first.yaml", first);
        write("b-second.yaml", items(item("wp-twice")));
        assertProblem(onlyProblem(), "b-second.yaml", 2, "wp-twice", "id",
                "duplicate id; first defined at a-first.yaml:" + lineOf(first, "- id: wp-twice"));
    }

    @Test
    void unknown_format_is_reported_with_the_nearest_known_one() throws Exception {
        write("items.yaml", items(item("wp-x", "format: whitepapr")));
        assertProblem(onlyProblem(), "items.yaml", 6, "wp-x", "format", "unknown format 'whitepapr'; did you mean 'whitepaper'?");
    }

    @Test
    void unknown_phase_is_reported_with_the_nearest_known_one() throws Exception {
        write("items.yaml", items(item("wp-x", "phases: [considration]")));
        assertProblem(onlyProblem(), "items.yaml", 8, "wp-x", "phases", "unknown phase 'considration'; did you mean 'consideration'?");
    }

    @Test
    void unknown_role_is_reported_with_the_nearest_known_one() throws Exception {
        write("items.yaml", items(item("wp-x", "roles: [finance, purchasng]")));
        assertProblem(onlyProblem(), "items.yaml", 9, "wp-x", "roles", "unknown role 'purchasng'; did you mean 'purchasing'?");
    }

    @Test
    void unknown_concern_is_reported_with_the_nearest_known_one() throws Exception {
        write("items.yaml", items(item("wp-x", "concerns: [roi, prise]")));
        assertProblem(onlyProblem(), "items.yaml", 10, "wp-x", "concerns", "unknown concern 'prise'; did you mean 'price'?");
    }

    @Test
    void unknown_topic_is_reported_with_the_nearest_known_one() throws Exception {
        write("items.yaml", items(item("wp-x", "topics: [retrofitt]")));
        assertProblem(onlyProblem(), "items.yaml", 11, "wp-x", "topics", "unknown topic 'retrofitt'; did you mean 'retrofit'?");
    }

    @Test
    void unknown_language_is_reported_with_the_nearest_known_one() throws Exception {
        write("items.yaml", items(item("wp-x", "language: english")));
        assertProblem(onlyProblem(), "items.yaml", 7, "wp-x", "language", "unknown language 'english'; did you mean 'en'?");
    }

    @Test
    void unknown_term_far_from_every_known_one_lists_the_known_ones() throws Exception {
        write("items.yaml", items(item("wp-x", "concerns: [zzzzzzzzzz]")));
        CatalogProblem problem = onlyProblem();
        assertEquals("concerns", problem.field());
        assertTrue(problem.message().startsWith("unknown concern 'zzzzzzzzzz'; known: image, strategy, price"), problem.message());
    }

    @Test
    void impossible_date_is_reported_with_the_expected_format() throws Exception {
        write("items.yaml", items(item("wp-x", "published: 2026-13-45")));
        assertProblem(onlyProblem(), "items.yaml", 12, "wp-x", "published", "'2026-13-45': there is no month 13; months run from 01 to 12");
    }

    @Test
    void url_that_is_not_a_url_is_reported() throws Exception {
        write("items.yaml", items(item("wp-x", "url: not a url")));
        CatalogProblem problem = onlyProblem();
        assertProblem(problem, "items.yaml", 5, "wp-x", "url", problem.message());
        assertTrue(problem.message().startsWith("'not a url' is not a valid URL"), problem.message());
    }

    @Test
    void url_with_another_scheme_than_http_is_reported() throws Exception {
        write("items.yaml", items(item("wp-x", "url: ftp://x")));
        assertProblem(onlyProblem(), "items.yaml", 5, "wp-x", "url", "'ftp://x' is not an absolute http(s) URL");
    }

    @Test
    void missing_title_is_reported() throws Exception {
        write("items.yaml", items(item("wp-x", "-title")));
        assertProblem(onlyProblem(), "items.yaml", 2, "wp-x", "title", "missing title");
    }

    @Test
    void blank_title_counts_as_missing() throws Exception {
        write("items.yaml", items(item("wp-x", "title: \"  \"")));
        assertProblem(onlyProblem(), "items.yaml", 3, "wp-x", "title", "missing title");
    }

    @Test
    void missing_summary_is_reported() throws Exception {
        write("items.yaml", items(item("wp-x", "-summary")));
        assertProblem(onlyProblem(), "items.yaml", 2, "wp-x", "summary", "missing summary");
    }

    @Test
    void unknown_field_is_reported_with_the_nearest_known_one() throws Exception {
        write("items.yaml", items(item("wp-x", "-title", "titel: \"A title\"")));
        List<CatalogProblem> problems = problems();
        CatalogProblem unknown = withField(problems, "titel");
        assertProblem(unknown, "items.yaml", 12, "wp-x", "titel", "unknown field 'titel'; did you mean 'title'?");
        // the real field is then missing as well: both are said, in one go
        assertProblem(withField(problems, "title"), "items.yaml", 2, "wp-x", "title", "missing title");
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void webinar_without_event_date_is_reported() throws Exception {
        write("webinars.yaml", items(item("web-x", "format: webinar")));
        assertProblem(onlyProblem(), "webinars.yaml", 2, "web-x", "eventDate", "a webinar needs an eventDate (YYYY-MM-DD)");
    }

    @Test
    void event_without_event_date_is_reported() throws Exception {
        write("events.yaml", items(item("ev-x", "format: event")));
        CatalogProblem problem = onlyProblem();
        assertProblem(problem, "events.yaml", 2, "ev-x", "eventDate", problem.message());
        assertTrue(problem.message().endsWith("event needs an eventDate (YYYY-MM-DD)"), problem.message());
    }

    @Test
    void invalid_yaml_syntax_reports_the_line() throws Exception {
        // a colon in an unquoted title: the most common YAML mistake
        String text = items(item("wp-ok"), item("wp-broken", "title: Steinmark: the SMX 650 in practice"));
        write("items.yaml", text);
        CatalogProblem problem = onlyProblem();
        assertAll(problem.describe(),
                () -> assertEquals("items.yaml", problem.file()),
                () -> assertEquals(lineOf(text, "title: Steinmark:"), problem.line()),
                () -> assertNull(problem.itemId()),
                () -> assertNull(problem.field()),
                () -> assertTrue(problem.message().startsWith("not valid YAML: a ':' where a value should be: a value that "
                        + "contains ': ' needs quotes"), problem.message()));
    }

    @Test
    void unterminated_quote_reports_the_line_where_it_opens() throws Exception {
        // the last item, and no other quote after it: the quote stays open to the end of the file
        String text = items(item("wp-ok"), item("wp-broken", "title: \"an unterminated title", "summary: A summary"));
        write("items.yaml", text);
        CatalogProblem problem = onlyProblem();
        assertEquals("items.yaml", problem.file());
        assertEquals(lineOf(text, "an unterminated title"), problem.line(), problem.describe());
        assertTrue(problem.message().startsWith("not valid YAML: "), problem.message());
        assertFalse(problem.message().contains("\n"), "one line, not a parser dump: " + problem.message());
    }

    @Test
    void invalid_yaml_indentation_reports_the_line_of_the_mistake_and_what_is_wrong() throws Exception {
        // a key indented deeper than its siblings
        String text = items(item("wp-ok"), item("wp-broken")).replace(
                "    summary: \"A summary\"\n    url: https://steinmark.example/wp-broken",
                "    summary: \"A summary\"\n      url: https://steinmark.example/wp-broken");
        write("items.yaml", text);
        CatalogProblem problem = onlyProblem();
        assertEquals("items.yaml", problem.file());
        assertEquals(lineOf(text, "      url: https://steinmark.example/wp-broken"), problem.line(), problem.describe());
        assertTrue(problem.message().startsWith("not valid YAML: "), problem.message());
        assertNotEquals("not valid YAML: while parsing a block mapping", problem.message(), "says what is wrong");
    }

    // ---------------------------------------------------------------- all problems at once

    @Test
    void all_problems_of_all_items_are_reported_at_once_in_one_readable_block() throws Exception {
        String text = items(
                item("wp-a", "concerns: [prise]"),
                item("wp-b", "url: ftp://x"),
                item("wp-ok"),
                item("wp-c", "published: 2026-13-45"));
        write("broken.yaml", text);
        write("also-broken.yaml", items(item("wp-d", "-summary")));
        CatalogException e = assertThrows(CatalogException.class, () -> LOADER.load(dir));

        List<CatalogProblem> problems = e.problems();
        assertEquals(4, problems.size(), e.getMessage());
        Map<String, CatalogProblem> byItem = new LinkedHashMap<>();
        for (CatalogProblem p : problems) byItem.put(p.itemId(), p);
        assertEquals(Set.of("wp-a", "wp-b", "wp-c", "wp-d"), byItem.keySet());
        assertEquals(lineOf(text, "concerns: [prise]"), byItem.get("wp-a").line());
        assertEquals(lineOf(text, "url: ftp://x"), byItem.get("wp-b").line());
        assertEquals(lineOf(text, "published: 2026-13-45"), byItem.get("wp-c").line());

        String message = e.getMessage();
        List<String> lines = message.lines().toList();
        assertEquals("Catalog in " + dir + " has 4 problems:", lines.get(0));
        assertEquals(5, lines.size(), message);
        for (CatalogProblem p : problems) {
            assertTrue(lines.contains("  " + p.describe()), "missing line for " + p + " in\n" + message);
        }
        assertTrue(message.contains("  broken.yaml:" + lineOf(text, "concerns: [prise]")
                + " item 'wp-a' field 'concerns': unknown concern 'prise'; did you mean 'price'?"), message);
        assertTrue(message.contains("  broken.yaml:" + lineOf(text, "url: ftp://x") + " item 'wp-b' field 'url': "), message);
        assertTrue(message.contains("  broken.yaml:" + lineOf(text, "published: 2026-13-45") + " item 'wp-c' field 'published': "), message);
        assertTrue(message.contains("  also-broken.yaml:2 item 'wp-d' field 'summary': missing summary"), message);
        assertFalse(message.contains("Exception"), message);
    }

    @Test
    void several_problems_in_one_item_are_all_reported() throws Exception {
        write("items.yaml", items(item("wp-x", "-title", "format: whitepapr", "published: yesterday")));
        List<CatalogProblem> problems = problems();
        assertEquals(Set.of("title", "format", "published"),
                problems.stream().map(CatalogProblem::field).collect(Collectors.toSet()), problems.toString());
        // a problem with a field is at the field's line; a missing field at the item's
        assertEquals(Map.of("title", 2, "format", 5, "published", 11),
                problems.stream().collect(Collectors.toMap(CatalogProblem::field, CatalogProblem::line)));
    }

    @Test
    void a_broken_file_does_not_hide_the_problems_of_the_other_files() throws Exception {
        write("a.yaml", "items:\n  - id: [unclosed\n");
        write("b.yaml", items(item("wp-b", "concerns: [prise]")));
        List<CatalogProblem> problems = problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.file().equals("a.yaml") && p.message().startsWith("not valid YAML")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.file().equals("b.yaml") && "wp-b".equals(p.itemId())), problems.toString());
    }

    // ---------------------------------------------------------------- keys given twice

    @Test
    void a_key_given_twice_in_an_item_is_reported_at_the_second_naming_the_key() throws Exception {
        String text = items(item("wp-ok"), item("wp-twice", "gated: true") + "    gated: false\n");
        write("items.yaml", text);
        assertProblem(onlyProblem(), "items.yaml", lineOf(text, "gated: false"), "wp-twice", "gated",
                "'gated' is given twice (first on line " + lineOf(text, "gated: true") + "); keep one");
    }

    @Test
    void items_given_twice_in_one_file_are_reported_at_the_second_list() throws Exception {
        String first = items(item("wp-a"));
        write("items.yaml", first + "items:\n" + item("wp-b"));
        assertProblem(onlyProblem(), "items.yaml", (int) first.lines().count() + 1, null, "items",
                "'items' is given twice (first on line 1): put all items in one list");
    }

    @Test
    void a_key_given_twice_in_the_taxonomy_is_reported_at_the_second() throws Exception {
        write("items.yaml", items(item("wp-x")));
        String taxonomy = replaceInTaxonomy("- { id: price,", "- { id: price, en: Cost,");
        int line = lineOf(taxonomy, "- { id: price,");
        List<CatalogProblem> problems = problems();
        assertEquals(1, problems.size(), () -> describe(problems));
        assertProblem(problems.get(0), CatalogLoader.TAXONOMY_FILE, line, null, "en", "'en' is given twice (first on line " + line + "); keep one");
    }

    @Test
    void a_mistake_in_the_taxonomy_is_reported_at_its_line() throws Exception {
        write("items.yaml", items(item("wp-x")));
        String taxonomy = replaceInTaxonomy("- { id: strategy,", "- { id: Strategy,");
        List<CatalogProblem> problems = problems();
        assertProblem(problems.get(0), CatalogLoader.TAXONOMY_FILE, lineOf(taxonomy, "- { id: Strategy,"), null, "concerns",
                "id 'Strategy' must be kebab-case (lower-case words joined by '-')");
    }

    @Test
    void a_key_that_is_itself_a_mapping_is_reported_at_its_line_in_plain_words() throws Exception {
        String text = items(item("wp-a") + "    {gated: true}: yes\n");
        write("items.yaml", text);
        assertProblem(onlyProblem(), "items.yaml", lineOf(text, "{gated: true}"), null, null,
                "not valid YAML: Expected a field name (Scalar value in YAML), got this instead: a mapping");
    }

    @Test
    void a_second_yaml_document_in_a_file_is_reported_where_it_starts() throws Exception {
        String first = items(item("wp-a"));
        write("items.yaml", first + "---\n" + items(item("wp-b")));
        assertProblem(onlyProblem(), "items.yaml", (int) first.lines().count() + 2, null, null,
                "a second YAML document starts here (after '---'), and a catalog file holds one: put everything in the first");
    }

    // ---------------------------------------------------------------- limits

    @Test
    void a_file_above_16_MB_is_refused_unread_naming_its_size_and_the_limit() throws Exception {
        // valid items, padded with comments: the parser would read it without complaint
        StringBuilder text = new StringBuilder(items(item("wp-a")));
        String comment = "# " + "padding ".repeat(12) + "\n";
        while (text.length() <= CatalogLoader.MAX_FILE_BYTES) text.append(comment);
        write("items.yaml", text.toString());
        assertProblem(onlyProblem(), "items.yaml", 0, null, null,
                "the file has 16.1 MB; a catalog file may have at most 16 MB: split it into several files");
    }

    @Test
    void a_line_above_10000_characters_is_refused_at_its_line() throws Exception {
        String text = items(item("wp-ok"), item("wp-long", "summary: " + "word ".repeat(2_000)));
        write("items.yaml", text);
        int length = text.lines().toList().get(lineOf(text, "summary: word") - 1).length();
        assertTrue(length > CatalogLoader.MAX_LINE_CHARACTERS, "the line has " + length);
        assertProblem(onlyProblem(), "items.yaml", lineOf(text, "summary: word"), null, null, String.format(java.util.Locale.ROOT,
                "this line has %,d characters; a line may have at most 10,000: break long text over several lines (YAML joins them with spaces)",
                length));
    }

    @Test
    void a_line_of_10000_characters_is_read_however_many_bytes_they_take() throws Exception {
        // 'ä' takes two bytes in UTF-8: the limit counts what the marketer sees
        String prefix = "    summary: ";
        String text = items(item("wp-long", "summary: " + "ä".repeat(CatalogLoader.MAX_LINE_CHARACTERS - prefix.length())));
        write("items.yaml", text);
        assertEquals(List.of("wp-long"), LOADER.load(dir).items().stream().map(ContentItem::id).toList());
    }

    @Test
    void text_that_is_not_utf8_is_reported_at_its_line_in_plain_words() throws Exception {
        // saved as Latin-1, as some editors on Windows still do: 'ä' is the single byte 0xE4
        String text = items(item("wp-a", "title: \"Die Geschäftsführung\""));
        CatalogYaml.copyTaxonomy(dir);
        Files.write(dir.resolve("items.yaml"), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertProblem(onlyProblem(), "items.yaml", lineOf(text, "Geschäftsführung"), null, null,
                "not UTF-8 text (byte 0xE4 cannot be read as a character here): save the file as UTF-8");
    }

    @Test
    void nesting_deeper_than_the_parser_allows_is_reported_at_its_line_in_plain_words() throws Exception {
        write("items.yaml", "items:\n  - id: " + "[".repeat(1_500) + "\n");
        CatalogProblem problem = onlyProblem();
        assertAll(problem.describe(),
                () -> assertEquals(2, problem.line()),
                () -> assertEquals("not valid YAML: Document nesting depth (1001) exceeds the maximum allowed (1000)", problem.message()));
    }

    @Tag("slow") // 20,000 generated items against a wall-clock bound
    @Test
    void twenty_thousand_broken_items_fail_in_seconds_listing_the_first_100_problems_and_counting_the_rest() throws Exception {
        // one line and one mistake per item
        StringBuilder text = new StringBuilder("items:\n");
        for (int n = 0; n < 20_000; n++) {
            text.append("  - { id: wp-").append(n).append(", title: A title, summary: A summary, url: 'https://steinmark.example/")
                    .append(n).append("', format: whitepaper, language: en, phases: [consideration], roles: [finance],")
                    .append(" concerns: [prise], published: 2026-04-14 }\n");
        }
        write("items.yaml", text.toString());

        long started = System.nanoTime();
        CatalogException e = assertThrows(CatalogException.class, () -> LOADER.load(dir));
        long millis = (System.nanoTime() - started) / 1_000_000;

        List<String> lines = e.getMessage().lines().toList();
        assertAll(
                // about 1 s on an idle machine; generous, as the test machine may be busy
                () -> assertTrue(millis < 30_000, "took " + millis + " ms"),
                () -> assertEquals(100, e.problems().size()),
                () -> assertEquals(20_000, e.count()),
                () -> assertEquals(102, lines.size()),
                () -> assertEquals("Catalog in " + dir + " has 20,000 problems:", lines.get(0)),
                () -> assertEquals("  items.yaml:2 item 'wp-0' field 'concerns': unknown concern 'prise'; did you mean 'price'?", lines.get(1)),
                () -> assertEquals("  items.yaml:101 item 'wp-99' field 'concerns': unknown concern 'prise'; did you mean 'price'?", lines.get(100)),
                () -> assertEquals("  and 19,900 more problems", lines.get(101)));
    }

    // ---------------------------------------------------------------- missing files

    @Test
    void missing_taxonomy_file_is_reported_clearly() throws Exception {
        Files.writeString(dir.resolve("items.yaml"), items(item("wp-x")));
        CatalogException e = assertThrows(CatalogException.class, () -> LOADER.load(dir));
        CatalogProblem taxonomy = e.problems().get(0);
        assertEquals(CatalogLoader.TAXONOMY_FILE, taxonomy.file());
        assertEquals("taxonomy file is missing", taxonomy.message());
        assertTrue(e.getMessage().contains("taxonomy.yaml: taxonomy file is missing"), e.getMessage());
    }

    @Test
    void empty_catalog_directory_is_reported_clearly() {
        CatalogException e = assertThrows(CatalogException.class, () -> LOADER.load(dir));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("taxonomy file is missing", e.problems().get(0).message());
        assertEquals("Catalog in " + dir + " has 1 problem:\n  taxonomy.yaml: taxonomy file is missing", e.getMessage());
    }

    @Test
    void catalog_with_a_taxonomy_but_no_items_is_reported_clearly() throws Exception {
        CatalogYaml.copyTaxonomy(dir);
        CatalogException e = assertThrows(CatalogException.class, () -> LOADER.load(dir));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("the catalog has no items", e.problems().get(0).message());
        assertTrue(e.getMessage().endsWith(": the catalog has no items"), e.getMessage());
    }

    @Test
    void missing_catalog_directory_is_reported_clearly() {
        Path missing = dir.resolve("no-such-catalog");
        CatalogException e = assertThrows(CatalogException.class, () -> LOADER.load(missing));
        assertEquals(1, e.problems().size());
        assertEquals("catalog directory does not exist", e.problems().get(0).message());
        assertTrue(e.getMessage().contains(missing + ": catalog directory does not exist"), e.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    /** Writes the real taxonomy and one items file into the temp directory. */
    private void write(String name, String text) throws IOException {
        CatalogYaml.write(dir, name, text);
    }

    @Test
    void a_day_that_does_not_exist_is_named_at_the_line_of_its_field() throws Exception {
        String text = CatalogYaml.items(CatalogYaml.item("wp-a", "published: 2027-02-30"));
        CatalogYaml.write(dir, "items.yaml", text);
        assertProblem(onlyProblem(), "items.yaml", CatalogYaml.lineOf(text, "published:"), "wp-a", "published",
                "'2027-02-30': the day does not exist, February 2027 has 28 days");
    }

    @Test
    void a_misspelled_phase_suggests_the_phase_not_an_alias() throws Exception {
        String text = CatalogYaml.items(CatalogYaml.item("wp-a", "phases: [intent-to-purchse]"));
        CatalogYaml.write(dir, "items.yaml", text);
        assertProblem(onlyProblem(), "items.yaml", CatalogYaml.lineOf(text, "phases:"), "wp-a", "phases",
                "unknown phase 'intent-to-purchse'; did you mean 'intent-to-purchase'?");
    }

    @Test
    void a_field_indented_wrongly_is_explained_in_plain_words_at_its_line() throws Exception {
        String text = CatalogYaml.items(CatalogYaml.item("wp-a").replace("    format: whitepaper", "      format: whitepaper"));
        CatalogYaml.write(dir, "items.yaml", text);
        CatalogProblem problem = onlyProblem();
        assertTrue(problem.message().contains("indent"), problem.describe());
        assertFalse(problem.message().contains("<"), problem.describe());
        assertEquals(CatalogYaml.lineOf(text, "format: whitepaper"), problem.line(), problem.describe());
    }

    /** Changes one line of the real taxonomy in the temp directory; returns the new text. */
    private String replaceInTaxonomy(String from, String to) throws IOException {
        Path file = dir.resolve(CatalogLoader.TAXONOMY_FILE);
        String text = Files.readString(file);
        assertTrue(text.contains(from), from);
        String changed = text.replace(from, to);
        Files.writeString(file, changed);
        return changed;
    }

    private List<CatalogProblem> problems() {
        return assertThrows(CatalogException.class, () -> LOADER.load(dir)).problems();
    }

    private CatalogProblem onlyProblem() {
        List<CatalogProblem> problems = problems();
        assertEquals(1, problems.size(), () -> "expected one problem, got:\n" + describe(problems));
        return problems.get(0);
    }

    private static CatalogProblem withField(List<CatalogProblem> problems, String field) {
        return problems.stream().filter(p -> Objects.equals(p.field(), field)).findFirst()
                .orElseGet(() -> fail("no problem for field '" + field + "' in\n" + describe(problems)));
    }

    private static String describe(List<CatalogProblem> problems) {
        return problems.stream().map(CatalogProblem::describe).collect(Collectors.joining("\n"));
    }

    private static void assertProblem(CatalogProblem problem, String file, int line, String itemId, String field, String message) {
        assertAll(problem.describe(),
                () -> assertEquals(file, problem.file(), "file"),
                () -> assertEquals(line, problem.line(), "line"),
                () -> assertEquals(itemId, problem.itemId(), "item id"),
                () -> assertEquals(field, problem.field(), "field"),
                () -> assertEquals(message, problem.message(), "message"));
    }
}
