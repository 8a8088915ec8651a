package de.wegweiser.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import de.wegweiser.storage.TestStorage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The account API against the real app and the bundled account rules, on H2 and, when configured, on PostgreSQL. */
@ParameterizedClass
@MethodSource("backends")
class AccountApiTest {

    /** Three days before the test clock: within the bundled 30 active days. */
    static final String AT = "2026-11-20T10:00:00Z";

    @Parameter
    TestStorage.Backend backend;

    static TestApp app;

    static Stream<TestStorage.Backend> backends() {
        return TestStorage.backends().stream();
    }

    @BeforeParameterizedClassInvocation
    static void start(TestStorage.Backend backend) throws Exception {
        app = TestApp.start(backend);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (app != null) app.close();
    }

    // ---------------------------------------------------------------- helpers

    private static String newAccount() {
        return "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a contact of the account; returns its id. */
    private static String member(String account, String role, String language) throws Exception {
        String id = role + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response response = app.contacts("PUT", "/api/v1/contacts/" + id,
                "{\"role\": \"%s\", \"language\": \"%s\", \"account\": \"%s\"}".formatted(role, language, account));
        assertEquals(201, response.status(), response.text());
        return id;
    }

    private static void event(String contact, String type, String itemId) throws Exception {
        event(contact, type, itemId, AT);
    }

    private static void event(String contact, String type, String itemId, String at) throws Exception {
        String item = itemId == null ? "" : ", \"itemId\": \"%s\"".formatted(itemId);
        Response response = app.contacts("POST", "/api/v1/contacts/" + contact + "/events",
                "{\"events\": [{\"id\": \"%s\", \"type\": \"%s\", \"at\": \"%s\"%s}]}".formatted(UUID.randomUUID(), type, at, item));
        assertEquals(200, response.status(), response.text());
    }

    private static JsonNode account(String account, String query) throws Exception {
        Response response = app.contacts("GET", "/api/v1/accounts/" + account + query, null);
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private record Company(String account, String finance, String sales, String it) {}

    /**
     * Three colleagues of one company: finance downloads the ROI whitepaper, the head of sales the
     * capacity whitepaper (both gated: consideration), IT only glances at the integration paper.
     */
    private static Company threeColleagues() throws Exception {
        String account = newAccount();
        Company company = new Company(account, member(account, "finance", "en"), member(account, "head-of-sales", "en"),
                member(account, "it", "en"));
        event(company.finance(), "download", "wp-roi-calculation");
        event(company.sales(), "download", "wp-capacity-wins-orders-en");
        event(company.it(), "content-view", "wp-opc-ua-mes-integration-en");
        return company;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) if (value.equals(node.path(field).asText())) return node;
        return null;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asText()));
        return values;
    }

    private static void assertProblem(Response response, int status, String field) {
        assertEquals(status, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals(status, response.json().get("status").asInt());
        if (field != null) assertNotNull(find(response.json().path("errors"), "field", field), response.text());
    }

    // ---------------------------------------------------------------- the account view

    @Test
    void three_colleagues_make_an_account_whose_phase_the_majority_decides_with_rule_and_reason() throws Exception {
        Company company = threeColleagues();
        JsonNode account = account(company.account(), "");

        assertEquals(company.account(), account.get("account").asText());
        assertEquals(3, account.get("members").size());
        assertEquals(3, account.get("activeMembers").asInt());
        assertEquals("en", account.get("language").asText(), "the language the members speak");
        // two of three reached consideration, IT is at awareness: most of them are in consideration
        assertEquals("consideration", account.at("/phase/value").asText());
        assertEquals("Most active members have reached the phase", account.at("/phase/rule").asText());
        assertTrue(account.at("/phase/reason").asText().contains("active"), account.toString());
        assertEquals("lead", account.at("/status/value").asText(), "the gated downloads made leads");
        assertEquals("The account is as far in the sales process as its furthest member", account.at("/status/rule").asText());

        JsonNode finance = find(account.get("members"), "id", company.finance());
        assertEquals("finance", finance.get("role").asText());
        assertEquals("consideration", finance.get("phase").asText());
        assertEquals("wp-roi-calculation", finance.at("/consumed/0/itemId").asText());
        assertTrue(finance.get("active").asBoolean());
    }

    @Test
    void the_account_agrees_with_each_members_own_view_and_sums_their_lead_scores() throws Exception {
        Company company = threeColleagues();
        JsonNode account = account(company.account(), "");
        double sum = 0;
        for (String id : List.of(company.finance(), company.sales(), company.it())) {
            JsonNode own = app.contacts("GET", "/api/v1/contacts/" + id, null).json();
            JsonNode member = find(account.get("members"), "id", id);
            assertEquals(own.get("phase").asText(), member.get("phase").asText());
            assertEquals(own.path("lifecycle").asText(), member.path("lifecycle").asText());
            assertEquals(own.get("leadScore").asDouble(), member.get("leadScore").asDouble(), 0.01);
            assertEquals(own.get("consumed").size(), member.get("consumed").size());
            sum += own.get("leadScore").asDouble();
        }
        assertEquals("sum", account.at("/engagement/method").asText());
        assertEquals("Account engagement: the members' lead scores add up", account.at("/engagement/rule").asText());
        assertEquals(sum, account.at("/engagement/score").asDouble(), 0.05);
        assertTrue(sum > 0);
    }

    @Test
    void coverage_shows_per_role_which_concerns_were_seen_and_which_not() throws Exception {
        Company company = threeColleagues();
        JsonNode coverage = account(company.account(), "").get("coverage");

        JsonNode finance = find(coverage, "role", "finance");
        assertEquals(1, finance.get("members").asInt());
        assertEquals("[\"roi\"]", finance.get("seen").toString());
        assertEquals("[]", finance.get("missing").toString());

        JsonNode it = find(coverage, "role", "it");
        assertEquals("[\"integration\",\"security\"]", it.get("concerns").toString());
        assertEquals("[\"integration\"]", it.get("seen").toString());
        assertEquals("[\"security\"]", it.get("missing").toString());

        JsonNode director = find(coverage, "role", "managing-director");
        assertEquals(0, director.get("members").asInt());
        assertEquals("[\"image\",\"strategy\"]", director.get("missing").toString());
        assertEquals("[\"managing-director\",\"production\"]", account(company.account(), "").get("missingRoles").toString());
    }

    @Test
    void gaps_name_missing_roles_unseen_concerns_and_lagging_members_in_plain_english_and_german() throws Exception {
        Company company = threeColleagues();
        JsonNode en = account(company.account(), "").get("gaps");
        List<String> english = texts(en, "text");
        assertTrue(english.contains("Nobody is known yet for managing director"), english.toString());
        assertTrue(english.contains("Nobody is known yet for production"), english.toString());
        assertTrue(english.contains("IT has seen nothing on security yet"), english.toString());
        assertTrue(english.contains(company.it() + " (IT) is still at awareness, the company is at consideration"), english.toString());
        assertFalse(english.stream().anyMatch(t -> t.contains("return on investment")), "finance read the ROI whitepaper: " + english);
        JsonNode lag = find(en, "kind", "lagging-member");
        assertEquals(company.it(), lag.get("member").asText());
        assertEquals("A member lags behind the account", lag.get("rule").asText());

        List<String> german = texts(account(company.account(), "?language=de").get("gaps"), "text");
        assertTrue(german.contains("Für Geschäftsführung kennen wir noch niemanden"), german.toString());
        assertTrue(german.contains("IT hat noch nichts zum Thema Sicherheit gesehen"), german.toString());
        assertEquals(english.size(), german.size());
    }

    @Test
    void a_member_who_has_not_read_about_their_concern_is_a_gap_until_they_do() throws Exception {
        String account = newAccount();
        String finance = member(account, "finance", "de");
        event(finance, "content-view", "wp-opc-ua-mes-integration-en");
        assertTrue(texts(account(account, "").get("gaps"), "text").contains("Finanzen hat noch nichts zum Thema Rendite (ROI) gesehen"));
        event(finance, "download", "wp-roi-calculation");
        assertFalse(texts(account(account, "").get("gaps"), "concern").contains("roi"), "the ROI whitepaper closed the gap");
    }

    @Test
    void once_anyone_bought_the_account_is_a_customer_on_the_customers_journey() throws Exception {
        Company company = threeColleagues();
        event(company.sales(), "purchase", null);
        JsonNode account = account(company.account(), "");
        assertEquals("customer", account.at("/status/value").asText());
        assertEquals("Someone bought: the account is a customer", account.at("/status/rule").asText());
        assertEquals("conversion", account.at("/phase/value").asText());
        assertEquals("Someone bought: the account is on the customer's journey", account.at("/phase/rule").asText());
    }

    @Test
    void erasing_a_contact_removes_it_from_its_account_at_once_and_an_empty_account_is_not_found() throws Exception {
        Company company = threeColleagues();
        assertEquals(204, app.contacts("DELETE", "/api/v1/contacts/" + company.finance(), null).status());
        JsonNode account = account(company.account(), "");
        assertEquals(2, account.get("members").size());
        assertEquals(null, find(account.get("members"), "id", company.finance()));
        assertNotNull(find(account.get("gaps"), "text", "Nobody is known yet for finance"), account.get("gaps").toString());

        app.contacts("DELETE", "/api/v1/contacts/" + company.sales(), null);
        app.contacts("DELETE", "/api/v1/contacts/" + company.it(), null);
        Response gone = app.contacts("GET", "/api/v1/accounts/" + company.account(), null);
        assertProblem(gone, 404, null);
        assertTrue(gone.json().get("detail").asText().contains(company.account()));
        assertProblem(app.contacts("GET", "/api/v1/accounts/" + company.account() + "/recommendations", null), 404, null);
        assertFalse(listed("?size=100").contains(company.account()), "an erased account leaves the list");
    }

    @Test
    void moving_a_contact_to_another_account_moves_it_in_both_views() throws Exception {
        Company company = threeColleagues();
        String other = newAccount();
        member(other, "production", "de");
        Response moved = app.contacts("PUT", "/api/v1/contacts/" + company.it(), "{\"role\": \"it\", \"language\": \"en\", \"account\": \"%s\"}".formatted(other));
        assertEquals(200, moved.status(), moved.text());
        assertEquals(2, account(company.account(), "").get("members").size());
        assertEquals(2, account(other, "").get("members").size());
        JsonNode row = find(listedRows("?size=100"), "account", other);
        assertEquals(2, row.get("members").asInt());
    }

    @Test
    void the_account_api_needs_an_api_key() throws Exception {
        Response response = app.get("/api/v1/accounts/anything");
        assertProblem(response, 401, null);
        assertProblem(app.get("/api/v1/accounts"), 401, null);
    }

    // ---------------------------------------------------------------- the list

    private static JsonNode listedRows(String query) throws Exception {
        Response response = app.contacts("GET", "/api/v1/accounts" + query, null);
        assertEquals(200, response.status(), response.text());
        return response.json().get("accounts");
    }

    private static List<String> listed(String query) throws Exception {
        return texts(listedRows(query), "account");
    }

    @Test
    void accounts_are_listed_most_recent_activity_first() throws Exception {
        String older = newAccount();
        String newer = newAccount();
        event(member(older, "it", "de"), "page-view", null, "2026-11-21T08:00:00Z");
        event(member(newer, "it", "de"), "page-view", null, "2026-11-22T08:00:00Z");
        List<String> accounts = listed("?size=100");
        assertTrue(accounts.indexOf(newer) >= 0 && accounts.indexOf(newer) < accounts.indexOf(older), accounts.toString());
        JsonNode row = find(listedRows("?size=100"), "account", newer);
        assertEquals(1, row.get("members").asInt());
        assertEquals("2026-11-22T08:00:00Z", row.get("lastActivity").asText());
    }

    @Test
    void the_list_filters_by_phase_status_gap_kind_and_members() throws Exception {
        Company company = threeColleagues();
        String single = newAccount();
        member(single, "finance", "de");

        assertTrue(listed("?size=100&phase=consideration").contains(company.account()));
        assertFalse(listed("?size=100&phase=consideration").contains(single));
        assertTrue(listed("?size=100&phase=evaluation").contains(company.account()), "phase aliases are accepted");
        assertTrue(listed("?size=100&status=lead").contains(company.account()));
        assertFalse(listed("?size=100&status=customer").contains(company.account()));
        assertTrue(listed("?size=100&gap=lagging-member").contains(company.account()));
        assertFalse(listed("?size=100&gap=lagging-member").contains(single), "one person cannot lag behind themselves");
        assertTrue(listed("?size=100&minMembers=3").contains(company.account()));
        assertFalse(listed("?size=100&minMembers=3").contains(single));
        for (JsonNode row : listedRows("?size=100&minMembers=2&gap=missing-role")) {
            assertTrue(row.get("members").asInt() >= 2);
            assertTrue(texts(row.get("gapKinds"), "x").size() >= 1);
        }
        // the list follows new events at once
        event(company.sales(), "purchase", null);
        assertTrue(listed("?size=100&status=customer").contains(company.account()));
    }

    @Test
    void pages_hold_each_account_once_and_say_how_many_there_are() throws Exception {
        for (int i = 0; i < 3; i++) member(newAccount(), "it", "en");
        JsonNode first = app.contacts("GET", "/api/v1/accounts?size=2", null).json();
        long total = first.get("total").asLong();
        assertTrue(total >= 3);
        assertEquals((total + 1) / 2, first.get("pages").asInt());
        Set<String> seen = new HashSet<>();
        for (int page = 1; page <= first.get("pages").asInt(); page++) {
            JsonNode rows = listedRows("?size=2&page=" + page);
            assertTrue(rows.size() <= 2);
            for (JsonNode row : rows) assertTrue(seen.add(row.get("account").asText()), "twice: " + row);
        }
        assertEquals(total, seen.size());
        assertProblem(app.contacts("GET", "/api/v1/accounts?size=2&page=" + (first.get("pages").asInt() + 1), null), 400, "page");
    }

    @Test
    void a_cursor_walks_the_list_in_the_order_of_the_pages_holding_each_account_once() throws Exception {
        for (int i = 0; i < 5; i++) event(member(newAccount(), "it", "en"), "page-view", null, "2026-11-2%dT08:00:00Z".formatted(i % 3));
        member(newAccount(), "finance", "de"); // never active: listed last
        List<String> byPage = listed("?size=100");
        assertTrue(byPage.size() < 100, "the test expects one page of 100 to hold every account");
        List<String> byCursor = new ArrayList<>();
        String query = "?size=2";
        while (true) {
            JsonNode page = app.contacts("GET", "/api/v1/accounts" + query, null).json();
            assertTrue(page.get("accounts").size() <= 2, page.toString());
            page.get("accounts").forEach(row -> byCursor.add(row.get("account").asText()));
            if (page.get("next").isNull()) break;
            assertTrue(page.get("next").asText().matches("[A-Za-z0-9_-]+"), "URL-safe: " + page.get("next"));
            query = "?size=2&cursor=" + page.get("next").asText();
        }
        assertEquals(byPage, byCursor);
        assertTrue(listedRows("?size=100").get(0).get("lastActivity") != null);
    }

    @Test
    void a_cursor_that_this_service_did_not_write_or_one_given_with_a_page_is_refused() throws Exception {
        assertProblem(app.contacts("GET", "/api/v1/accounts?cursor=not-a-cursor", null), 400, "cursor");
        String next = app.contacts("GET", "/api/v1/accounts?size=1", null).json().get("next").asText();
        assertProblem(app.contacts("GET", "/api/v1/accounts?page=2&cursor=" + next, null), 400, "page");
    }

    @Test
    void after_a_bulk_import_the_list_answers_at_once_and_says_how_many_accounts_are_still_being_summarized() throws Exception {
        String prefix = "bulk-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        int accounts = AccountService.REFRESH_IN_REQUEST + 40;
        listed("?size=1"); // nothing stale before the import
        for (int i = 0; i < accounts; i++) member(prefix + i, "it", "en");
        JsonNode first = app.contacts("GET", "/api/v1/accounts?size=100", null).json();
        assertEquals(40, first.get("pending").asLong(), "the request made 100 summaries itself and left the rest: " + first.get("pending"));
        // the background catches up; then every imported account is listed and nothing is pending
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        JsonNode later;
        do {
            Thread.sleep(50);
            later = app.contacts("GET", "/api/v1/accounts?size=1", null).json();
        } while (later.has("pending") && System.nanoTime() < deadline);
        assertFalse(later.has("pending"), later.toString());
        int listed = 0;
        for (String query = "?size=100"; ; ) {
            JsonNode page = app.contacts("GET", "/api/v1/accounts" + query, null).json();
            for (JsonNode row : page.get("accounts")) if (row.get("account").asText().startsWith(prefix)) listed++;
            if (page.get("next").isNull()) break;
            query = "?size=100&cursor=" + page.get("next").asText();
        }
        assertEquals(accounts, listed, "every imported account is listed once");
    }

    @Test
    void bad_filters_are_refused_naming_the_field_and_the_allowed_values() throws Exception {
        Response phase = app.contacts("GET", "/api/v1/accounts?phase=considerashun&gap=holes&size=500&colour=red", null);
        assertProblem(phase, 400, "phase");
        JsonNode errors = phase.json().get("errors");
        assertTrue(find(errors, "field", "phase").get("allowed").toString().contains("intent-to-purchase"), errors.toString());
        assertTrue(find(errors, "field", "phase").get("message").asText().contains("did you mean 'consideration'"), errors.toString());
        assertEquals("[\"missing-role\",\"unseen-concern\",\"lagging-member\"]", find(errors, "field", "gap").get("allowed").toString());
        assertTrue(find(errors, "field", "size").get("message").asText().contains("1 to 100"));
        assertNotNull(find(errors, "field", "colour"));
        assertProblem(app.contacts("GET", "/api/v1/accounts?status=vip", null), 400, "status");
        assertProblem(app.contacts("GET", "/api/v1/accounts?minMembers=-1", null), 400, "minMembers");
        assertProblem(app.contacts("GET", "/api/v1/accounts?page=0", null), 400, "page");
        assertProblem(app.contacts("GET", "/api/v1/accounts/x?language=fr", null), 400, "language");
    }

    // ---------------------------------------------------------------- recommendations

    @Test
    void account_recommendations_give_each_member_the_next_content_and_each_gap_what_closes_it_and_who_forwards_it() throws Exception {
        Company company = threeColleagues();
        JsonNode answer = account(company.account(), "/recommendations?limit=3");
        assertEquals(3, answer.get("members").size());
        for (JsonNode member : answer.get("members")) {
            JsonNode own = app.contacts("GET", "/api/v1/contacts/" + member.get("member").asText() + "/recommendations?limit=3", null).json();
            assertEquals(texts(own.get("recommendations"), "id"), texts(member.get("recommendations"), "id"), "as for the contact alone");
            assertFalse(member.get("recommendations").isEmpty());
        }

        JsonNode security = find(answer.get("gaps"), "forMember", company.it());
        assertNotNull(security, answer.toString());
        JsonNode itGap = null;
        for (JsonNode gap : answer.get("gaps")) if ("security".equals(gap.at("/gap/concern").asText())) itGap = gap;
        assertNotNull(itGap, answer.get("gaps").toString());
        assertTrue(texts(itGap.at("/content/concerns"), "x").size() > 0 && itGap.at("/content/concerns").toString().contains("security"),
                itGap.toString());
        assertNotEquals(company.it(), itGap.at("/forwardedBy/member").asText(), "someone else hands it on");
        assertFalse(itGap.at("/forwardedBy/why").asText().isBlank());
        assertFalse(itGap.at("/content/reasons").isEmpty(), "the content comes with the rules' reasons");

        JsonNode director = null;
        for (JsonNode gap : answer.get("gaps")) if ("managing-director".equals(gap.at("/gap/role").asText())) director = gap;
        assertNotNull(director);
        assertFalse(director.has("forMember"), "nobody of the role is known");
        String content = director.get("content").toString();
        assertTrue(content.contains("managing-director") || content.contains("image") || content.contains("strategy"), content);
        assertTrue(director.at("/forwardedBy/member").asText().startsWith("finance-")
                || director.at("/forwardedBy/member").asText().startsWith("head-of-sales-"), "one of the engaged leads: " + director);
    }

    @Test
    void each_member_answer_of_an_account_has_its_own_tracking_id_that_reports_the_members_clicks_back() throws Exception {
        Company company = threeColleagues();
        JsonNode answer = account(company.account(), "/recommendations?limit=2");
        Set<String> ids = new HashSet<>();
        for (JsonNode member : answer.get("members")) ids.add(member.get("trackingId").asText());
        assertEquals(3, ids.size(), "one answer per member: " + ids);

        JsonNode member = answer.get("members").get(0);
        String shown = member.at("/recommendations/0/id").asText();
        String click = "{\"id\": \"%s\", \"type\": \"recommendation-click\", \"at\": \"%s\", \"itemId\": \"%s\", \"trackingId\": \"%s\"}";
        Response ok = app.contacts("POST", "/api/v1/contacts/" + member.get("member").asText() + "/events",
                click.formatted(UUID.randomUUID(), AT, shown, member.get("trackingId").asText()));
        assertEquals(200, ok.status(), ok.text());
        String notShown = shown.equals("bp-oee-ten-points-en") ? "bp-spare-parts-stock-de" : "bp-oee-ten-points-en";
        Response refused = app.contacts("POST", "/api/v1/contacts/" + member.get("member").asText() + "/events",
                click.formatted(UUID.randomUUID(), AT, notShown, member.get("trackingId").asText()));
        assertProblem(refused, 400, "itemId");
    }

    /** The impressions, clicks and points the rules report gives each rule of the rules version on one day. */
    private static java.util.Map<String, double[]> ruleFigures(String day, String rulesVersion) throws Exception {
        Response response = app.contacts("GET", "/api/v1/insights/rules?from=%s&to=%s&rulesVersion=%s".formatted(day, day, rulesVersion), null);
        assertEquals(200, response.status(), response.text());
        java.util.Map<String, double[]> figures = new java.util.HashMap<>();
        for (JsonNode rule : response.json().get("rules")) {
            figures.put(rule.get("rule").asText(), new double[] {rule.get("impressions").asDouble(), rule.get("clicks").asDouble(),
                    rule.get("pointsGiven").asDouble()});
        }
        return figures;
    }

    @Test
    void the_content_that_closes_a_gap_has_a_tracking_id_whose_impressions_and_clicks_count_for_the_rules_that_chose_it() throws Exception {
        Company company = threeColleagues();
        JsonNode answer = account(company.account(), "/recommendations?limit=2");
        Set<String> ids = new HashSet<>();
        for (JsonNode member : answer.get("members")) ids.add(member.get("trackingId").asText());
        JsonNode security = null;
        JsonNode director = null;
        for (JsonNode gap : answer.get("gaps")) {
            if (gap.has("content")) {
                assertTrue(gap.path("trackingId").asText().matches("[0-9a-f]{32}"), gap.toString());
                assertTrue(ids.add(gap.get("trackingId").asText()), "a trackingId of its own: " + gap);
            } else {
                assertFalse(gap.has("trackingId"), "nothing to trace without content: " + gap);
            }
            if ("security".equals(gap.at("/gap/concern").asText())) security = gap;
            if ("managing-director".equals(gap.at("/gap/role").asText())) director = gap;
        }
        assertNotNull(security, answer.get("gaps").toString());
        assertNotNull(director, answer.get("gaps").toString());

        // IT reads what the colleague forwarded: an impression and a click of IT with the gap's trackingId
        String day = "2026-11-21";
        String version = app.get("/api/v1/health").json().at("/rulesVersion").asText();
        java.util.Map<String, double[]> before = ruleFigures(day, version);
        String item = security.at("/content/id").asText();
        String event = "{\"id\": \"%s\", \"type\": \"%s\", \"at\": \"" + day + "T08:00:00Z\", \"itemId\": \"%s\", \"channel\": \"email\", "
                + "\"trackingId\": \"%s\"}";
        String trackingId = security.get("trackingId").asText();
        Response reported = app.contacts("POST", "/api/v1/contacts/" + company.it() + "/events", "{\"events\": [" + event.formatted(
                UUID.randomUUID(), "recommendation-impression", item, trackingId) + ", " + event.formatted(UUID.randomUUID(),
                "recommendation-click", item, trackingId) + "]}");
        assertEquals(200, reported.status(), reported.text());
        // the managing director is not stored yet: the forwarded content's impression comes back anonymously
        Response anonymous = app.contacts("POST", "/api/v1/feedback", "{\"trackingId\": \"%s\", \"type\": \"recommendation-impression\", "
                .formatted(director.get("trackingId").asText()) + "\"itemId\": \"%s\", \"at\": \"%sT09:00:00Z\"}"
                .formatted(director.at("/content/id").asText(), day));
        assertEquals(200, anonymous.status(), anonymous.text());

        java.util.Map<String, double[]> after = ruleFigures(day, version);
        java.util.Map<String, double[]> expected = new java.util.HashMap<>();
        for (JsonNode reason : security.at("/content/reasons")) {
            expected.computeIfAbsent(reason.get("rule").asText(), r -> new double[3]);
            double[] e = expected.get(reason.get("rule").asText());
            e[0] += 1;
            e[1] += 1;
            e[2] += reason.get("points").asDouble();
        }
        for (JsonNode reason : director.at("/content/reasons")) {
            double[] e = expected.computeIfAbsent(reason.get("rule").asText(), r -> new double[3]);
            e[0] += 1;
            e[2] += reason.get("points").asDouble();
        }
        assertFalse(expected.isEmpty(), "the gaps' content comes with the rules that chose it");
        for (var rule : expected.entrySet()) {
            double[] was = before.getOrDefault(rule.getKey(), new double[3]);
            double[] now = after.get(rule.getKey());
            assertNotNull(now, "the rule " + rule.getKey() + " is in the report: " + after.keySet());
            assertEquals(was[0] + rule.getValue()[0], now[0], "impressions of " + rule.getKey());
            assertEquals(was[1] + rule.getValue()[1], now[1], "clicks of " + rule.getKey());
            assertEquals(was[2] + rule.getValue()[2], now[2], 1e-6, "points of " + rule.getKey());
        }

        String other = item.equals("bp-oee-ten-points-en") ? "bp-spare-parts-stock-de" : "bp-oee-ten-points-en";
        assertProblem(app.contacts("POST", "/api/v1/contacts/" + company.it() + "/events",
                event.formatted(UUID.randomUUID(), "recommendation-click", other, trackingId)), 400, "itemId");
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void parallel_events_for_several_members_leave_the_account_consistent_with_its_members() throws Exception {
        String account = newAccount();
        List<String> members = new ArrayList<>();
        for (String role : List.of("finance", "it", "production", "head-of-sales", "managing-director", "it")) {
            members.add(member(account, role, "de"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String member : members) {
                done.add(pool.submit((Callable<Void>) () -> {
                    for (int i = 0; i < 4; i++) {
                        event(member, "content-view", i % 2 == 0 ? "wp-roi-calculation" : "wp-opc-ua-mes-integration-en");
                        event(member, "pricing-view", null);
                    }
                    return null;
                }));
                done.add(pool.submit((Callable<Void>) () -> {
                    listed("?size=100");
                    return null;
                }));
            }
            for (Future<?> f : done) f.get();
        } finally {
            pool.shutdown();
        }
        JsonNode view = account(account, "");
        assertEquals(6, view.get("members").size());
        double sum = 0;
        for (String member : members) {
            JsonNode own = app.contacts("GET", "/api/v1/contacts/" + member, null).json();
            assertEquals(own.get("phase").asText(), find(view.get("members"), "id", member).get("phase").asText());
            assertEquals("intent-to-purchase", own.get("phase").asText(), "two pricing views each");
            sum += own.get("leadScore").asDouble();
        }
        assertEquals("intent-to-purchase", view.at("/phase/value").asText());
        JsonNode row = find(listedRows("?size=100"), "account", account);
        assertEquals(6, row.get("members").asInt());
        assertEquals("intent-to-purchase", row.get("phase").asText());
        assertEquals(sum, row.get("engagementScore").asDouble(), 0.1);
    }
}
