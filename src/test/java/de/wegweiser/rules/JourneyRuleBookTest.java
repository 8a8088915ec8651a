package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.Event;
import de.wegweiser.domain.EventType;
import de.wegweiser.domain.JourneyPhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journey rules are compiled on their own, with their settings, and their mistakes are reported like any rule's. */
class JourneyRuleBookTest {

    private static final RuleCompiler COMPILER = new RuleCompiler(TestApp.CLOCK);
    /** For the engine's own safety net: a looping rule, which the safety check would refuse. */
    private static final RuleCompiler UNCHECKED = new RuleCompiler(TestApp.CLOCK, false);

    private static final String HEADER = """
            package wegweiser.journey;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.Event;
            import de.wegweiser.domain.EventType;
            import de.wegweiser.domain.LifecycleStatus;
            import function de.wegweiser.rules.Journey.addScore;
            import function de.wegweiser.rules.Journey.setStatus;

            """;

    private static final String SETTINGS = """
            package wegweiser.journey;

            declare JourneySettings
                scoreHalfLifeDays : int = 30
                buyingCenterDays : int = 30
            end
            """;

    @TempDir
    Path temp;

    private Path rules(String settings, String journeyRule) throws Exception {
        Path dir = temp.resolve("rules");
        Files.createDirectories(dir.resolve("journey"));
        try (Stream<Path> files = Files.list(TestApp.RULES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) Files.copy(file, dir.resolve(file.getFileName()));
        }
        if (settings != null) Files.writeString(dir.resolve("journey/settings.drl"), settings);
        if (journeyRule != null) Files.writeString(dir.resolve("journey/rules.drl"), HEADER + journeyRule);
        return dir;
    }

    private static Contact contact() {
        return new Contact("c-1", "it", Set.of(), JourneyPhase.AWARENESS, "en", Set.of(), null, null, Set.of(), null, false);
    }

    private static Event event(EventType type) {
        return new Event("e-1", type, TestApp.CLOCK.instant(), null, null);
    }

    @Test
    void the_bundled_journey_rules_compile_apart_from_the_recommendation_rules_with_their_settings() throws Exception {
        JourneyRuleBook journey = COMPILER.compileJourney(TestApp.RULES);
        RuleBook recommendation = COMPILER.compile(TestApp.RULES);
        assertFalse(journey.isEmpty());
        assertTrue(journey.files().stream().allMatch(f -> f.startsWith("journey/")), journey.files().toString());
        assertTrue(journey.files().contains("journey/settings.drl"));
        assertTrue(recommendation.files().stream().noneMatch(f -> f.startsWith("journey/")), recommendation.files().toString());
        assertTrue(journey.rules().stream().noneMatch(r -> recommendation.rules().stream().anyMatch(o -> o.name().equals(r.name()))),
                "no rule is in both books");
        assertEquals(Duration.ofDays(30), journey.settings().scoreHalfLife());
        assertEquals(Duration.ofDays(30), journey.settings().buyingCenterWindow());
        assertEquals(40, journey.settings().values().get("mqlScore"));
        assertEquals(3, journey.settings().values().get("impressionsBeforePause"));
        assertEquals(30, journey.settings().values().get("pauseDays"));
    }

    @Test
    void the_recommendation_rules_leave_out_the_journey_and_scenarios_folders() throws Exception {
        Path dir = rules(SETTINGS, "");
        Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(dir.resolve("scenarios/not-a-rule.drl"), "this is no DRL at all");
        RuleBook recommendation = COMPILER.compile(dir);
        assertTrue(recommendation.files().stream().noneMatch(f -> f.contains("/")), recommendation.files().toString());
        assertEquals(COMPILER.compile(TestApp.RULES).version(), recommendation.version(),
                "journey and scenario files do not change the recommendation rules' version");
    }

    @Test
    void without_a_journey_folder_nothing_is_inferred() throws Exception {
        Path dir = temp.resolve("plain");
        Files.createDirectories(dir);
        Files.copy(TestApp.RULES.resolve("hygiene.drl"), dir.resolve("hygiene.drl"));
        JourneyRuleBook journey = COMPILER.compileJourney(dir);
        assertTrue(journey.isEmpty());
        assertEquals("none", journey.version());
        assertEquals(List.of(), journey.evaluate(List.of(contact(), event(EventType.DEMO_REQUEST))));
        assertEquals(JourneySettings.NONE, journey.settings());
    }

