package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import de.wegweiser.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A phase written as text compiles in Drools but never matches; Wegweiser refuses it with the fix. */
class EnumComparisonTest {

    private static final String RULES = """
            package wegweiser.rules;
            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import function de.wegweiser.rules.Scoring.recommend;

            // Checklists for the decision.
            rule "Decision checklists"
                when
                    Contact( phase == "intent-to-purchase", lifecycle == "sql" )
                    $item : ContentItem( format == "checklist", phases contains "decision" )
                then
                    recommend($item, 10, "Checklists");
            end
            """;

    @Test
    void a_phase_or_status_compared_with_text_is_an_error_that_shows_the_constant_to_write(@TempDir Path dir) throws Exception {
        try (Stream<Path> files = Files.list(TestApp.RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).toList()) Files.copy(file, dir.resolve(file.getFileName()));
        }
        Files.writeString(dir.resolve("decision.drl"), RULES);
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> new RuleCompiler(TestApp.CLOCK).compile(dir));
        List<RuleProblem> problems = e.problems();
        assertEquals(3, problems.size(), e.getMessage());
        RuleProblem phase = problems.get(0);
        assertEquals("decision.drl", phase.file());
        assertEquals(9, phase.line());
        assertEquals("Decision checklists", phase.rule());
        assertEquals("a journey phase is not text and \"intent-to-purchase\" never matches; write JourneyPhase.INTENT_TO_PURCHASE", phase.message());
        assertEquals("a lifecycle status is not text and \"sql\" never matches; write LifecycleStatus.SQL (and import de.wegweiser.domain.LifecycleStatus)",
                problems.get(1).message());
        assertEquals(10, problems.get(2).line());
        assertEquals("a journey phase is not text and \"decision\" never matches; write JourneyPhase.INTENT_TO_PURCHASE", problems.get(2).message());
    }

    @Test
    void the_shipped_rules_compare_phases_only_with_constants() throws Exception {
        new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES); // throws with file and line otherwise
    }
}
