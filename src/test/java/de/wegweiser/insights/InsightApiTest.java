package de.wegweiser.insights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import de.wegweiser.storage.TestStorage;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Traced answers and the insight reports against a small event history whose figures are worked
 * out by hand below, on H2 and (in CI) on PostgreSQL. Each test starts from a fresh database.
 *
 * <p>The history, all on 2026-11-20: contact A (IT, German) gets a stored answer T2 with items P and
 * Q first; it sees P and Q (website), clicks P (which moves it from non-awareness to awareness),
 * views P by e-mail and submits a form behind Q (which moves it on to favorability). A stateless English contact gets answer
 * T1 with item S first and reports an impression and a click of S anonymously. Contact B (finance,
 * English) is an old client: an impression of P without a trackingId.
 */
@ParameterizedClass
@MethodSource("backends")
class InsightApiTest {

    /** Each test's history lies on a day of its own, and the reports read that day only. */
    static final java.util.concurrent.atomic.AtomicInteger DAYS = new java.util.concurrent.atomic.AtomicInteger();

    String DAY;
    String WINDOW;

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

    String a;
    String b;
    JsonNode t2;
    JsonNode t1;
    String p;
    String q;
    String s;

    @BeforeEach
    void history() throws Exception {
        DAY = java.time.LocalDate.of(2026, 10, 1).plusDays(DAYS.getAndIncrement()).toString();
        WINDOW = "from=" + DAY + "&to=" + DAY;
        a = "a-" + UUID.randomUUID();
        b = "b-" + UUID.randomUUID();
        assertEquals(201, app.contacts("PUT", "/api/v1/contacts/" + a, "{\"role\": \"it\", \"language\": \"de\"}").status());
        assertEquals(201, app.contacts("PUT", "/api/v1/contacts/" + b, "{\"role\": \"finance\", \"language\": \"en\"}").status());
        t2 = app.contacts("GET", "/api/v1/contacts/" + a + "/recommendations", null).json();
        p = t2.at("/recommendations/0/id").asText();
        q = t2.at("/recommendations/1/id").asText();
        t1 = app.recommend("{\"id\": \"anon\", \"role\": \"it\", \"phase\": \"consideration\", \"language\": \"en\"}", 5);
        s = t1.at("/recommendations/0/id").asText();
        assertFalse(Set.of(p, q).contains(s), "the fixture needs the two answers to lead with different items");
        String tid = t2.get("trackingId").asText();
        events(a, event("i1", "recommendation-impression", p, "website", tid), event("i2", "recommendation-impression", q, "website", tid),
                event("c1", "recommendation-click", p, "website", tid), event("v1", "content-view", p, "email", null),
                event("f1", "form-submit", q, "website", null));
        feedback("{\"feedback\": [" + anonymous("recommendation-impression") + ", " + anonymous("recommendation-click") + "]}", 200);
        events(b, event("i1", "recommendation-impression", p, null, null));
    }

    @org.junit.jupiter.api.AfterEach
    void cleanUp() throws Exception {
        app.contacts("DELETE", "/api/v1/contacts/" + a, null);
        app.contacts("DELETE", "/api/v1/contacts/" + b, null);
    }

    private String anonymous(String type) {
        return "{\"trackingId\": \"%s\", \"type\": \"%s\", \"itemId\": \"%s\", \"at\": \"%sT11:00:00Z\", \"channel\": \"website\"}"
                .formatted(t1.get("trackingId").asText(), type, s, DAY);
    }

    private String event(String id, String type, String item, String channel, String trackingId) {
        StringBuilder e = new StringBuilder("{\"id\": \"%s\", \"type\": \"%s\", \"at\": \"%sT10:00:00Z\", \"itemId\": \"%s\"".formatted(id, type, DAY, item));
        if (channel != null) e.append(", \"channel\": \"").append(channel).append('"');
        if (trackingId != null) e.append(", \"trackingId\": \"").append(trackingId).append('"');
        return e.append('}').toString();
    }

