package de.wegweiser.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.domain.Account;
import de.wegweiser.domain.Contact;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.recommend.Recommendation;
import de.wegweiser.recommend.RecommendationService;
import de.wegweiser.recommend.Snapshot;
import de.wegweiser.recommend.SnapshotLoader;
import de.wegweiser.rules.SessionPerRequestEvaluator;
import de.wegweiser.rules.TopKEvaluator;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recommendation rules may join the contact's Account: they keep the fast top-k evaluation and its exact answers. */
class AccountFactRecommendationTest {

    static final String RULE_NAME = "Account about to buy without price content: price first for the head of sales";
    static final String ACCOUNT_RULE = """
            // Account-aware: the company is about to decide and nobody who judges price has seen anything on it.
            package wegweiser.rules;

            import de.wegweiser.domain.Account;
            import de.wegweiser.domain.Contact;
            import de.wegweiser.domain.ContentItem;
            import de.wegweiser.domain.JourneyPhase;
            import function de.wegweiser.rules.Scoring.recommend;

            // The company is at intent to purchase and nobody has seen price content: price content for the head of sales first.
            rule "%s"
                when
                    Account( phase == JourneyPhase.INTENT_TO_PURCHASE, misses("price") )
                    Contact( role == "head-of-sales" )
                    $item : ContentItem( concerns contains "price" )
                then
                    recommend($item, 50, "Nobody at the company has seen anything on price yet",
                                         "Im Unternehmen hat noch niemand etwas zum Preis gesehen");
            end
            """.formatted(RULE_NAME);

    @TempDir
    Path dir;

    private Path rulesWithTheAccountRule() throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Files.writeString(rules.resolve("account-aware.drl"), ACCOUNT_RULE);
        return rules;
    }

    private static Account account(JourneyPhase phase, Set<String> missingConcerns) {
        return new Account("acme", 3, 3, phase, null, Set.of("head-of-sales", "it"), Set.of(), Set.of(), missingConcerns);
    }

    @Test
    void a_rule_on_the_account_keeps_the_fast_path_and_ranks_exactly_as_the_full_evaluation() throws Exception {
        Snapshot snapshot = new SnapshotLoader(TestApp.CLOCK).load(TestApp.CATALOG, rulesWithTheAccountRule());
        assertTrue(snapshot.rules().readsAccount());
        assertTrue(((TopKEvaluator) snapshot.evaluator()).narrowing(), "the account rule stays inside the top-k contract");
        RecommendationService fast = new RecommendationService(snapshot, TestApp.CLOCK);
        RecommendationService full = new RecommendationService(new Snapshot(snapshot.catalog(), snapshot.rules(),
                new SessionPerRequestEvaluator(snapshot.rules(), snapshot.catalog())), TestApp.CLOCK);
        try {
            for (String role : List.of("head-of-sales", "it", "finance")) {
                for (JourneyPhase phase : List.of(JourneyPhase.CONSIDERATION, JourneyPhase.INTENT_TO_PURCHASE)) {
                    for (Account account : new Account[] {null, account(phase, Set.of("price")), account(phase, Set.of("roi"))}) {
                        Contact contact = new Contact("c", role, Set.of(), phase, "en", Set.of(), "acme", null, Set.of(), null, false);
                        List<Recommendation> a = fast.recommend(contact, account, 10, Set.of()).recommendations();
                        List<Recommendation> b = full.recommend(contact, account, 10, Set.of()).recommendations();
                        assertEquals(b.stream().map(r -> r.item().id() + "=" + r.score()).toList(),
                                a.stream().map(r -> r.item().id() + "=" + r.score()).toList(), role + " " + phase + " " + account);
                    }
                }
            }
            Contact seller = new Contact("c", "head-of-sales", Set.of(), JourneyPhase.INTENT_TO_PURCHASE, "en", Set.of(), "acme", null,
                    Set.of(), null, false);
            assertTrue(reasons(fast.recommend(seller, account(JourneyPhase.INTENT_TO_PURCHASE, Set.of("price")), 5, Set.of()).recommendations())
                    .contains(RULE_NAME));
            assertFalse(reasons(fast.recommend(seller, account(JourneyPhase.INTENT_TO_PURCHASE, Set.of("roi")), 5, Set.of()).recommendations())
                    .contains(RULE_NAME), "price was seen");
            assertFalse(reasons(fast.recommend(seller, null, 5, Set.of()).recommendations()).contains(RULE_NAME), "no account, no firing");
        } finally {
            snapshot.evaluator().close();
        }
    }

    private static List<String> reasons(List<Recommendation> recommendations) {
        return recommendations.stream().flatMap(r -> r.reasons().stream()).map(de.wegweiser.domain.Reason::rule).distinct().toList();
    }

    @Test
    void a_stored_contacts_recommendations_see_its_account_as_the_account_rules_judge_it() throws Exception {
        try (TestApp app = TestApp.start(TestApp.config(rulesWithTheAccountRule(), TestApp.CATALOG))) {
            String seller = "seller-1";
            String it = "it-1";
            for (String[] who : new String[][] {{seller, "head-of-sales"}, {it, "it"}}) {
                app.contacts("PUT", "/api/v1/contacts/" + who[0], "{\"role\": \"%s\", \"language\": \"en\", \"account\": \"acme\"}".formatted(who[1]));
                post(app, who[0], "demo-request", null, "d-" + who[0]);
            }
            assertEquals("intent-to-purchase", app.contacts("GET", "/api/v1/accounts/acme", null).json().at("/phase/value").asText());
            JsonNode before = app.contacts("GET", "/api/v1/contacts/" + seller + "/recommendations?limit=3", null).json();
            for (JsonNode item : before.get("recommendations")) {
                assertTrue(item.get("concerns").toString().contains("price"), item.toString());
                assertTrue(item.get("reasons").toString().contains(RULE_NAME), item.toString());
            }
            JsonNode fromAccount = app.contacts("GET", "/api/v1/accounts/acme/recommendations?limit=3", null).json();
            JsonNode sellerThere = null;
            for (JsonNode member : fromAccount.get("members")) if (member.get("member").asText().equals(seller)) sellerThere = member;
            assertEquals(before.get("recommendations").toString(), sellerThere.get("recommendations").toString());

            post(app, seller, "content-view", "wp-capacity-wins-orders-en", "v-1"); // price content: the gap is closed
            JsonNode after = app.contacts("GET", "/api/v1/contacts/" + seller + "/recommendations?limit=3", null).json();
            assertFalse(after.toString().contains(RULE_NAME), after.toString());
        }
    }

    private static void post(TestApp app, String contact, String type, String item, String id) throws Exception {
        String itemField = item == null ? "" : ", \"itemId\": \"" + item + "\"";
        TestApp.Response r = app.contacts("POST", "/api/v1/contacts/" + contact + "/events",
                "{\"events\": [{\"id\": \"%s\", \"type\": \"%s\", \"at\": \"2026-11-22T10:00:00Z\"%s}]}".formatted(id, type, itemField));
        assertEquals(200, r.status(), r.text());
    }
}
