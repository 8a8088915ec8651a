package de.wegweiser.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.catalog.Catalog;
import de.wegweiser.catalog.CatalogLoader;
import de.wegweiser.domain.ConsumedItem;
import de.wegweiser.domain.ContactProfile;
import de.wegweiser.domain.ContactState;
import de.wegweiser.domain.GapKind;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.domain.TrackedContact;
import de.wegweiser.rules.AccountEffect;
import de.wegweiser.rules.AccountRuleBook;
import de.wegweiser.rules.RuleCompilationException;
import de.wegweiser.rules.RuleCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled account rules ({@code rules/account/}), one test per rule, each with a case that
 * must not match. No database: members are built here, as the service reads them.
 */
class AccountRulesTest {

    static final Instant NOW = TestApp.CLOCK.instant();
    static AccountRuleBook rules;
    static Catalog catalog;

    @BeforeAll
    static void load() throws Exception {
        rules = new RuleCompiler(TestApp.CLOCK).compileAccount(TestApp.RULES);
        catalog = new CatalogLoader(TestApp.CLOCK).load(TestApp.CATALOG);
    }

    private static AccountAssessment.Member member(String id, String role, JourneyPhase phase, LifecycleStatus status, int daysAgo,
                                                   String... consumed) {
        Instant last = daysAgo < 0 ? null : NOW.minus(daysAgo, ChronoUnit.DAYS);
        ContactState state = new ContactState(phase, status, 10, last, 1, 0, last);
        TrackedContact contact = new TrackedContact(new ContactProfile(id, role, Set.of(), Set.of(), "en", "acme", null, false), state, NOW, NOW);
        List<ConsumedItem> items = new ArrayList<>();
        for (String item : consumed) items.add(new ConsumedItem(item, NOW, "e-" + item));
        return new AccountAssessment.Member(contact, 10, items, false);
    }

    private static AccountAssessment assess(AccountAssessment.Member... members) {
        return assess(rules, members);
    }

    private static AccountAssessment assess(AccountRuleBook book, AccountAssessment.Member... members) {
        return new AccountInference(book, catalog).assess("acme", List.of(members), NOW);
    }

    private static List<AccountEffect.Gap> gaps(AccountAssessment a, GapKind kind) {
        return a.gaps().stream().filter(g -> g.kind() == kind).toList();
    }

    @Test
    void the_phase_is_the_furthest_that_most_active_members_reached() {
        AccountAssessment a = assess(member("a", "it", JourneyPhase.CONSIDERATION, null, 1),
                member("b", "finance", JourneyPhase.CONSIDERATION, null, 1), member("c", "production", JourneyPhase.AWARENESS, null, 1));
        assertEquals(JourneyPhase.CONSIDERATION, a.phase().value());
        assertEquals("Most active members have reached the phase", a.phase().rule());
    }

    @Test
    void one_eager_member_does_not_carry_the_account_and_inactive_members_do_not_count() {
        AccountAssessment half = assess(member("a", "it", JourneyPhase.INTENT_TO_PURCHASE, null, 1),
                member("b", "finance", JourneyPhase.AWARENESS, null, 1));
        assertEquals(JourneyPhase.AWARENESS, half.phase().value(), "one of two is not most");
        AccountAssessment inactive = assess(member("a", "it", JourneyPhase.INTENT_TO_PURCHASE, null, 1),
                member("b", "finance", JourneyPhase.AWARENESS, null, 90));
        assertEquals(JourneyPhase.INTENT_TO_PURCHASE, inactive.phase().value(), "only the active member counts");
        assertEquals(1, inactive.account().activeMembers());
    }

    @Test
    void nobody_active_lately_most_members_decide() {
        AccountAssessment a = assess(member("a", "it", JourneyPhase.CONSIDERATION, null, 90),
                member("b", "finance", JourneyPhase.CONSIDERATION, null, -1), member("c", "it", JourneyPhase.AWARENESS, null, 60));
        assertEquals(JourneyPhase.CONSIDERATION, a.phase().value());
        assertEquals("Nobody active lately: most members have reached the phase", a.phase().rule());
        AccountAssessment active = assess(member("a", "it", JourneyPhase.CONSIDERATION, null, 1));
        assertEquals("Most active members have reached the phase", active.phase().rule(), "not when someone is active");
    }

