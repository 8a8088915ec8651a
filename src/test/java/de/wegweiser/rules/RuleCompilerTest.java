package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleCompilerTest {

    private static final RuleCompiler COMPILER = new RuleCompiler(TestApp.CLOCK);
    /** The lint refuses update(...) in a rule; the runaway guard behind it is tested without the lint. */
    private static final RuleCompiler WITHOUT_LINT = new RuleCompiler(TestApp.CLOCK, false);

    /** Package and imports as in the real rule files; a broken rule is written below them. */
    private static final String HEADER = """
            // Test rules: written next to the real ones to check what a marketer's mistake looks like.
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.JourneyPhase;
            import function de.wegweiser.rules.Scoring.recommend;

            """;

    @TempDir
    Path temp;

    // ---------------------------------------------------------------- the bundled rules

    @Test
    void bundled_rules_compile() throws Exception {
        RuleBook book = COMPILER.compile(TestApp.RULES);
        assertNotNull(book.kieBase());
        assertEquals(bundledFiles(), book.files());
        assertEquals(ruleHeaders(TestApp.RULES), book.rules().size(), "one compiled rule per 'rule' in the files");
        assertEquals(TestApp.CLOCK.instant(), book.loadedAt());
        assertEquals(12, book.version().length(), book.version());
    }

    @Test
    void every_bundled_rule_has_its_file_and_the_line_of_its_header() throws Exception {
        RuleBook book = COMPILER.compile(TestApp.RULES);
        for (RuleInfo rule : book.rules()) {
            assertTrue(book.files().contains(rule.file()), rule + " has no known file");
            assertTrue(rule.line() > 0, rule + " has no line");
            String header = Files.readAllLines(TestApp.RULES.resolve(rule.file())).get(rule.line() - 1);
            // in a decision table, the row the rule was made from, which starts with its name
            String expected = rule.file().endsWith(".csv") ? (rule.name().contains(",") ? "\"" + rule.name() : rule.name()) : "rule \"" + rule.name() + "\"";
            assertTrue(header.strip().startsWith(expected), rule + " points at: " + header);
        }
        Set<String> names = book.rules().stream().map(RuleInfo::name).collect(Collectors.toSet());
        assertEquals(book.rules().size(), names.size(), "rule names are unique");
    }

    @Test
    void version_is_stable_for_the_same_files() throws Exception {
        Path copy = copyOfRules();
        String version = COMPILER.compile(TestApp.RULES).version();
        assertEquals(version, COMPILER.compile(TestApp.RULES).version());
        assertEquals(version, COMPILER.compile(copy).version(), "same names and contents, same version");
    }

    @Test
    void version_changes_when_a_file_changes() throws Exception {
        Path copy = copyOfRules();
        String before = COMPILER.compile(copy).version();
        Path file = copy.resolve("journey-phases.drl");
        Files.writeString(file, Files.readString(file).replace("recommend($item, 30,", "recommend($item, 31,"));
        String after = COMPILER.compile(copy).version();
        assertNotEquals(before, after);
        assertEquals(after, COMPILER.compile(copy).version());
    }

    @Test
    void version_changes_when_a_file_is_added() throws Exception {
        Path copy = copyOfRules();
        String before = COMPILER.compile(copy).version();
        Files.writeString(copy.resolve("extra.drl"), HEADER + """
                rule "Extra: finance likes numbers"
                    when
                        Contact( role == "finance" )
                        $item : ContentItem( format == "study" )
                    then
                        recommend($item, 4, "Numbers for finance");
                end
                """);
        RuleBook book = COMPILER.compile(copy);
        assertNotEquals(before, book.version());
        RuleInfo extra = book.rules().stream().filter(r -> r.name().equals("Extra: finance likes numbers")).findFirst().orElseThrow();
        assertEquals("extra.drl", extra.file());
        assertEquals(lineOf(HEADER + "rule \"Extra", "rule \"Extra"), extra.line());
    }

    // ---------------------------------------------------------------- compile errors

    /** (a) A missing parenthesis in the second statement of a right-hand side. */
    private static final String RHS_SYNTAX_ERROR = HEADER + """
            rule "Spring campaign: offers for purchasing"
                when
                    Contact( role == "purchasing" )
                    $item : ContentItem( format == "special-offer" )
                then
                    recommend($item, 12, "Spring offer for purchasing", "Frühjahrsangebot für den Einkauf");
                    recommend($item, 3, "Valid until March", "Gültig bis März";
            end
            """;
    private static final String RHS_BROKEN_LINE = "recommend($item, 3, \"Valid until March\", \"Gültig bis März\";";

    @Test
    void syntax_error_in_a_right_hand_side_is_reported_in_plain_words_with_file_and_rule() throws Exception {
        RuleProblem problem = onlyProblem(rulesWith("campaign.drl", RHS_SYNTAX_ERROR));
        assertEquals("campaign.drl", problem.file());
        assertEquals("Spring campaign: offers for purchasing", problem.rule());
        assertTrue(problem.line() > 0, problem.describe());
        assertEquals("in the actions after 'then': ')' is missing", problem.message());
        assertPlain(problem.message());
    }

    @Test
    void syntax_error_in_a_right_hand_side_points_at_the_broken_line() throws Exception {
        RuleProblem problem = onlyProblem(rulesWith("campaign.drl", RHS_SYNTAX_ERROR));
        assertAll(problem.describe(),
                () -> assertEquals("campaign.drl", problem.file()),
                () -> assertEquals(lineOf(RHS_SYNTAX_ERROR, RHS_BROKEN_LINE), problem.line()),
                () -> assertEquals("Spring campaign: offers for purchasing", problem.rule()),
                () -> assertEquals(RHS_BROKEN_LINE, problem.sourceLine().strip()));
    }

    /** (b) A misspelled field in a condition. */
    private static final String UNKNOWN_FIELD = HEADER + """
            rule "IT: connectivity first"
                when
                    Contact( rol == "it" )
                    $item : ContentItem( topics contains "machine-connectivity" )
                then
                    recommend($item, 7, "Connectivity matters to IT", "Vernetzung ist Sache der IT");
            end
            """;

    @Test
    void unknown_field_in_a_condition_names_file_line_rule_and_source_line() throws Exception {
        RuleProblem problem = onlyProblem(rulesWith("it.drl", UNKNOWN_FIELD));
        assertAll(problem.describe(),
                () -> assertEquals("it.drl", problem.file()),
                () -> assertEquals(lineOf(UNKNOWN_FIELD, "Contact( rol =="), problem.line()),
                () -> assertEquals("IT: connectivity first", problem.rule()),
                () -> assertEquals("Contact( rol == \"it\" )", problem.sourceLine().strip()),
                () -> assertEquals("Contact has no field 'rol'; did you mean 'role'? (in 'rol == \"it\"'); its fields are "
                        + "id, role, concerns, phase, language, consumed, account, industry, topics, lifecycle, existingCustomer, "
                        + "customer, nextPhase, prospect", problem.message()));
        assertPlain(problem.message());
    }

    @Test
    void unknown_field_in_a_real_rule_file_points_at_its_line() throws Exception {
        Path dir = copyOfRules();
        Path file = dir.resolve("buying-center.drl");
        String text = Files.readString(file).replace("Contact( role == \"it\" )", "Contact( rol == \"it\" )");
        Files.writeString(file, text);
        RuleProblem problem = onlyProblem(dir);
        assertEquals("buying-center.drl", problem.file());
        assertEquals(lineOf(text, "Contact( rol == \"it\" )"), problem.line());
        assertEquals("IT: security and integration", problem.rule());
        assertEquals("Contact( rol == \"it\" )", problem.sourceLine().strip());
        String description = problem.describe();
        assertTrue(description.startsWith("buying-center.drl:" + problem.line() + ":" + problem.column() + " (rule \"IT: security and integration\"): Contact has no field 'rol'"),
                description);
        assertTrue(description.endsWith("\n      > Contact( rol == \"it\" )"), description);
    }

    /** (c) A misspelled enum constant. */
    private static final String MISSPELLED_ENUM = HEADER + """
            rule "Consideration: datasheets"
                when
                    Contact( phase == JourneyPhase.CONSIDERATON )
                    $item : ContentItem( format == "datasheet" )
                then
                    recommend($item, 5, "The technical details", "Die technischen Details");
            end
            """;

    @Test
    void misspelled_enum_constant_is_reported_in_plain_words_with_the_nearest_constant() throws Exception {
        RuleProblem problem = onlyProblem(rulesWith("phases.drl", MISSPELLED_ENUM));
        assertEquals("phases.drl", problem.file());
        assertEquals("JourneyPhase has no constant 'CONSIDERATON'; did you mean 'CONSIDERATION'? "
                + "(in 'phase == JourneyPhase.CONSIDERATON'); "
                + "the constants are NON_AWARENESS, AWARENESS, FAVORABILITY, CONSIDERATION, INTENT_TO_PURCHASE, CONVERSION, LOYALTY, ADVOCACY", problem.message());
        assertPlain(problem.message());
    }

    @Test
    void misspelled_enum_constant_points_at_the_broken_line() throws Exception {
        RuleProblem problem = onlyProblem(rulesWith("phases.drl", MISSPELLED_ENUM));
        assertAll(problem.describe(),
                () -> assertEquals("phases.drl", problem.file()),
                () -> assertEquals(lineOf(MISSPELLED_ENUM, "JourneyPhase.CONSIDERATON"), problem.line()),
                () -> assertEquals("Consideration: datasheets", problem.rule()),
                () -> assertEquals("Contact( phase == JourneyPhase.CONSIDERATON )", problem.sourceLine().strip()));
    }

    /** (d) A rule without {@code end}, followed by another rule. */
    private static final String MISSING_END = HEADER + """
            rule "Loyalty: tutorials"
                when
                    Contact( phase == JourneyPhase.LOYALTY )
                    $item : ContentItem( format == "tutorial" )
                then
                    recommend($item, 5, "Get more out of your machine", "Mehr aus Ihrer Maschine holen");

            rule "Advocacy: referral programme"
                when
                    Contact( phase == JourneyPhase.ADVOCACY )
                    $item : ContentItem( format == "referral-programme" )
                then
                    recommend($item, 5, "Recommend us", "Empfehlen Sie uns");
            end
            """;

    @Test
    void rule_without_end_is_a_parse_error_with_file_line_and_a_plain_message() throws Exception {
        List<RuleProblem> problems = problems(rulesWith("customers.drl", MISSING_END));
        RuleProblem problem = problems.stream().filter(p -> p.line() > 0).findFirst().orElseThrow();
        assertEquals("customers.drl", problem.file());
        // Drools notices the missing 'end' only inside the next rule; the problem is at the last line of the rule that lacks it
        assertEquals(lineOf(MISSING_END, "\"Get more out of your machine\""), problem.line(), problem.describe());
        assertEquals(lineOf(MISSING_END, "\"Get more out of your machine\""), lineOf(MISSING_END, problem.sourceLine()));
        assertTrue(problem.message().contains("rule \"Loyalty: tutorials\""), problem.message());
        assertTrue(problem.message().contains("'end'"), problem.message());
        for (RuleProblem p : problems) {
            assertEquals("customers.drl", p.file());
            assertPlain(p.message());
        }
    }

    @Test
    void rule_without_end_is_attributed_to_the_rule_that_lacks_it() throws Exception {
        RuleProblem problem = problems(rulesWith("customers.drl", MISSING_END)).stream()
                .filter(p -> p.line() > 0).findFirst().orElseThrow();
        assertEquals("Loyalty: tutorials", problem.rule(), problem.describe());
    }

    @Test
    void problems_in_several_files_are_all_reported_at_once_sorted_by_file_and_line() throws Exception {
        Path dir = rulesWith("it.drl", UNKNOWN_FIELD);
        Files.writeString(dir.resolve("campaign.drl"), RHS_SYNTAX_ERROR);
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> COMPILER.compile(dir));
        assertEquals(List.of("campaign.drl", "it.drl"), e.problems().stream().map(RuleProblem::file).toList(), e.getMessage());
        List<String> lines = e.getMessage().lines().toList();
        assertEquals("Rules in " + dir + " have 2 problems:", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  campaign.drl:")), e.getMessage());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  it.drl:" + lineOf(UNKNOWN_FIELD, "rol ==") + ":18 (rule \"IT: connectivity first\")")),
                e.getMessage());
        assertTrue(e.getMessage().length() < 1500, "short: " + e.getMessage());
    }

    // ---------------------------------------------------------------- missing rules

    @Test
    void empty_rules_directory_is_reported_clearly() throws Exception {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> COMPILER.compile(empty));
        assertEquals(1, e.problems().size());
        assertEquals("no rule files (*.drl) found", e.problems().get(0).message());
        assertEquals("Rules in " + empty + " have 1 problem:\n  " + empty + ": no rule files (*.drl) found", e.getMessage());
    }

    @Test
    void missing_rules_directory_is_reported_clearly() {
        Path missing = temp.resolve("no-such-rules");
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> COMPILER.compile(missing));
        assertEquals(1, e.problems().size());
        assertEquals("rules directory does not exist", e.problems().get(0).message());
        assertTrue(e.getMessage().endsWith(missing + ": rules directory does not exist"), e.getMessage());
    }

    // ---------------------------------------------------------------- runaway rules

    private static final String LOOP = """
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;

            rule "Loop"
                when
                    $c : Contact()
                then
                    update($c);
            end
            """;

    @Test
    void a_runaway_rule_is_stopped_within_seconds() throws Exception {
        RuleBook book = WITHOUT_LINT.compile(rulesWith("loop.drl", LOOP));
        Catalog catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
        Evaluator evaluator = new SessionPerRequestEvaluator(book, catalog);
        RunawayRuleException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(RunawayRuleException.class, () -> evaluator.evaluate(contact(), TestApp.TODAY)));
        assertTrue(e.firings() > 0);
        assertTrue(e.getMessage().contains("fired " + e.firings() + " times"), e.getMessage());
        // the evaluator stays usable: the same request fails the same way, it does not hang
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(RunawayRuleException.class, () -> evaluator.evaluate(contact(), TestApp.TODAY)));
    }

    @Test
    void a_runaway_rule_is_named_in_the_exception() throws Exception {
        RuleBook book = WITHOUT_LINT.compile(rulesWith("loop.drl", LOOP));
        Catalog catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
        Evaluator evaluator = new SessionPerRequestEvaluator(book, catalog);
        RunawayRuleException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(RunawayRuleException.class, () -> evaluator.evaluate(contact(), TestApp.TODAY)));
        assertEquals("Loop", e.rule(), e.getMessage());
        assertTrue(e.getMessage().startsWith("rule \"Loop\" fired "), e.getMessage());
    }

    @Test
    void the_bundled_rules_evaluate_without_a_runaway() throws Exception {
        RuleBook book = COMPILER.compile(TestApp.RULES);
        Catalog catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
        Evaluation evaluation = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> new SessionPerRequestEvaluator(book, catalog).evaluate(contact(), TestApp.TODAY));
        assertTrue(evaluation.firings() > 0);
        assertFalse(evaluation.verdicts().isEmpty());
    }

    // ---------------------------------------------------------------- DroolsMessages on raw Drools text

    @Test
    void drools_messages_drop_stack_traces_and_generated_code() {
        String raw = """
                Rule Compilation error : [Rule name='Spring campaign']
                \twegweiser/rules/Rule_Spring_campaign123.java (9:1123) : $itme cannot be resolved to a variable
                package wegweiser.rules;
                public class Rule_Spring_campaign123 {
                    public static void defaultConsequence(KnowledgeHelper drools) {
                        recommend($itme, 3, "x");
                    }
                }
                java.lang.IllegalStateException: boom
                \tat org.drools.compiler.Foo.bar(Foo.java:12)
                \tat org.drools.compiler.Foo.baz(Foo.java:34)
                \t... 12 more
                """;
        String plain = DroolsMessages.explain(raw);
        assertTrue(plain.startsWith("in the actions after 'then': unknown name '$itme'"), plain);
        assertPlain(plain);
        assertFalse(plain.contains("public class"), plain);
        assertFalse(plain.contains("defaultConsequence"), plain);
    }

    @Test
    void drools_messages_are_cut_to_a_readable_length() {
        String plain = DroolsMessages.explain("Something odd happened: " + "very ".repeat(200) + "long");
        assertTrue(plain.length() <= DroolsMessages.MAX_LENGTH, plain);
        assertEquals("unknown compiler error", DroolsMessages.explain(null));
        assertEquals("unknown compiler error", DroolsMessages.explain("  \n "));
    }

    @Test
    void drools_messages_explain_common_java_mistakes_in_a_right_hand_side() {
        assertEquals("in the actions after 'then': JourneyPhase.label takes (String), not (String, String); ')' is missing",
                DroolsMessages.explain("Rule Compilation error The method label(String) in the type JourneyPhase is not "
                        + "applicable for the arguments (String, String)\nSyntax error, insert \")\" to complete Expression"));
        assertEquals("in the actions after 'then': unknown name '$nexx' (is the $variable spelled as in the 'when' part?)",
                DroolsMessages.explain("Rule Compilation error $nexx cannot be resolved"));
    }

    @Test
    void drools_messages_explain_an_unknown_fact_type() {
        assertEquals("unknown fact type 'Contac': is it spelled right and imported?",
                DroolsMessages.explain("Unable to resolve ObjectType 'Contac'"));
    }

    // ---------------------------------------------------------------- helpers

    private static Contact contact() {
        return new Contact("c-1", "it", Set.of("security"), JourneyPhase.CONSIDERATION, "de", Set.of(),
                "acme", "automotive", Set.of("machine-connectivity"), null, false);
    }

    private Path copyOfRules() throws IOException {
        Path copy = Files.createDirectories(temp.resolve("rules"));
        try (Stream<Path> files = Files.list(TestApp.RULES)) {
            for (Path file : files.toList()) Files.copy(file, copy.resolve(file.getFileName()));
        }
        return copy;
    }

    /** A copy of the real rules with one more file. */
    private Path rulesWith(String name, String drl) throws IOException {
        Path copy = copyOfRules();
        Files.writeString(copy.resolve(name), drl);
        return copy;
    }

    private static List<RuleProblem> problems(Path dir) {
        return assertThrows(RuleCompilationException.class, () -> COMPILER.compile(dir)).problems();
    }

    private static RuleProblem onlyProblem(Path dir) {
        List<RuleProblem> problems = problems(dir);
        assertEquals(1, problems.size(),
                () -> problems.stream().map(RuleProblem::describe).collect(Collectors.joining("\n")));
        return problems.get(0);
    }

    /** No Drools or Java internals: a marketer reads this. */
    private static void assertPlain(String message) {
        assertAll(message,
                () -> assertFalse(message.contains("\n"), "one line"),
                () -> assertTrue(message.length() <= DroolsMessages.MAX_LENGTH, "short"),
                () -> assertFalse(message.contains("Exception"), "no exception names"),
                () -> assertFalse(message.matches("(?s).*\\bat [\\w.$]+\\(.*"), "no stack frames"),
                () -> assertFalse(message.contains(".java"), "no generated Java files"),
                () -> assertFalse(message.contains("strict-mode"), "no MVEL internals"),
                () -> assertFalse(message.contains("[Near"), "no MVEL markers"),
                () -> assertFalse(message.contains("[ERR"), "no parser codes"),
                () -> assertFalse(message.contains("Rule Compilation error"), "no Drools jargon"),
                () -> assertFalse(message.contains("de.wegweiser."), "no package names"));
    }

    private static List<String> bundledFiles() throws IOException {
        try (Stream<Path> files = Files.list(TestApp.RULES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".drl") || n.endsWith(".csv")).sorted().toList();
        }
    }

    private static long ruleHeaders(Path dir) throws IOException {
        Pattern header = Pattern.compile("^\\s*rule\\s+\"", Pattern.MULTILINE);
        long count = 0;
        for (String name : bundledFiles()) {
            if (name.endsWith(".csv")) { // a decision table: one rule per row below the column titles
                List<String> lines = Files.readAllLines(dir.resolve(name));
                int titles = lines.indexOf(lines.stream().filter(l -> l.startsWith("RuleTable")).findFirst().orElseThrow()) + 4;
                count += lines.subList(titles + 1, lines.size()).stream().takeWhile(l -> !l.isBlank()).count();
                continue;
            }
            Matcher m = header.matcher(Files.readString(dir.resolve(name)));
            while (m.find()) count++;
        }
        return count;
    }

    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(fragment)) return i + 1;
        throw new AssertionError("no line contains " + fragment);
    }
}
