package de.wegweiser.rules.conditions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.rules.ProblemCode;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompiler;
import de.wegweiser.rules.RuleProblem;
import de.wegweiser.rules.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules held against the live catalog: mistakes that compile and load and silently do nothing
 * become warnings at file, line and column. Rule files are written to a temporary directory and
 * compiled by the real compiler; the catalog is the shipped one.
 */
class CatalogFitTest {

    private static final String HEADER = """
            // Rules held against the catalog.
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.JourneyPhase;
            import de.wegweiser.domain.Today;
            import function de.wegweiser.rules.Scoring.recommend;
            import function de.wegweiser.rules.Scoring.exclude;

            """;
    /** The first line after the header: where a test's rule header stands when its comment is on the line before. */
    private static final int RULE_LINE = (int) HEADER.lines().count() + 2;

    /** A rule whose condition no item of the shipped catalog meets. */
    private static final String PODCASTS = """
                // Podcasts for the curious.
                rule "Podcasts"
                    when
                        Contact( )
                        $item : ContentItem( durationMinutes > 100000 )
                    then
                        recommend($item, 10, "Long listen");
                end
                """;

    private static Catalog catalog;
    private static final LocalDate TODAY = LocalDate.now(TestApp.CLOCK);

    @TempDir
    Path temp;

    @BeforeAll
    static void loadCatalog() throws Exception {
        catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
    }

    private List<RuleProblem> warnings(String rules) throws Exception {
        Files.writeString(temp.resolve("test.drl"), HEADER + rules);
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(temp, catalog.taxonomy());
        return new Snapshot(catalog, book, null).ruleWarnings(TODAY).stream()
                .filter(p -> p.code() != ProblemCode.NO_INTENT_COMMENT).toList();
    }

    private static RuleProblem only(List<RuleProblem> warnings, ProblemCode code) {
        List<RuleProblem> found = warnings.stream().filter(p -> p.code() == code).toList();
        assertEquals(1, found.size(), warnings.stream().map(RuleProblem::describe).toList().toString());
        assertEquals(Severity.WARNING, found.get(0).severity());
        assertTrue(found.get(0).column() > 0, "the column is filled in: " + found.get(0).describe());
        return found.get(0);
    }

    @Test
    void the_shipped_rules_fit_the_shipped_catalog() throws Exception {
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(TestApp.RULES, catalog.taxonomy());
        List<RuleProblem> fit = book.whyNot().catalogFit(catalog.version(), catalog.items(), TODAY);
        assertEquals(List.of(), fit.stream().map(RuleProblem::describe).toList());
    }

    @Test
    void an_item_id_that_is_not_in_the_catalog_is_a_warning_at_its_literal_with_did_you_mean() throws Exception {
        RuleProblem warning = only(warnings("""
                // Point buyers to the lease comparison.
                rule "Lease comparison"
                    when
                        Contact( phase == JourneyPhase.CONSIDERATION )
                        $item : ContentItem( id == "cmp-buy-lease-rnt-en" )
                    then
                        recommend($item, 10, "Buy or lease");
                end
                """), ProblemCode.UNKNOWN_ITEM_ID);
        assertEquals("no item of the live catalog has the id 'cmp-buy-lease-rnt-en'; did you mean 'cmp-buy-lease-rent-en'?",
                warning.message());
        assertEquals(RULE_LINE + 3, warning.line());
        assertEquals(warning.sourceLine().indexOf("\"cmp-buy") + 1, warning.column());
        assertEquals("Lease comparison", warning.rule());
    }

    @Test
    void a_rule_that_can_fire_for_no_item_names_what_it_would_need() throws Exception {
        RuleProblem warning = only(warnings("""
                // Purchasing: terms as a webinar.
                rule "Terms webinars"
                    when
                        Contact( role == "purchasing" )
                        $item : ContentItem( format == "webinar", concerns contains "terms", topics contains "retrofit" )
                    then
                        recommend($item, 10, "Terms");
                end
                """), ProblemCode.NO_ITEM_MATCHES);
        assertTrue(warning.message().startsWith("the rule can fire for no item of the live catalog: it wants format webinar and "
                + "concerns to include terms and topics to include retrofit together, and no item has all of that; each alone: "
                + "format webinar ("), warning.message());
        assertEquals(RULE_LINE, warning.line());
        assertEquals(1, warning.column());
    }

    @Test
    void a_condition_no_item_meets_is_named_alone() throws Exception {
        RuleProblem warning = only(warnings(PODCASTS), ProblemCode.NO_ITEM_MATCHES);
        assertEquals("the rule can fire for no item of the live catalog: it wants durationMinutes > 100000, and no item has that",
                warning.message());
    }

