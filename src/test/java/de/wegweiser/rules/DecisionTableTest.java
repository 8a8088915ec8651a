package de.wegweiser.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.TermKind;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules kept as a spreadsheet: rules/content-per-phase.csv, the brief's table of formats per phase, as a Drools decision table. */
class DecisionTableTest {

    private static final String TABLE = "content-per-phase.csv";
    /** The same rules written by hand, as they were shipped before the table. */
    private static final Path HAND_WRITTEN = Path.of("src/test/resources/decision-tables/content-per-phase.drl");

    @TempDir
    static Path dir;
    private static Path rules;

    @BeforeAll
    static void copyRules() throws Exception {
        rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
    }

    private static Path variant(String name, String from, String to) throws Exception {
        Path copy = TestApp.copyTree(TestApp.RULES, dir.resolve(name));
        Path table = copy.resolve(TABLE);
        String text = Files.readString(table);
        assertTrue(text.contains(from), from);
        Files.writeString(table, text.replace(from, to));
        return copy;
    }

    private static RuleCompilationException refused(Path rulesDir) throws Exception {
        var taxonomy = new de.wegweiser.catalog.CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG).taxonomy();
        return assertThrows(RuleCompilationException.class, () -> new RuleCompiler(TestApp.CLOCK).compile(rulesDir, taxonomy));
    }

    @Test
    void the_table_recommends_exactly_what_the_hand_written_rules_did_for_every_phase_role_and_language() throws Exception {
        Path handWritten = TestApp.copyTree(TestApp.RULES, dir.resolve("hand-written"));
        Files.delete(handWritten.resolve(TABLE));
        Files.copy(HAND_WRITTEN, handWritten.resolve("content-per-phase.drl"));
        Snapshot table = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, rules);
        Snapshot drl = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, handWritten);
        assertTrue(table.rules().plan().usable(), "the table keeps the fast top-k evaluation: " + table.rules().plan().warning());
        RecommendationService fromTable = new RecommendationService(table, TestApp.CLOCK);
        RecommendationService fromDrl = new RecommendationService(drl, TestApp.CLOCK);
        int compared = 0;
        for (JourneyPhase phase : JourneyPhase.values()) {
            for (String role : table.catalog().taxonomy().ids(TermKind.ROLE)) {
                for (String language : List.of("de", "en")) {
                    Contact contact = new Contact("c", role, Set.of(), phase, language, Set.of(), null, null, Set.of(), null, false);
                    assertEquals(describe(fromDrl.recommend(contact, 20).recommendations()), describe(fromTable.recommend(contact, 20).recommendations()),
                            phase.id() + " " + role + " " + language);
                    compared++;
                }
            }
        }
        assertEquals(JourneyPhase.values().length * 7 * 2, compared);
    }

    private static List<String> describe(List<Recommendation> recommendations) {
        List<String> out = new ArrayList<>();
        for (Recommendation r : recommendations) out.add(r.item().id() + " " + r.score() + " " + r.reasons());
        return out;
    }

    @Test
    void each_rule_of_the_table_is_listed_at_the_row_it_was_made_from() throws Exception {
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(rules);
        RuleInfo consideration = book.rules().stream().filter(r -> r.name().equals("Consideration: hard facts and proof")).findFirst().orElse(null);
        assertNotNull(consideration, book.rules().toString());
        assertEquals(TABLE, consideration.file());
        assertEquals(13, consideration.line(), "the CSV line of the rule's row");
    }

    @Test
    void a_misspelled_format_is_reported_at_its_row_and_column_with_what_was_meant() throws Exception {
        RuleCompilationException e = refused(variant("format", "\"case-study, reference, webinar, checklist\"", "\"case-study, reference, webnar, checklist\""));
        RuleProblem problem = e.problems().get(0);
        assertEquals(TABLE, problem.file());
        assertEquals(14, problem.line());
        assertEquals(3, problem.column());
        assertEquals(ProblemCode.UNKNOWN_TERM, problem.code());
        assertEquals("Intent to purchase: reassurance and dialogue", problem.rule());
        assertEquals("row 14, column Formats: unknown format 'webnar'; did you mean 'webinar'?", problem.message());
    }

    @Test
    void a_phase_that_does_not_exist_points_as_text_an_empty_cell_and_quotes_are_each_reported_at_their_cell() throws Exception {
        RuleCompilationException e = refused(variant("cells",
                "Conversion: a smooth start,conversion,\"onboarding-guide, tutorial, checklist\",20,Getting started: onboarding for a smooth start,",
                "Conversion: a smooth start,convertion,\"onboarding-guide, tutorial, checklist\",twenty,\"Getting \"\"started\"\": onboarding\","));
        List<String> messages = e.problems().stream().map(p -> p.line() + ":" + p.column() + " " + p.message()).toList();
        assertEquals(3, messages.size(), messages.toString());
        assertTrue(messages.get(0).startsWith("16:2 row 16, column Phase: unknown phase 'convertion'; did you mean 'conversion'?"), messages.get(0));
        assertEquals("16:4 row 16, column Points: the points must be a number, e.g. 20; got 'twenty'", messages.get(1));
        assertTrue(messages.get(2).startsWith("16:5 row 16, column Reason (English): a cell may not contain double quotes"), messages.get(2));
    }

    @Test
    void an_action_outside_the_allowlist_is_refused_by_the_safety_check_at_the_row_of_its_rule() throws Exception {
        RuleCompilationException e = refused(variant("hostile", "\"recommend($item, $param,\"", "\"System.exit($param); recommend($item, $param,\""));
        RuleProblem problem = e.problems().stream().filter(p -> p.file().equals(TABLE)).findFirst().orElseThrow();
        assertTrue(problem.line() >= 10 && problem.line() <= 18, problem.toString());
        assertTrue(problem.message().contains("(in the rule made from row " + problem.line() + ")"), problem.message());
    }

    @Test
    void a_changed_cell_goes_live_on_reload_and_a_wrong_one_is_refused_at_its_cell_while_the_last_good_table_serves() throws Exception {
        Path live = TestApp.copyTree(TestApp.RULES, dir.resolve("live"));
        Path catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
        try (TestApp app = TestApp.start(TestApp.config(live, catalog).withAdminToken(TestApp.ADMIN_TOKEN))) {
            String contact = "{\"contact\": {\"id\": \"c\", \"role\": \"finance\", \"phase\": \"consideration\", \"language\": \"en\"}, \"limit\": 50}";
            assertTrue(points(app, contact, "Consideration: hard facts and proof").contains(20.0));

            Path table = live.resolve(TABLE);
            String text = Files.readString(table);
            Files.writeString(table, text.replace("\"success-story, whitepaper, study, e-book, comparison\",20,", "\"success-story, whitepaper, study, e-book, comparison\",35,"));
            var deployed = reload(app);
            assertEquals("deployed", deployed.get("outcome").asText(), deployed.toString());
            assertTrue(points(app, contact, "Consideration: hard facts and proof").contains(35.0));

            Files.writeString(table, text.replace("\"success-story, whitepaper, study, e-book, comparison\",20,", "\"success-story, whitepaper, studdy, e-book, comparison\",20,"));
            var refused = reload(app);
            assertEquals("failed", refused.get("outcome").asText(), refused.toString());
            assertEquals(TABLE, refused.at("/problems/0/file").asText(), refused.toString());
            assertEquals(13, refused.at("/problems/0/line").asInt(), refused.toString());
            assertTrue(refused.at("/problems/0/message").asText().contains("row 13, column Formats: unknown format 'studdy'; did you mean 'study'?"),
                    refused.toString());
            assertTrue(points(app, contact, "Consideration: hard facts and proof").contains(35.0), "the last good table still serves");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode reload(TestApp app) throws Exception {
        TestApp.Response response = app.send(java.net.http.HttpRequest.newBuilder(app.uri("/api/v1/admin/reload"))
                .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    /** The points the rule gave, one entry per recommended item it gave points to. */
    private static List<Double> points(TestApp app, String body, String rule) throws Exception {
        TestApp.Response response = app.post("/api/v1/recommendations", body);
        assertEquals(200, response.status(), response.text());
        List<Double> points = new ArrayList<>();
        for (var item : response.json().get("recommendations")) {
            for (var reason : item.get("reasons")) if (rule.equals(reason.path("rule").asText())) points.add(reason.path("points").asDouble());
        }
        return points;
    }
}