    private void events(String contact, String... events) throws Exception {
        Response r = app.contacts("POST", "/api/v1/contacts/" + contact + "/events", "{\"events\": [" + String.join(", ", events) + "]}");
        assertEquals(200, r.status(), r.text());
    }

    private static Response feedback(String body, int status) throws Exception {
        Response r = app.contacts("POST", "/api/v1/feedback", body);
        assertEquals(status, r.status(), r.text());
        return r;
    }

    private static JsonNode insights(String path) throws Exception {
        Response r = app.contacts("GET", "/api/v1/insights/" + path, null);
        assertEquals(200, r.status(), r.text());
        return r.json();
    }

    private static JsonNode item(JsonNode report, String id) {
        for (JsonNode item : report.get("items")) if (item.get("itemId").asText().equals(id)) return item;
        return null;
    }

    private static JsonNode group(JsonNode figures, String group) {
        for (JsonNode g : figures.get("groups")) if (g.get("group").asText().equals(group)) return g;
        throw new AssertionError("no group " + group + " in " + figures);
    }

    @Test
    void every_answer_carries_a_tracking_id_of_its_own() throws Exception {
        String first = t1.get("trackingId").asText();
        String second = app.recommend("{\"id\": \"anon\", \"role\": \"it\", \"phase\": \"consideration\", \"language\": \"en\"}", 5)
                .get("trackingId").asText();
        assertTrue(first.matches("[0-9a-f]{32}"), first);
        assertNotEquals(first, second);
        assertTrue(t2.get("trackingId").asText().matches("[0-9a-f]{32}"));
    }

    @Test
    void item_figures_match_the_hand_counted_history_and_split_by_role() throws Exception {
        JsonNode report = insights("items?" + WINDOW);
        JsonNode fp = item(report, p);
        assertEquals(2, fp.get("impressions").asLong(), fp.toString()); // A's (tracked) and B's (untracked)
        assertEquals(1, fp.get("clicks").asLong());
        assertEquals(0.5, fp.get("ctr").asDouble());
        assertEquals(1, fp.get("views").asLong());
        assertEquals(1, fp.get("influence").asLong()); // A moved on (to favorability, by the form) right after viewing P
        JsonNode fq = item(report, q);
        assertEquals(1, fq.get("impressions").asLong());
        assertEquals(1, fq.get("formSubmissions").asLong());
        assertEquals(0, fq.get("influence").asLong());
        JsonNode fs = item(report, s);
        assertEquals(1, fs.get("impressions").asLong());
        assertEquals(1.0, fs.get("ctr").asDouble());

        JsonNode byRole = item(insights("items?" + WINDOW + "&by=role&item=" + p), p);
        assertEquals(1, group(byRole, "it").get("impressions").asLong());
        assertEquals(1, group(byRole, "it").get("influence").asLong());
        assertEquals(1, group(byRole, "finance").get("impressions").asLong());
        assertEquals(0, group(byRole, "finance").get("clicks").asLong());
        JsonNode byChannel = item(insights("items?" + WINDOW + "&by=channel&item=" + p), p);
        assertEquals(1, group(byChannel, "email").get("views").asLong());
        assertEquals(1, group(byChannel, "(none)").get("impressions").asLong());
    }

