package de.wegweiser.rules.conditions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.ContentItem;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.rules.RuleBook;
import de.wegweiser.rules.RuleCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Why did my rule not fire?" on rule files written to a temporary directory and compiled by the real compiler. */
class WhyNotTest {

    private static final String HEADER = """
            // Rules for the why-not explanation.
            package wegweiser.rules;

            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.JourneyPhase;
            import de.wegweiser.domain.LifecycleStatus;
            import de.wegweiser.domain.Today;
            import function de.wegweiser.rules.Scoring.recommend;
            import function de.wegweiser.rules.Scoring.exclude;

            """;
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

    @TempDir
    Path temp;

    private static ContentItem item(String id, String format, String language, Set<String> concerns, LocalDate expires) {
        return new ContentItem(id, "Title", "Summary", "https://example.com/" + id, format, language,
                EnumSet.of(JourneyPhase.CONSIDERATION), Set.of("it"), concerns, Set.of(), TODAY.minusDays(10), expires, null, false, null);
    }

    private static Contact contact(Set<String> concerns, Set<String> consumed) {
        return new Contact("c-1", "it", concerns, JourneyPhase.CONSIDERATION, "en", consumed, null, null, Set.of(),
                LifecycleStatus.LEAD, false);
    }

    private Map<String, NotFired> whyNot(String rules, Contact contact, ContentItem item, Set<String> fired) throws Exception {
        Files.writeString(temp.resolve("test.drl"), HEADER + rules);
        RuleBook book = new RuleCompiler(TestApp.CLOCK).compile(temp);
        List<NotFired> notFired = book.whyNot().notFired(new WhyNot.Facts(contact, item, TODAY, null, List.of(item)), fired);
        return notFired.stream().collect(Collectors.toMap(NotFired::rule, Function.identity()));
    }

    @Test
    void a_property_the_contact_lacks_is_named_with_the_line_of_its_condition() throws Exception {
        var result = whyNot("""
                // Customers only.
                rule "Customers only"
                    when
                        Contact( customer )
                        $item : ContentItem( )
                    then
                        recommend($item, 5, "For customers");
                end
                """, contact(Set.of(), Set.of()), item("wp-1", "whitepaper", "en", Set.of(), null), Set.of());
        NotFired rule = result.get("Customers only");
        assertEquals("the rule wants the contact to be 'customer'; it is not", rule.english());
        assertEquals("customer", rule.condition());
        assertEquals(15, rule.conditionLine());
        assertEquals(13, rule.line());
    }

    @Test
    void a_method_with_the_day_shows_the_day_it_was_asked_for() throws Exception {
        var result = whyNot("""
                // Withdraw what has expired.
                rule "Expired"
                    when
                        Contact()
                        Today( $today : date )
                        $item : ContentItem( isExpiredOn($today) )
                    then
                        exclude($item, "Expired");
                end
                """, contact(Set.of(), Set.of()), item("wp-1", "whitepaper", "en", Set.of(), TODAY.plusDays(3)), Set.of());
        assertEquals("the rule wants 'isExpiredOn($today)' to hold for this item ($today = 2026-12-07); it does not",
                result.get("Expired").english());
    }

    @Test
    void member_of_a_set_of_the_contact_names_the_set_and_the_items_id() throws Exception {
        var result = whyNot("""
                // Never twice.
                rule "Consumed"
                    when
                        $contact : Contact()
                        $item : ContentItem( id memberOf $contact.consumed )
                    then
                        exclude($item, "Consumed");
                end
                """, contact(Set.of(), Set.of("wp-2", "wp-3")), item("wp-1", "whitepaper", "en", Set.of(), null), Set.of());
        assertEquals("the rule wants the id to be one of wp-2, wp-3; this item's id is wp-1", result.get("Consumed").english());
    }

    @Test
    void a_value_taken_from_an_empty_set_says_the_set_is_empty() throws Exception {
        var result = whyNot("""
                // The contact's concerns.
                rule "Own concerns"
                    when
                        $contact : Contact()
                        $concern : String() from $contact.concerns
                        $item : ContentItem( concerns contains $concern )
                    then
                        recommend($item, 5, "Your concern");
                end
                """, contact(Set.of(), Set.of()), item("wp-1", "whitepaper", "en", Set.of("price"), null), Set.of());
        assertEquals("the rule takes each value of $contact.concerns; it is empty", result.get("Own concerns").english());
        assertEquals("die Regel nimmt jeden Wert aus $contact.concerns; dort steht nichts", result.get("Own concerns").german());
    }

    @Test
    void a_rule_that_is_switched_off_says_so() throws Exception {
        var result = whyNot("""
                // Paused for the trade fair.
                rule "Paused"
                    enabled false
                    when
                        Contact()
                        $item : ContentItem( )
                    then
                        recommend($item, 5, "Paused");
                end
                """, contact(Set.of(), Set.of()), item("wp-1", "whitepaper", "en", Set.of(), null), Set.of());
        assertEquals("the rule is switched off ('enabled false')", result.get("Paused").english());
    }

    @Test
    void a_rule_that_fired_is_not_listed_and_one_whose_conditions_hold_says_so() throws Exception {
        String rules = """
                // Any whitepaper.
                rule "Whitepapers"
                    when
                        Contact()
                        $item : ContentItem( format == "whitepaper", language != "de" )
                    then
                        recommend($item, 5, "Whitepaper");
                end
                """;
        ContentItem item = item("wp-1", "whitepaper", "en", Set.of(), null);
        assertTrue(whyNot(rules, contact(Set.of(), Set.of()), item, Set.of("Whitepapers")).isEmpty());
        NotFired held = whyNot(rules, contact(Set.of(), Set.of()), item, Set.of()).get("Whitepapers");
        assertEquals(null, held.condition());
        assertTrue(held.english().startsWith("its conditions hold for this item"), held.english());
    }

    @Test
    void in_a_not_the_rule_says_what_it_did_not_want() throws Exception {
        var result = whyNot("""
                // Only when no German version exists.
                rule "No German version"
                    when
                        Contact()
                        $item : ContentItem( language == "en" )
                        not ContentItem( language == "de" )
                    then
                        recommend($item, 5, "Only in English");
                end
                """, contact(Set.of(), Set.of()), item("wp-1", "whitepaper", "de", Set.of(), null), Set.of());
        assertEquals("the rule wants language en; this item's language is de", result.get("No German version").english());
        assertEquals("die Regel verlangt die Sprache en; bei diesem Inhalt ist die Sprache de", result.get("No German version").german());
    }
}
