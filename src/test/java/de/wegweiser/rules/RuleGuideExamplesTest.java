package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guides show rules that really compile, and quote the bundled rules word for word as they were
 * frozen for the engine's tests (the marketers may since have changed their copy in rules/).
 */
class RuleGuideExamplesTest {

    /** The rule author's guide, and the pages that show journey and account-aware rules. */
    private static final List<Path> GUIDES = List.of(Path.of("docs", "rules.md"), Path.of("docs", "contacts.md"), Path.of("docs", "accounts.md"));

    private static final Pattern DRL_BLOCK = Pattern.compile("```drl\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern RULE_NAME = Pattern.compile("rule \"([^\"]+)\"");
    private static final String HEADER = """
            package wegweiser.rules;
            import de.wegweiser.domain.Account;
            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.JourneyPhase;
            import function de.wegweiser.rules.Scoring.recommend;
            import function de.wegweiser.rules.Scoring.exclude;
            import function de.wegweiser.rules.Scoring.label;
            """;

    private static List<String> exampleRules() throws Exception {
        List<String> rules = new ArrayList<>();
        for (Path guide : GUIDES) {
            Matcher m = DRL_BLOCK.matcher(Files.readString(guide));
            while (m.find()) if (RULE_NAME.matcher(m.group(1)).find()) rules.add(m.group(1));
        }
        return rules;
    }

    /** Examples of new recommendation rules (journey and account rules have helpers of their own). */
    private static boolean recommendationRule(String example) {
        return example.contains("recommend(") || example.contains("exclude(") || example.contains("fallback(");
    }

    /**
     * Every bundled rule file (frozen copy), the journey rules in journey/ included, and the phase
     * table's rules as DRL (DecisionTableTest proves the table makes exactly these).
     */
    private static String shippedRules() throws Exception {
        StringBuilder all = new StringBuilder(Files.readString(Path.of("src/test/resources/decision-tables/content-per-phase.drl")));
        try (Stream<Path> files = Files.walk(TestApp.RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).toList()) all.append(Files.readString(file));
        }
        return all.toString();
    }

    private static String normalized(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    @Test
    void examples_that_quote_a_shipped_rule_match_it_word_for_word() throws Exception {
        String shipped = normalized(shippedRules());
        int quoted = 0;
        for (String example : exampleRules()) {
            Matcher name = RULE_NAME.matcher(example);
            name.find();
            if (shipped.contains("rule \"" + name.group(1) + "\"")) {
                assertTrue(shipped.contains(normalized(example)), "a guide's example differs from the frozen rules: " + name.group(1));
                quoted++;
            }
        }
        assertTrue(quoted >= 4, "the guides quote bundled rules: " + quoted);
    }

    @Test
    void new_example_rules_compile_next_to_the_shipped_rules(@TempDir Path dir) throws Exception {
        String shipped = shippedRules();
        StringBuilder examples = new StringBuilder(HEADER);
        for (String example : exampleRules()) {
            Matcher name = RULE_NAME.matcher(example);
            name.find();
            if (!shipped.contains("rule \"" + name.group(1) + "\"") && recommendationRule(example)) examples.append(example).append('\n');
        }
        assertFalse(examples.toString().equals(HEADER), "the guide has examples of new rules");
        try (Stream<Path> files = Files.list(TestApp.RULES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Files.writeString(dir.resolve("readme-examples.drl"), examples);
        RuleBook book = assertDoesNotThrow(() -> new RuleCompiler(TestApp.CLOCK).compile(dir));
        assertTrue(book.rules().stream().anyMatch(r -> r.name().equals("No gated content without a need")));
    }
}