    @Test
    void someone_bought_the_account_is_a_customer_on_the_customers_journey() {
        AccountAssessment a = assess(member("a", "it", JourneyPhase.AWARENESS, null, 1),
                member("b", "finance", JourneyPhase.CONVERSION, LifecycleStatus.CUSTOMER, 1), member("c", "it", JourneyPhase.AWARENESS, null, 1));
        assertEquals(LifecycleStatus.CUSTOMER, a.status().value());
        assertEquals("Someone bought: the account is a customer", a.status().rule());
        assertEquals(JourneyPhase.CONVERSION, a.phase().value());
        assertEquals("Someone bought: the account is on the customer's journey", a.phase().rule());
        AccountAssessment prospects = assess(member("a", "it", JourneyPhase.INTENT_TO_PURCHASE, LifecycleStatus.SQL, 1));
        assertEquals(LifecycleStatus.SQL, prospects.status().value());
        assertEquals("The account is as far in the sales process as its furthest member", prospects.status().rule());
        assertEquals(JourneyPhase.INTENT_TO_PURCHASE, prospects.phase().value());
    }

    @Test
    void without_any_status_the_account_has_none() {
        assertNull(assess(member("a", "it", JourneyPhase.AWARENESS, null, 1)).status());
    }

    @Test
    void a_role_of_the_buying_center_without_a_member_is_a_gap_a_present_one_is_not() {
        AccountAssessment a = assess(member("a", "it", JourneyPhase.AWARENESS, null, 1));
        List<String> missing = gaps(a, GapKind.MISSING_ROLE).stream().map(AccountEffect.Gap::role).toList();
        assertEquals(List.of("managing-director", "head-of-sales", "production", "finance"), missing.stream().sorted(
                java.util.Comparator.comparing(List.of("managing-director", "head-of-sales", "production", "it", "finance")::indexOf)).toList());
        assertFalse(missing.contains("it"));
        assertEquals("A role of the buying center is missing", gaps(a, GapKind.MISSING_ROLE).get(0).rule());
    }

    @Test
    void a_concern_of_a_present_role_without_content_on_it_is_a_gap_until_content_on_it_was_consumed() {
        AccountAssessment unseen = assess(member("a", "it", JourneyPhase.AWARENESS, null, 1, "wp-opc-ua-mes-integration-en"));
        assertEquals(List.of("security"), gaps(unseen, GapKind.UNSEEN_CONCERN).stream().filter(g -> g.role().equals("it"))
                .map(AccountEffect.Gap::concern).toList());
        AccountAssessment seen = assess(member("a", "it", JourneyPhase.AWARENESS, null, 1, "wp-opc-ua-mes-integration-en",
                "wp-it-sicherheit-werkzeugmaschinen-de"));
        assertTrue(gaps(seen, GapKind.UNSEEN_CONCERN).stream().noneMatch(g -> g.role().equals("it")));
        assertTrue(seen.account().coveredConcerns().containsAll(Set.of("security", "integration")));
        assertFalse(gaps(unseen, GapKind.UNSEEN_CONCERN).stream().anyMatch(g -> g.role().equals("finance")),
                "a role nobody has is one gap, not one per concern");
    }

    @Test
    void a_member_behind_the_account_lags_one_at_the_accounts_phase_does_not() {
        AccountAssessment a = assess(member("a", "it", JourneyPhase.CONSIDERATION, null, 1),
                member("b", "finance", JourneyPhase.CONSIDERATION, null, 1), member("c", "production", JourneyPhase.AWARENESS, null, 1));
        assertEquals(List.of("c"), gaps(a, GapKind.LAGGING_MEMBER).stream().map(AccountEffect.Gap::contactId).toList());
        assertEquals("A member lags behind the account", gaps(a, GapKind.LAGGING_MEMBER).get(0).rule());
    }

    @Test
    void the_engagement_score_adds_up_the_members_scores() {
        AccountAssessment a = assess(member("a", "it", JourneyPhase.AWARENESS, null, 1), member("b", "it", JourneyPhase.AWARENESS, null, 1));
        assertEquals(20, a.score(), 1e-9);
        assertEquals("Account engagement: the members' lead scores add up", a.scoreMethod().rule());
    }

    @Test
    void without_account_rules_nothing_is_decided_and_no_gap_found(@TempDir Path dir) throws Exception {
        AccountRuleBook none = new RuleCompiler(TestApp.CLOCK).compileAccount(dir);
        assertTrue(none.isEmpty());
        AccountAssessment a = assess(none, member("a", "it", JourneyPhase.AWARENESS, null, 1));
        assertNull(a.phase());
        assertEquals(List.of(), a.gaps());
    }

    @Test
    void account_rules_without_their_settings_are_refused_with_the_file_to_fix(@TempDir Path dir) throws Exception {
        TestApp.copyTree(TestApp.RULES.resolve("account"), dir.resolve("account"));
        Files.delete(dir.resolve("account/settings.drl"));
        RuleCompilationException e = assertThrows(RuleCompilationException.class, () -> new RuleCompiler(TestApp.CLOCK).compileAccount(dir));
        assertTrue(e.getMessage().contains("AccountSettings"), e.getMessage());
    }
}
