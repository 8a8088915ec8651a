package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors that point at the mistake, not at where the parser gave up: rule files with one mistake
 * each, written to a temporary directory and compiled by the real compiler.
 */
class MisleadingErrorsTest {

    private static final RuleCompiler COMPILER = new RuleCompiler(TestApp.CLOCK);

    private static final String HEADER = """
            // Rules with one mistake each.
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import function de.wegweiser.rules.Scoring.recommend;

            """;
    private static final int FIRST_RULE = (int) HEADER.lines().count() + 2;

    private static final String TWO_RULES = HEADER + """
            // Webinars for everyone.
            rule "Webinars"
                when
                    Contact()
                    $item : ContentItem( format == "webinar" )
                then
                    recommend($item, 5, "A webinar", "Ein Webinar");
            end

            // Studies for everyone.
            rule "Studies"
                when
                    Contact()
                    $item : ContentItem( format == "study" )
                then
                    recommend($item, 5, "A study", "Eine Studie");
            end
            """;

    @TempDir
    Path temp;

    private List<RuleProblem> problems(String drl) throws Exception {
        Files.writeString(temp.resolve("test.drl"), drl);
        return assertThrows(RuleCompilationException.class, () -> COMPILER.compile(temp)).problems();
    }

    @Test
    void a_rule_without_end_is_named_at_its_last_line_and_not_inside_the_next_rule() throws Exception {
        List<RuleProblem> problems = problems(TWO_RULES.replaceFirst("\nend\n", "\n"));
        assertEquals(1, problems.size(), problems.stream().map(RuleProblem::describe).toList().toString());
        RuleProblem problem = problems.get(0);
        assertEquals("Webinars", problem.rule());
        assertEquals(FIRST_RULE + 5, problem.line());
        assertTrue(problem.message().startsWith("rule \"Webinars\" has no 'end': write 'end' on the line after line " + (FIRST_RULE + 5)
                + ", before rule \"Studies\" on line " + (FIRST_RULE + 8)), problem.message());
    }

    @Test
    void the_last_rule_without_end_is_named_too() throws Exception {
        String drl = TWO_RULES.substring(0, TWO_RULES.lastIndexOf("end"));
        List<RuleProblem> problems = problems(drl);
        assertEquals("Studies", problems.get(0).rule(), problems.get(0).describe());
        assertTrue(problems.get(0).message().contains("has no 'end'") && problems.get(0).message().contains("at the end of the file"),
                problems.get(0).message());
    }

    @Test
    void two_texts_without_a_comma_between_them_ask_for_the_comma() throws Exception {
        List<RuleProblem> problems = problems(TWO_RULES.replace("\"A webinar\", \"Ein Webinar\"", "\"A webinar\" \"Ein Webinar\""));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("missing comma?"), problems.get(0).message());
        assertEquals(FIRST_RULE + 5, problems.get(0).line());
    }

    @Test
    void text_with_umlauts_in_a_parser_message_is_shown_as_written() throws Exception {
        List<RuleProblem> problems = problems(TWO_RULES.replace("\"A webinar\", \"Ein Webinar\"", "\"A webinar\" \"Für Sie\""));
        assertFalse(problems.get(0).message().contains("\\u00"), problems.get(0).message());
    }

    @Test
    void points_written_as_text_are_explained_in_words_without_a_java_signature() throws Exception {
        List<RuleProblem> problems = problems(TWO_RULES.replace("recommend($item, 5, \"A webinar\"", "recommend($item, \"5\", \"A webinar\""));
        assertEquals(1, problems.size());
        assertEquals(ProblemCode.WRONG_TYPE, problems.get(0).code());
        assertFalse(problems.get(0).message().matches("(?s).*(ContentItem,|double|java\\.|\\w+\\(\\w+, \\w+).*"), problems.get(0).message());
    }

    @Test
    void a_typo_in_the_settings_is_the_one_error_reported_and_counts_what_follows_from_it() throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, temp.resolve("rules"));
        Path settings = rules.resolve("journey/settings.drl");
        Files.writeString(settings, Files.readString(settings).replace("mqlScore : int = 40", "mqlScore : int = 40x"));
        List<RuleProblem> problems = assertThrows(RuleCompilationException.class, () -> COMPILER.compileJourney(rules)).problems();
        RuleProblem root = problems.get(0);
        assertEquals("journey/settings.drl", root.file(), problems.stream().map(RuleProblem::describe).toList().toString());
        int line = Files.readAllLines(settings).indexOf("    mqlScore : int = 40x") + 1;
        assertEquals(line, root.line());
        assertEquals(22, root.column());
        assertTrue(root.message().startsWith("setting 'mqlScore' needs a number as its value, e.g. 'mqlScore : int = 30', not '40x'"),
                root.message());
        assertTrue(root.followOns() > 10, root.message());
        assertTrue(root.message().contains("errors that follow from it") && root.message().contains("journey/phases.drl"), root.message());
        assertEquals(List.of(root), problems, "the follow-on errors in the other files are folded into the root cause");
    }

    @Test
    void warnings_have_a_column() throws Exception {
        Files.writeString(temp.resolve("test.drl"), TWO_RULES.replace("// Studies for everyone.\n", ""));
        RuleBook book = COMPILER.compile(temp);
        assertFalse(book.warnings().isEmpty());
        for (RuleProblem warning : book.warnings()) assertTrue(warning.column() > 0, warning.describe());
    }
}