    @Test
    void after_a_catalog_edit_the_check_sees_the_edited_item_and_remembers_the_others() throws Exception {
        Files.writeString(temp.resolve("test.drl"), HEADER + PODCASTS);
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(temp, catalog.taxonomy());
        List<ContentItem> items = catalog.items();
        assertEquals(1, codes(book.whyNot().catalogFit("v1", items, TODAY)).stream().filter(ProblemCode.NO_ITEM_MATCHES::equals).count());

        // one file edited: one item is a new object with a long duration, every other item is the same object as before
        List<ContentItem> edited = new java.util.ArrayList<>(items);
        ContentItem i = items.get(7);
        edited.set(7, new ContentItem(i.id(), i.title(), i.summary(), i.url(), i.format(), i.language(), i.phases(), i.roles(),
                i.concerns(), i.topics(), i.published(), i.expires(), i.eventDate(), i.gated(), 200_000));
        List<ProblemCode> afterEdit = codes(book.whyNot().catalogFit("v2", edited, TODAY));
        assertTrue(!afterEdit.contains(ProblemCode.NO_ITEM_MATCHES), afterEdit.toString());
        RuleBook fresh = new RuleCompiler(TestApp.CLOCK).compile(temp, catalog.taxonomy());
        assertEquals(codes(fresh.whyNot().catalogFit("v2", edited, TODAY)), afterEdit);

        // and back: the edited item is gone again
        assertTrue(codes(book.whyNot().catalogFit("v1", items, TODAY)).contains(ProblemCode.NO_ITEM_MATCHES));
    }

    private static List<ProblemCode> codes(List<RuleProblem> warnings) {
        return warnings.stream().map(RuleProblem::code).filter(c -> c != ProblemCode.NO_INTENT_COMMENT).toList();
    }

    @Test
    void a_rule_that_fires_only_for_items_in_one_language_names_the_language_it_lacks() throws Exception {
        String id = catalog.items().stream().filter(i -> i.language().equals("de")).findFirst().orElseThrow().id();
        RuleProblem warning = only(warnings("""
                // The flagship item.
                rule "Flagship"
                    when
                        Contact( )
                        $item : ContentItem( id == "%s" )
                    then
                        recommend($item, 10, "Flagship");
                end
                """.formatted(id)), ProblemCode.ONE_LANGUAGE_ONLY);
        assertTrue(warning.message().startsWith("the rule can fire only for items in 'de' (1 item); for contacts who read 'en' it "
                + "would need an item in that language that meets the id " + id), warning.message());
    }

    @Test
    void a_rule_that_names_the_language_itself_gets_no_language_warning() throws Exception {
        List<RuleProblem> warnings = warnings("""
                // German webinars for German speakers.
                rule "German webinars"
                    when
                        Contact( language == "de" )
                        $item : ContentItem( format == "webinar", language == "de" )
                    then
                        recommend($item, 10, "Webinar");
                end
                """);
        assertEquals(List.of(), warnings.stream().map(RuleProblem::describe).toList());
    }

    @Test
    void a_rule_with_zero_points_cannot_change_a_ranking() throws Exception {
        RuleProblem warning = only(warnings("""
                // Webinars, for later.
                rule "Webinars later"
                    when
                        Contact( )
                        $item : ContentItem( format == "webinar" )
                    then
                        recommend($item, 0, "Webinar");
                end
                """), ProblemCode.NO_EFFECT);
        assertEquals("the rule gives 0 points: it cannot change any recommendation; give it points, or remove it", warning.message());
    }

    @Test
    void a_rule_that_only_matches_items_excluded_for_everyone_cannot_change_a_ranking() throws Exception {
        var past = catalog.items().stream().filter(i -> i.isPastEventOn(TODAY)).findFirst().orElseThrow();
        RuleProblem warning = only(warnings("""
                // The big launch.
                rule "Launch"
                    when
                        Contact( )
                        $item : ContentItem( id == "%s" )
                    then
                        recommend($item, 30, "Launch");
                end

                // Past events are over.
                rule "Past events are over"
                    when
                        Contact()
                        Today( $today : date )
                        $item : ContentItem( isPastEventOn($today) )
                    then
                        exclude($item, "Over");
                end
                """.formatted(past.id())), ProblemCode.NO_EFFECT);
        assertEquals("every item the rule can fire for (1 item) is excluded for every contact as of " + TODAY
                + " (e.g. by \"Past events are over\"): its points cannot change any recommendation", warning.message());
    }

    @Test
    void conditions_on_the_contact_are_not_taken_for_impossible() throws Exception {
        List<RuleProblem> warnings = warnings("""
                // The contact's role.
                rule "Role"
                    when
                        Contact( $role : role )
                        $item : ContentItem( roles contains $role, format == "webinar" )
                    then
                        recommend($item, 10, "Role");
                end
                """);
        assertEquals(List.of(), warnings.stream().map(RuleProblem::describe).toList());
    }
}