    @Test
    void a_journey_rule_says_what_changes_through_its_helpers_with_its_name() throws Exception {
        JourneyRuleBook journey = COMPILER.compileJourney(rules(SETTINGS, """
                // A demo request is worth a lot.
                rule "Demo: 25 points"
                    when
                        $contact : Contact()
                        Event( type == EventType.DEMO_REQUEST )
                    then
                        addScore($contact, 25, "Requested a demo", "Hat eine Demo angefragt");
                end
                """));
        assertEquals(List.of(new JourneyEffect.Points("Demo: 25 points", 25, "Requested a demo", "Hat eine Demo angefragt")),
                journey.evaluate(List.of(contact(), event(EventType.DEMO_REQUEST))));
        assertEquals(List.of(), journey.evaluate(List.of(contact(), event(EventType.PAGE_VIEW))));
    }

    @Test
    void a_mistake_in_a_journey_rule_is_reported_with_file_line_and_rule() throws Exception {
        Path dir = rules(SETTINGS, """
                // Typo in a field name.
                rule "Demo: 25 points"
                    when
                        $contact : Contact()
                        Event( typ == EventType.DEMO_REQUEST )
                    then
                        addScore($contact, 25, "Requested a demo");
                end
                """);
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> COMPILER.compileJourney(dir));
        RuleProblem problem = e.problems().get(0);
        assertEquals("journey/rules.drl", problem.file());
        assertEquals(14, problem.line(), problem.describe());
        assertEquals("Demo: 25 points", problem.rule());
        assertTrue(problem.message().contains("'typ'"), problem.message());
    }

    @Test
    void a_status_compared_with_text_in_a_journey_rule_is_refused() throws Exception {
        Path dir = rules(SETTINGS, """
                // Compares a status with text: compiles in Drools, never matches.
                rule "Leads count twice"
                    when
                        $contact : Contact( lifecycle == "lead" )
                        Event()
                    then
                        addScore($contact, 5, "A lead");
                end
                """);
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> COMPILER.compileJourney(dir));
        assertTrue(e.getMessage().contains("LifecycleStatus.LEAD"), e.getMessage());
        assertTrue(e.getMessage().contains("journey/rules.drl:13"), e.getMessage());
    }

    @Test
    void journey_rules_without_their_settings_are_refused() throws Exception {
        Path dir = rules(null, """
                // Fine on its own.
                rule "Page view: 1 point"
                    when
                        $contact : Contact()
                        Event( type == EventType.PAGE_VIEW )
                    then
                        addScore($contact, 1, "Visited a page");
                end
                """);
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> COMPILER.compileJourney(dir));
        assertTrue(e.getMessage().contains("declare JourneySettings"), e.getMessage());
    }

    @Test
    void a_half_life_of_zero_days_is_refused_at_the_line_of_the_setting() throws Exception {
        Path dir = rules(SETTINGS.replace("scoreHalfLifeDays : int = 30", "scoreHalfLifeDays : int = 0"), null);
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> COMPILER.compileJourney(dir));
        RuleProblem problem = e.problems().get(0);
        assertEquals("journey/settings.drl", problem.file());
        assertEquals(4, problem.line());
        assertTrue(problem.message().contains("whole number of days above 0"), problem.message());
        assertTrue(problem.sourceLine().contains("scoreHalfLifeDays"));
    }

    @Test
    void a_journey_rule_that_keeps_firing_is_stopped_and_named() throws Exception {
        JourneyRuleBook journey = UNCHECKED.compileJourney(rules(SETTINGS, """
                // Changes a fact and so triggers itself again and again.
                rule "Endless"
                    when
                        $contact : Contact()
                        Event()
                    then
                        update($contact);
                end
                """));
        RunawayRuleException e = assertThrows(RunawayRuleException.class,
                () -> journey.evaluate(List.of(contact(), event(EventType.PAGE_VIEW))));
        assertEquals("Endless", e.rule());
    }
}