    @Test
    void rule_figures_credit_each_rule_with_the_traced_items_it_scored() throws Exception {
        String version = t2.get("rulesVersion").asText();
        assertEquals(version, t1.get("rulesVersion").asText());
        // hand count from the answers' own reasons: impressions of P, Q (A) and S (anonymous); clicks of P and S
        JsonNode pReasons = t2.at("/recommendations/0/reasons");
        String rule = pReasons.get(0).get("rule").asText();
        long impressions = 0;
        long clicks = 0;
        double points = 0;
        List<JsonNode> shown = List.of(t2.at("/recommendations/0"), t2.at("/recommendations/1"), t1.at("/recommendations/0"));
        for (int i = 0; i < shown.size(); i++) {
            for (JsonNode reason : shown.get(i).get("reasons")) {
                if (!reason.get("rule").asText().equals(rule)) continue;
                impressions++;
                points += reason.get("points").asDouble();
                if (i != 1) clicks++;
            }
        }
        JsonNode report = insights("rules?" + WINDOW + "&rulesVersion=" + version + "&rule=" + encode(rule));
        assertEquals(1, report.get("rules").size(), report.toString());
        JsonNode figures = report.get("rules").get(0);
        assertEquals(impressions, figures.get("impressions").asLong());
        assertEquals(clicks, figures.get("clicks").asLong());
        assertEquals(points, figures.get("pointsGiven").asDouble(), 1e-9);
        assertEquals(3 - impressions, figures.get("otherImpressions").asLong());
        assertEquals(2 - clicks, figures.get("otherClicks").asLong());
    }

    @Test
    void the_journey_funnel_counts_contacts_moves_and_conversion() throws Exception {
        JsonNode report = insights("journey?" + WINDOW);
        JsonNode start = report.get("phases").get(0);
        assertEquals("non-awareness", start.get("phase").asText());
        assertEquals(1, start.get("contacts").asLong()); // B
        assertEquals(1, start.get("movedOn").asLong()); // A
        assertEquals(0.5, start.get("conversion").asDouble()); // 1 moved on / (1 moved on + 0 back + 1 still there)
        assertEquals(0, start.get("medianDaysInPhase").asInt());
        JsonNode awareness = report.get("phases").get(1);
        assertEquals(0, awareness.get("contacts").asLong()); // A moved on
        assertEquals(1, awareness.get("entered").asLong());
        assertEquals(1, awareness.get("movedOn").asLong());
        JsonNode favorability = report.get("phases").get(2);
        assertEquals("favorability", favorability.get("phase").asText());
        assertEquals(1, favorability.get("contacts").asLong()); // A, by the form
        JsonNode byChannel = insights("journey?" + WINDOW + "&by=channel").get("phases").get(0);
        assertEquals(1, group(byChannel, "website").get("movedOn").asLong()); // the click on P
        JsonNode ofAccount = insights("journey?" + WINDOW + "&account=nobody").get("phases").get(0);
        assertEquals(0, ofAccount.get("contacts").asLong());
    }

    @Test
    void a_split_by_day_gives_every_day_with_figures_its_own_group_in_order() throws Exception {
        // a second day of its own, after the fixture's: B sees P again and views it, which makes B aware
        // (no trackingId, so no rule figures that day)
        String later = java.time.LocalDate.of(2026, 10, 1).plusDays(DAYS.getAndIncrement()).toString();
        String at = "\"at\": \"" + later + "T09:00:00Z\"";
        events(b, "{\"id\": \"i2\", \"type\": \"recommendation-impression\", %s, \"itemId\": \"%s\"}".formatted(at, p),
                "{\"id\": \"v2\", \"type\": \"content-view\", %s, \"itemId\": \"%s\"}".formatted(at, p));
        JsonNode report = insights("items?from=" + DAY + "&to=" + later + "&by=day&item=" + p);
        assertEquals("day", report.get("split").asText());
        JsonNode fp = item(report, p);
        assertEquals(3, fp.get("impressions").asLong(), fp.toString());
        assertEquals(2, fp.get("views").asLong());
        assertEquals(2, fp.get("groups").size(), fp.toString()); // the days between hold nothing of P: no group
        JsonNode first = fp.get("groups").get(0);
        assertEquals(DAY, first.get("group").asText());
        assertEquals(2, first.get("impressions").asLong()); // A's and B's
        assertEquals(1, first.get("clicks").asLong());
        assertEquals(0.5, first.get("ctr").asDouble());
        assertEquals(1, first.get("views").asLong());
        assertEquals(1, first.get("influence").asLong());
        JsonNode second = fp.get("groups").get(1);
        assertEquals(later, second.get("group").asText());
        assertEquals(1, second.get("impressions").asLong());
        assertEquals(0, second.get("clicks").asLong());
        assertEquals(1, second.get("views").asLong());
        assertEquals(1, second.get("influence").asLong()); // the view made B aware: B moved on after consuming P

        String rule = t2.at("/recommendations/0/reasons/0/rule").asText();
        JsonNode rules = insights("rules?from=" + DAY + "&to=" + later + "&by=day&rulesVersion=" + t2.get("rulesVersion").asText()
                + "&rule=" + encode(rule)).get("rules").get(0);
        assertEquals(1, rules.get("groups").size(), rules.toString()); // B's impression on the later day carried no trackingId
        JsonNode day = rules.get("groups").get(0);
        assertEquals(DAY, day.get("group").asText());
        assertEquals(rules.get("impressions").asLong(), day.get("impressions").asLong());
        assertEquals(rules.get("clicks").asLong(), day.get("clicks").asLong());
        assertEquals(rules.get("pointsGiven").asDouble(), day.get("pointsGiven").asDouble(), 1e-9);

        JsonNode moves = insights("journey?" + WINDOW + "&by=day").get("phases").get(0);
        assertTrue(moves.get("contacts") != null, "the overall row keeps the contacts");
        assertEquals(1, group(moves, DAY).get("movedOn").asLong()); // A left non-awareness that day
        assertTrue(group(moves, DAY).get("contacts") == null, "contacts are a count of now, not of a day");
    }

