package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Taxonomy;
import de.wegweiser.recommend.SnapshotLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per kind of finding. Each lints a file with a rule that breaks the check next to one
 * that must not be flagged, and expects exactly the one finding, with file, line and column.
 */
class RuleLinterTest {

    private static final String HEADER = """
            // Rules written to try the lint.
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.JourneyPhase;
            import de.wegweiser.domain.Today;
            import function de.wegweiser.rules.Scoring.recommend;
            import function de.wegweiser.rules.Scoring.exclude;
            import function de.wegweiser.rules.Scoring.label;

            """;

    /** A rule no check may flag; every test puts it next to the one that breaks a check. */
    private static final String GOOD_RULE = """
            // Finance wants to see the return on investment, in checklists before signing.
            rule "Finance at intent to purchase: ROI checklists"
                when
                    Contact( role == "finance", phase == JourneyPhase.INTENT_TO_PURCHASE, concerns contains "roi" )
                    $item : ContentItem( format in ("checklist", "case-study"), concerns contains "roi", language == "de" )
                then
                    recommend($item, 15, "A checklist about " + label("roi"), "Eine Checkliste");
            end
            """;

    private static Taxonomy taxonomy;

    @BeforeAll
    static void loadTaxonomy() throws Exception {
        taxonomy = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG).taxonomy();
    }

    // ---------------------------------------------------------------- taxonomy terms

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', commentCharacter = '~', textBlock = """
            Contact( role == "ceo" )                                   # "ceo"        # unknown role 'ceo'; known: managing-director, head-of-sales, production, it, purchasing, finance, marketing
            Contact( role != "finanse" )                               # "finanse"    # unknown role 'finanse'; did you mean 'finance'?
            Contact( role == "it" || == "purchasng" )                  # "purchasng"  # unknown role 'purchasng'; did you mean 'purchasing'?
            Contact( concerns contains "prise" )                       # "prise"      # unknown concern 'prise'; did you mean 'price'?
            Contact( topics not contains "automaton" )                 # "automaton"  # unknown topic 'automaton'; did you mean 'automation'?
            Contact( language == "deu" )                               # "deu"        # unknown language 'deu'; did you mean 'de'?
            Contact( "imag" memberOf concerns )                        # "imag"       # unknown concern 'imag'; did you mean 'image'?
            Contact() $item : ContentItem( format == "webnar" )        # "webnar"     # unknown format 'webnar'; did you mean 'webinar'?
            Contact() $item : ContentItem( format in ("video", 'blogpost') ) # 'blogpost' # unknown format 'blogpost'; did you mean 'blog-post'?
            Contact() $item : ContentItem( roles contains "heads-of-sales" ) # "heads-of-sales" # unknown role 'heads-of-sales'; did you mean 'head-of-sales'?
            Contact() $item : ContentItem( $item.topics contains "retrofitt" ) # "retrofitt" # unknown topic 'retrofitt'; did you mean 'retrofit'?
            """)
    void a_term_that_is_not_in_the_taxonomy_is_an_error_at_its_column_with_the_nearest_known_term(String conditions, String literal, String message) {
        String file = HEADER + GOOD_RULE + rule("Typo", conditions.replace(") $item", ")\n        $item"), "recommend($item, 1, \"x\");");
        RuleProblem finding = only(lint(file));
        assertFinding(finding, file, literal, Severity.ERROR, "Typo");
        assertEquals(message, finding.message());
    }

    @Test
    void a_term_passed_to_label_must_be_in_the_taxonomy() {
        String file = HEADER + GOOD_RULE + rule("Label typo", "Contact( $role : role )\n        $item : ContentItem( roles contains $role )",
                "recommend($item, 1, \"For \" + label($role) + \" about \" + label(\"sustainabilty\"));");
        RuleProblem finding = only(lint(file));
        assertFinding(finding, file, "\"sustainabilty\"", Severity.ERROR, "Label typo");
        assertEquals("unknown concern 'sustainabilty'; did you mean 'sustainability'?", finding.message());
    }

    @Test
    void text_that_merely_looks_like_a_condition_or_a_call_is_never_flagged() {
        String file = HEADER + GOOD_RULE + """
                // System maintenance notes are content too; a comment may say System.exit(0) or role == "ceo".
                rule "Quoted words"
                    when
                        Contact( role == "it" )
                        $item : ContentItem( title matches ".*System.*" )
                    then
                        recommend($item, 1, "role == \\"ceo\\", label(\\"prise\\"), update the File on the Thread", "while it lasts");
                end
                """;
        assertEquals(List.of(), lint(file).findings());
    }

    // ---------------------------------------------------------------- phases and statuses

    @Test
    void a_phase_compared_with_text_is_an_error_that_shows_the_constant() {
        String file = HEADER + GOOD_RULE + rule("Phase as text", "Contact( phase == 'decision' )\n        $item : ContentItem( )",
                "recommend($item, 1, \"x\");");
        RuleProblem finding = only(lint(file));
        assertFinding(finding, file, "phase == 'decision'", Severity.ERROR, "Phase as text");
        assertEquals("a journey phase is not text and \"decision\" never matches; write JourneyPhase.INTENT_TO_PURCHASE", finding.message());
    }

    // ---------------------------------------------------------------- names and comments

    @Test
    void a_rule_name_used_in_two_files_is_an_error_at_the_second_that_points_at_the_first() {
        String first = HEADER + GOOD_RULE;
        String second = HEADER + rule("Another rule", "Contact()\n        $item : ContentItem( gated )", "recommend($item, 1, \"x\");")
                + GOOD_RULE;
        Map<String, String> files = new LinkedHashMap<>();
        files.put("b-second.drl", second);
        files.put("a-first.drl", first);
        RuleProblem finding = only(new RuleLinter(taxonomy).lint(files));
        assertEquals("b-second.drl", finding.file());
        assertEquals(lineOf(second, "rule \"Finance at intent"), finding.line());
        assertEquals(1, finding.column());
        assertEquals("rule name \"Finance at intent to purchase: ROI checklists\" is already used at a-first.drl:"
                + lineOf(first, "rule \"Finance at intent") + "; every rule needs its own name, it is the reason users see", finding.message());
    }

    @Test
    void a_rule_without_a_comment_of_intent_directly_above_it_is_a_warning() {
        String file = HEADER + GOOD_RULE + """
                // A section comment, then a blank line, is not the rule's intent.

                rule "Silent rule"
                    when
                        Contact( role == "it" )
                        $item : ContentItem( concerns contains "security" )
                    then
                        recommend($item, 1, "Security");
                end
                """;
        LintReport report = lint(file);
        RuleProblem finding = only(report);
        assertFinding(finding, file, "rule \"Silent rule\"", Severity.WARNING, "Silent rule");
        assertTrue(finding.message().startsWith("no comment of intent directly above the rule"), finding.message());
        assertTrue(report.safeToCompile());
        assertFalse(report.hasErrors());
    }

    // ---------------------------------------------------------------- what a recommendation rule may use

    @Test
    void a_rule_that_never_looks_at_the_contact_is_an_error() {
        String file = HEADER + GOOD_RULE + rule("Only items", "$item : ContentItem( format == \"video\" )", "recommend($item, 1, \"x\");")
                + rule("Only the day", "Today( $today : date )\n        $item : ContentItem( isExpiredOn($today) )", "exclude($item, \"x\");");
        RuleProblem finding = only(lint(file));
        assertFinding(finding, file, "rule \"Only items\"", Severity.ERROR, "Only items");
        assertTrue(finding.message().startsWith("the rule never looks at the contact"), finding.message());
    }

    // ---------------------------------------------------------------- the shipped rules and the compiler

    private static java.util.Map<String, String> recommendationRules() {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        try (var files = java.nio.file.Files.list(TestApp.RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).sorted().toList()) {
                texts.put(file.getFileName().toString(), java.nio.file.Files.readString(file));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return texts;
    }

    @Test
    void the_shipped_rules_lint_clean_with_zero_errors_and_zero_warnings() {
        // the recommendation rules: the journey rules in rules/journey/ follow their own conventions
        LintReport report = new RuleLinter(taxonomy).lint(recommendationRules());
        assertEquals(List.of(), report.findings(), describe(report.findings()));
        assertTrue(report.safeToCompile());
    }

    @Test
    void lint_errors_make_compile_throw_with_file_line_rule_and_source_line(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        Path file = rules.resolve("buying-center.drl");
        String text = Files.readString(file).replace("concerns contains \"usability\"", "concerns contains \"usabilty\"");
        Files.writeString(file, text);
        RuleCompilationException e = assertThrows(RuleCompilationException.class,
                () -> new RuleCompiler(TestApp.CLOCK).compile(rules, taxonomy));
        RuleProblem problem = only(e.problems());
        assertAll(problem.describe(),
                () -> assertEquals("buying-center.drl", problem.file()),
                () -> assertEquals(lineOf(text, "\"usabilty\""), problem.line()),
                () -> assertEquals("Production: ease of use", problem.rule()),
                () -> assertEquals("$item : ContentItem( concerns contains \"usabilty\" )", problem.sourceLine().strip()),
                () -> assertEquals("unknown concern 'usabilty'; did you mean 'usability'?", problem.message()));
        assertTrue(e.getMessage().contains("buying-center.drl:" + problem.line() + ":" + problem.column()
                + " (rule \"Production: ease of use\"): unknown concern 'usabilty'; did you mean 'usability'?"), e.getMessage());
    }

    @Test
    void the_service_refuses_rules_with_unknown_terms(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        // the phase x format rules written by hand (the copy holds only the .drl files, not the shipped table)
        Path file = rules.resolve("content-per-phase.drl");
        Files.copy(Path.of("src/test/resources/decision-tables/content-per-phase.drl"), file);
        Files.writeString(file, Files.readString(file).replace("\"tutorial\", \"checklist\")", "\"tutorials\", \"checklist\")"));
        RuleCompilationException e = assertThrows(RuleCompilationException.class,
                () -> new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, rules));
        assertEquals("unknown format 'tutorials'; did you mean 'tutorial'?", only(e.problems()).message());
    }

    @Test
    void lint_errors_and_compiler_errors_are_reported_together(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        Files.writeString(rules.resolve("extra.drl"), HEADER + rule("Two mistakes",
                "Contact( rol == \"it\" )\n        $item : ContentItem( concerns contains \"securty\" )", "recommend($item, 1, \"x\");"));
        RuleCompilationException e = assertThrows(RuleCompilationException.class,
                () -> new RuleCompiler(TestApp.CLOCK).compile(rules, taxonomy));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).message().startsWith("Contact has no field 'rol'"), e.getMessage());
        assertEquals("unknown concern 'securty'; did you mean 'security'?", e.problems().get(1).message());
    }

    @Test
    void files_with_unsafe_code_never_reach_the_compiler(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        Files.writeString(rules.resolve("extra.drl"), HEADER + rule("Unsafe and broken",
                "Contact( rol == \"it\" )\n        $item : ContentItem( )", "recommend($item, 1, System.getenv(\"HOME\"));"));
        RuleCompilationException e = assertThrows(RuleCompilationException.class,
                () -> new RuleCompiler(TestApp.CLOCK).compile(rules, taxonomy));
        // both mistakes come from the safety check; the compiler never saw the file
        assertEquals(List.of(ProblemCode.UNKNOWN_NAME, ProblemCode.UNKNOWN_NAME), e.problems().stream().map(RuleProblem::code).toList());
        assertTrue(e.problems().get(1).message().startsWith("'System' is not allowed in a rule"), e.getMessage());
    }

    @Test
    void warnings_are_on_the_rule_book_and_do_not_stop_the_rules(@TempDir Path dir) throws Exception {
        Path rules = copyOfRules(dir);
        String extra = HEADER + """
                rule "Uncommented"
                    when
                        Contact( role == "it" )
                        $item : ContentItem( concerns contains "security" )
                    then
                        recommend($item, 1, "Security");
                end
                """;
        Files.writeString(rules.resolve("extra.drl"), extra);
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(rules, taxonomy);
        RuleProblem warning = only(book.warnings());
        assertEquals("extra.drl", warning.file());
        assertEquals(lineOf(extra, "rule \"Uncommented\""), warning.line());
        assertEquals(Severity.WARNING, warning.severity());
        assertTrue(book.rules().stream().anyMatch(r -> r.name().equals("Uncommented")));
        assertEquals(List.of(), new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES, taxonomy).warnings());
    }

    // ---------------------------------------------------------------- helpers

    private static String rule(String name, String conditions, String actions) {
        return """

                // Intent of %s.
                rule "%s"
                    when
                        %s
                    then
                        %s
                end
                """.formatted(name, name, conditions, actions);
    }

    private static LintReport lint(String text) {
        return new RuleLinter(taxonomy).lint(Map.of("test.drl", text));
    }

    private static RuleProblem only(LintReport report) {
        return only(report.findings());
    }

    private static RuleProblem only(List<RuleProblem> findings) {
        assertEquals(1, findings.size(), describe(findings));
        return findings.get(0);
    }

    /** The finding is at the first line containing the fragment, at the fragment's column. */
    private static void assertFinding(RuleProblem finding, String text, String fragment, Severity severity, String rule) {
        int line = lineOf(text, fragment);
        String source = text.lines().toList().get(line - 1);
        assertAll(finding.describe(),
                () -> assertEquals(line, finding.line(), "line"),
                () -> assertEquals(source.indexOf(fragment) + 1, finding.column(), "column"),
                () -> assertEquals(severity, finding.severity(), "severity"),
                () -> assertEquals(rule, finding.rule(), "rule"),
                () -> assertEquals(source, finding.sourceLine(), "source line"));
    }

    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(fragment)) return i + 1;
        throw new AssertionError("no line contains " + fragment);
    }

    private static String describe(List<RuleProblem> findings) {
        return findings.stream().map(RuleProblem::describe).collect(Collectors.joining("\n"));
    }

    private static Path copyOfRules(Path dir) throws Exception {
        Path copy = Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> files = Files.list(TestApp.RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).toList()) Files.copy(file, copy.resolve(file.getFileName()));
        }
        return copy;
    }
}
