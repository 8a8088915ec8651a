package de.wegweiser.rules.conditions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which rules can fire for one item, judged by the item alone: each kind of condition, and one that must not match. */
class RuleFitTest {

    private static final String RULES = """
            // Rules judged item by item.
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.Today;
            import function de.wegweiser.rules.Scoring.recommend;
            import function de.wegweiser.rules.Scoring.exclude;

            // Webinars for the contact's role.
            rule "Webinars for the role"
                when
                    Contact( $role : role )
                    $item : ContentItem( format == "webinar", roles contains $role )
                then
                    recommend($item, 15, "Webinar", "Webinar");
            end

            // Withdrawn on the expiry date.
            rule "Expired"
                when
                    Contact()
                    Today( $today : date )
                    $item : ContentItem( isExpiredOn($today) )
                then
                    exclude($item, "Expired", "Abgelaufen");
            end

            // Paused by the marketer.
            rule "Paused"
                enabled false
                when
                    Contact()
                    $item : ContentItem( format == "webinar" )
                then
                    recommend($item, 5, "Paused", "Pausiert");
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

    private Map<String, RuleFit> fit(String itemId) throws Exception {
        Files.writeString(temp.resolve("test.drl"), RULES);
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(temp, catalog.taxonomy());
        ContentItem item = catalog.item(itemId).orElseThrow();
        Map<String, RuleFit> byName = new LinkedHashMap<>();
        for (RuleFit f : book.whyNot().rulesFor(item, catalog.items(), TODAY)) byName.put(f.rule(), f);
        return byName;
    }

    @Test
    void a_condition_on_the_item_decides_and_a_condition_on_the_contact_is_left_to_the_contact() throws Exception {
        RuleFit webinar = fit("web-live-demo-smx650-de").get("Webinars for the role");
        assertTrue(webinar.canFire(), webinar.toString());
        assertFalse(webinar.everyContact(), "the role is the contact's: " + webinar);
        assertEquals(15.0, webinar.points());
        assertEquals("recommend", webinar.effect());

        RuleFit whitepaper = fit("wp-roi-calculation").get("Webinars for the role");
        assertFalse(whitepaper.canFire(), whitepaper.toString());
        assertEquals("format == \"webinar\"", whitepaper.condition());
        assertTrue(whitepaper.english().contains("webinar") && whitepaper.english().contains("whitepaper"), whitepaper.english());
        assertTrue(whitepaper.german().startsWith("die Regel verlangt"), whitepaper.german());
        assertTrue(whitepaper.conditionLine() > whitepaper.line(), whitepaper.toString());
    }

    @Test
    void a_condition_on_todays_date_is_decided_and_a_rule_that_looks_at_no_contact_fires_for_every_contact() throws Exception {
        RuleFit expired = fit("so-spindle-service-package-de").get("Expired"); // expired 2026-10-31
        assertTrue(expired.canFire(), expired.toString());
        assertTrue(expired.everyContact(), expired.toString());
        assertEquals("exclude", expired.effect());
        assertNull(expired.points());

        RuleFit current = fit("so-connect-professional-upgrade-en").get("Expired"); // expires 2027-03-31
        assertFalse(current.canFire(), current.toString());
        assertFalse(current.everyContact());
    }

    @Test
    void a_switched_off_rule_cannot_fire_even_for_an_item_that_meets_its_conditions() throws Exception {
        Map<String, RuleFit> rules = fit("web-live-demo-smx650-de");
        RuleFit paused = rules.get("Paused");
        assertFalse(paused.canFire(), paused.toString());
        assertEquals("the rule is switched off ('enabled false')", paused.english());
        assertEquals("enabled false", paused.condition());
        assertTrue(rules.get("Webinars for the role").canFire(), "the same item meets the same condition of a rule that is on");
    }
}