    @Test
    void erasing_a_contact_takes_its_events_out_of_every_figure() throws Exception {
        cleanUpOnly(a);
        JsonNode fp = item(insights("items?" + WINDOW), p);
        assertEquals(1, fp.get("impressions").asLong()); // B's only
        assertEquals(0, fp.get("clicks").asLong());
        assertEquals(0, fp.get("views").asLong());
        assertEquals(0, fp.get("influence").asLong());
        assertEquals(null, item(insights("items?" + WINDOW), q));
        JsonNode rules = insights("rules?" + WINDOW);
        long impressions = 0;
        for (JsonNode r : rules.get("rules")) impressions = Math.max(impressions, r.get("impressions").asLong() + r.get("otherImpressions").asLong());
        assertEquals(1, impressions); // the anonymous impression of S
        JsonNode start = insights("journey?" + WINDOW).get("phases").get(0);
        assertEquals(0, start.get("movedOn").asLong());
        assertEquals(0, insights("journey?" + WINDOW).get("phases").get(1).get("contacts").asLong());
    }

    private static void cleanUpOnly(String id) throws Exception {
        assertEquals(204, app.contacts("DELETE", "/api/v1/contacts/" + id, null).status());
    }

    @Test
    void anonymous_feedback_is_counted_once_and_must_name_an_item_of_a_known_answer() throws Exception {
        JsonNode again = feedback(anonymous("recommendation-click"), 200).json();
        assertFalse(again.at("/feedback/0/recorded").asBoolean());
        assertEquals(1, item(insights("items?" + WINDOW), s).get("clicks").asLong());
        assertField(app.contacts("POST", "/api/v1/feedback", "{\"trackingId\": \"%s\", \"type\": \"recommendation-click\", \"itemId\": \"%s\"}"
                .formatted("0".repeat(32), s)), "trackingId");
        assertField(app.contacts("POST", "/api/v1/feedback", "{\"trackingId\": \"%s\", \"type\": \"recommendation-click\", \"itemId\": \"%s\"}"
                .formatted(t1.get("trackingId").asText(), p)), "itemId");
        assertField(app.contacts("POST", "/api/v1/feedback", "{\"trackingId\": \"%s\", \"type\": \"download\", \"itemId\": \"%s\"}"
                .formatted(t1.get("trackingId").asText(), s)), "type");
        Response open = app.post("/api/v1/feedback", anonymous("recommendation-click"));
        assertEquals(401, open.status());
    }

    @Test
    void an_impression_with_an_unknown_tracking_id_is_refused_naming_the_field() throws Exception {
        Response r = app.contacts("POST", "/api/v1/contacts/" + a + "/events",
                "{\"events\": [" + event("x1", "recommendation-impression", p, null, "f".repeat(32)) + "]}");
        assertField(r, "events[0].trackingId");
        Response other = app.contacts("POST", "/api/v1/contacts/" + a + "/events", event("x2", "content-view", p, null, t2.get("trackingId").asText()));
        assertField(other, "trackingId");
    }

    @Test
    void bad_report_queries_get_a_problem_naming_the_field() throws Exception {
        assertField(get("items?from=2026-13-01"), "from");
        assertField(get("items?from=2026-11-20&to=2026-11-01"), "to");
        assertField(get("items?from=2025-01-01&to=2026-11-20"), "to");
        assertField(get("items?item=no-such-item"), "item");
        assertField(get("items?by=colour"), "by");
        assertField(get("items?influenceDays=0"), "influenceDays");
        assertField(get("rules?rule=No%20such%20rule"), "rule");
        assertField(get("journey?phase=nirvana"), "phase");
        assertField(get("gaps?format=pdf"), "format");
        assertField(get("items?colour=red"), "colour");
        Response anonymous = app.get("/api/v1/insights/items");
        assertEquals(401, anonymous.status());
        Response admin = app.send(HttpRequest.newBuilder(app.uri("/api/v1/insights/items")).header("Authorization", "Bearer wrong").build());
        assertTrue(admin.status() == 403 || admin.status() == 404, admin.text()); // no admin token configured in tests: admin is off
    }

    @Test
    void content_gaps_list_every_cell_with_the_stored_contacts_in_it() throws Exception {
        JsonNode report = insights("gaps");
        assertEquals(8 * 7 * 2, report.get("cells").size());
        long withB = 0;
        Set<String> seen = new HashSet<>();
        List<Long> gapContacts = new ArrayList<>();
        for (JsonNode cell : report.get("cells")) {
            seen.add(cell.get("phase").asText() + cell.get("role").asText() + cell.get("language").asText());
            if (cell.get("phase").asText().equals("non-awareness") && cell.get("role").asText().equals("finance")
                    && cell.get("language").asText().equals("en")) withB = cell.get("contacts").asLong();
            if (cell.get("missing").asInt() > 0) gapContacts.add(cell.get("contacts").asLong());
            assertEquals(report.get("top").asInt(), cell.get("items").asInt() + cell.get("missing").asInt());
        }
        assertEquals(112, seen.size());
        assertEquals(1, withB);
        for (int i = 1; i < gapContacts.size(); i++) assertTrue(gapContacts.get(i - 1) >= gapContacts.get(i), "gaps sorted by contacts");
        JsonNode english = insights("gaps?language=en");
        assertEquals(8 * 7, english.get("cells").size());
        for (JsonNode cell : english.get("cells")) {
            assertEquals("en", cell.get("language").asText());
            if (cell.get("phase").asText().equals("non-awareness") && cell.get("role").asText().equals("finance")) {
                assertEquals(1, cell.get("contacts").asLong()); // B, as in the report of all languages
            }
        }
        assertField(get("gaps?language=fr"), "language");
        Response csv = app.contacts("GET", "/api/v1/insights/gaps?format=csv&concerns=true", null);
        assertTrue(csv.contentType().startsWith("text/csv"));
        assertTrue(csv.text().startsWith("phase,role,language,concern,items,missing,contacts,item_ids\n"));
        assertEquals(8 * 7 * 2 * 12 + 1, csv.text().split("\n").length);
    }

    private static Response get(String path) throws Exception {
        return app.contacts("GET", "/api/v1/insights/" + path, null);
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void assertField(Response response, String field) {
        assertEquals(400, response.status(), response.text());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        for (JsonNode error : response.json().path("errors")) if (error.get("field").asText().equals(field)) return;
        throw new AssertionError("no error for " + field + ": " + response.text());
    }
}
