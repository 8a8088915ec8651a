package de.wegweiser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.domain.JourneyPhase;
import de.wegweiser.domain.LifecycleStatus;
import de.wegweiser.storage.TestStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The account benchmark (not a test), two parts, on PostgreSQL when {@value TestStorage#PG_URL_VARIABLE}
 * is set, else on H2:
 * <ol>
 *   <li>one account of 50 members with 20,000 events, sent over HTTP in batches as a CMS would:
 *       the latency of {@code GET /api/v1/accounts/{account}} (and of its recommendations);</li>
 *   <li>100,000 contacts in 10,000 accounts, written straight into the tables (sending them over
 *       HTTP would measure the event path, not the list): the time the first list takes to make
 *       every summary, then the latency of each page while paging through all accounts, with and
 *       without filters.</li>
 * </ol>
 * Run: {@code java -cp target/classes:target/test-classes:$(cat cp.txt) de.wegweiser.bench.AccountBench}
 * (see docs/benchmarks.md). System properties: {@code bench.accounts} (10000), {@code bench.perAccount} (10),
 * {@code bench.events} (20000), {@code bench.requests} (200), {@code bench.parts} (big,many).
 */
public final class AccountBench {

    static final String[] ROLES = {"managing-director", "head-of-sales", "production", "it", "finance", "purchasing", "marketing"};

    public static void main(String[] args) throws Exception {
        int accounts = Integer.getInteger("bench.accounts", 10_000);
        int perAccount = Integer.getInteger("bench.perAccount", 10);
        int events = Integer.getInteger("bench.events", 20_000);
        int requests = Integer.getInteger("bench.requests", 200);
        TestStorage.Backend backend = TestStorage.postgresUrl() == null ? TestStorage.Backend.H2 : TestStorage.Backend.POSTGRESQL;
        System.out.printf("account benchmark on %s, %d cores, %s%n", backend, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        try (TestApp app = TestApp.start(backend)) {
            List<String> items = new ArrayList<>();
            app.app().service().snapshot().catalog().items().forEach(i -> items.add(i.id()));
            String parts = System.getProperty("bench.parts", "big,many");
            if (parts.contains("big")) bigAccount(app, items, events, requests);
            if (parts.contains("many")) manyAccounts(app, items, accounts, perAccount);
        }
    }

    /** Part 1: one account, 50 members, {@code events} events. */
    static void bigAccount(TestApp app, List<String> items, int events, int requests) throws Exception {
        Random random = new Random(11);
        int members = 50;
        for (int m = 0; m < members; m++) {
            TestApp.Response r = app.contacts("PUT", "/api/v1/contacts/big-" + m,
                    "{\"role\": \"%s\", \"language\": \"de\", \"account\": \"big\"}".formatted(ROLES[m % ROLES.length]));
            if (r.status() != 201) throw new IllegalStateException(r.text());
        }
        String[] types = {"content-view", "content-view", "download", "page-view", "newsletter-open", "pricing-view"};
        Instant start = TestApp.CLOCK.instant().minus(Duration.ofDays(59));
        long sent = System.nanoTime();
        int perMember = events / members;
        for (int m = 0; m < members; m++) {
            for (int from = 0; from < perMember; from += 400) {
                StringBuilder body = new StringBuilder("{\"events\": [");
                for (int e = from; e < Math.min(perMember, from + 400); e++) {
                    String type = types[random.nextInt(types.length)];
                    String item = type.equals("content-view") || type.equals("download")
                            ? ", \"itemId\": \"" + items.get(random.nextInt(items.size())) + "\"" : "";
                    Instant at = start.plusSeconds((long) e * 59 * 86_400 / perMember);
                    if (e > from) body.append(',');
                    body.append("{\"id\": \"e-%d\", \"type\": \"%s\", \"at\": \"%s\"%s}".formatted(e, type, at, item));
                }
                TestApp.Response r = app.contacts("POST", "/api/v1/contacts/big-" + m + "/events", body.append("]}").toString());
                if (r.status() != 200) throw new IllegalStateException(r.text());
            }
        }
        System.out.printf("part 1: %d members, %d events sent in %.1f s%n", members, perMember * members, (System.nanoTime() - sent) / 1e9);
        JsonNode account = app.contacts("GET", "/api/v1/accounts/big", null).json();
        int consumed = 0;
        for (JsonNode member : account.get("members")) consumed += member.get("consumed").size();
        System.out.printf("  account: phase %s, status %s, %d gaps, %d consumed items in all, response %d bytes%n",
                account.at("/phase/value").asText(), account.at("/status/value").asText(), account.get("gaps").size(), consumed,
                account.toString().length());
        latency(app, "GET /api/v1/accounts/big", "/api/v1/accounts/big", requests);
        latency(app, "GET /api/v1/accounts/big/recommendations?limit=5", "/api/v1/accounts/big/recommendations?limit=5", requests / 10);
    }

    /** Part 2: many accounts, written straight into the tables; then the list. */
    static void manyAccounts(TestApp app, List<String> items, int accounts, int perAccount) throws Exception {
        if (app.storage().jdbcUrl() == null) {
            System.out.println("part 2 needs PostgreSQL (" + TestStorage.PG_URL_VARIABLE + "): the embedded H2 file admits one process");
            return;
        }
        Random random = new Random(7);
        long written = System.nanoTime();
        try (Connection c = DriverManager.getConnection(app.storage().jdbcUrl())) {
            c.setAutoCommit(false);
            try (PreparedStatement contact = c.prepareStatement("INSERT INTO contact (id, role, concerns, topics, language, account, industry, "
                    + "existing_customer, phase, lifecycle, score, score_as_of, events, phase_engagements, last_engagement_at, created_at, "
                    + "updated_at) VALUES (?, ?, '', '', 'de', ?, NULL, FALSE, ?, ?, ?, ?, 10, 0, ?, ?, ?)");
                 PreparedStatement consumed = c.prepareStatement(
                         "INSERT INTO contact_consumed (contact_id, item_id, consumed_at, event_id) VALUES (?, ?, ?, ?)");
                 PreparedStatement summary = c.prepareStatement("INSERT INTO account_summary (account, changes, summarized_changes, members, "
                         + "active_members, gap_kinds, gaps, score) VALUES (?, 1, 0, 0, 0, '', 0, 0)")) {
                Instant now = TestApp.CLOCK.instant();
                for (int a = 0; a < accounts; a++) {
                    String account = "co-" + a;
                    for (int m = 0; m < perAccount; m++) {
                        String id = account + "-" + m;
                        JourneyPhase phase = JourneyPhase.values()[random.nextInt(5)];
                        Timestamp last = Timestamp.from(now.minus(Duration.ofHours(random.nextInt(24 * 90))));
                        contact.setString(1, id);
                        contact.setString(2, ROLES[random.nextInt(ROLES.length)]);
                        contact.setString(3, account);
                        contact.setString(4, phase.id());
                        contact.setString(5, random.nextInt(3) == 0 ? null : LifecycleStatus.values()[random.nextInt(4)].id());
                        contact.setDouble(6, random.nextInt(80));
                        contact.setTimestamp(7, last);
                        contact.setTimestamp(8, last);
                        contact.setTimestamp(9, last);
                        contact.setTimestamp(10, last);
                        contact.addBatch();
                        for (int k = 0; k < 2; k++) {
                            consumed.setString(1, id);
                            consumed.setString(2, items.get((a * 31 + m * 7 + k * 13) % items.size()));
                            consumed.setTimestamp(3, last);
                            consumed.setString(4, "e-" + k);
                            consumed.addBatch();
                        }
                    }
                    summary.setString(1, account);
                    summary.addBatch();
                    if (a % 500 == 499) {
                        contact.executeBatch();
                        consumed.executeBatch();
                        summary.executeBatch();
                        c.commit();
                    }
                }
                contact.executeBatch();
                consumed.executeBatch();
                summary.executeBatch();
                c.commit();
            }
        }
        System.out.printf("part 2: %d contacts in %d accounts written in %.1f s%n", accounts * perAccount, accounts,
                (System.nanoTime() - written) / 1e9);
        long first = System.nanoTime();
        JsonNode page = app.contacts("GET", "/api/v1/accounts?size=100", null).json();
        System.out.printf(Locale.ROOT, "  first list (makes a few summaries, leaves the rest to the background): %.1f ms, %d pending%n",
                (System.nanoTime() - first) / 1e6, page.path("pending").asLong());
        while (page.has("pending")) {
            Thread.sleep(200);
            page = app.contacts("GET", "/api/v1/accounts?size=100", null).json();
        }
        System.out.printf("  every summary made (in the background) after %.1f s, total %d accounts%n", (System.nanoTime() - first) / 1e9,
                page.get("total").asLong());
        int pages = page.get("pages").asInt();
        pageThrough(app, "all accounts, 100 a page", "/api/v1/accounts?size=100", pages);
        cursorThrough(app, "all accounts, 100 a page, by cursor", "/api/v1/accounts?size=100");
        cursorThrough(app, "phase=consideration, 100 a page, by cursor", "/api/v1/accounts?size=100&phase=consideration");
        pageThrough(app, "phase=consideration, 100 a page", "/api/v1/accounts?size=100&phase=consideration", 0);
        pageThrough(app, "gap=lagging-member&minMembers=10, 20 a page", "/api/v1/accounts?size=20&gap=lagging-member&minMembers=10", 0);
        // one member changes: only its account's summary is made again before the next page
        app.contacts("POST", "/api/v1/contacts/co-5-0/events",
                "{\"events\": [{\"id\": \"x-1\", \"type\": \"demo-request\", \"at\": \"2026-11-23T08:00:00Z\"}]}");
        long one = System.nanoTime();
        app.contacts("GET", "/api/v1/accounts?size=100", null);
        System.out.printf(Locale.ROOT, "  first page after one member's event (makes one summary again): %.1f ms%n", (System.nanoTime() - one) / 1e6);
        latency(app, "first page, again", "/api/v1/accounts?size=100", 50);
    }

    private static void pageThrough(TestApp app, String what, String path, int pages) throws Exception {
        if (pages == 0) pages = app.contacts("GET", path, null).json().get("pages").asInt();
        double[] ms = new double[pages];
        for (int p = 1; p <= pages; p++) {
            long t = System.nanoTime();
            TestApp.Response r = app.contacts("GET", path + "&page=" + p, null);
            ms[p - 1] = (System.nanoTime() - t) / 1e6;
            if (r.status() != 200) throw new IllegalStateException(r.text());
        }
        report(what + " (" + pages + " pages)", ms);
    }

    private static void cursorThrough(TestApp app, String what, String path) throws Exception {
        List<Double> ms = new java.util.ArrayList<>();
        String next = null;
        do {
            long t = System.nanoTime();
            TestApp.Response r = app.contacts("GET", path + (next == null ? "" : "&cursor=" + next), null);
            ms.add((System.nanoTime() - t) / 1e6);
            if (r.status() != 200) throw new IllegalStateException(r.text());
            JsonNode n = r.json().get("next");
            next = n.isNull() ? null : n.asText();
        } while (next != null);
        report(what + " (" + ms.size() + " pages)", ms.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static void latency(TestApp app, String what, String path, int times) throws Exception {
        for (int i = 0; i < Math.min(20, times); i++) app.contacts("GET", path, null); // warm-up
        double[] ms = new double[times];
        for (int i = 0; i < times; i++) {
            long t = System.nanoTime();
            TestApp.Response r = app.contacts("GET", path, null);
            ms[i] = (System.nanoTime() - t) / 1e6;
            if (r.status() != 200) throw new IllegalStateException(r.text());
        }
        report(what, ms);
    }

    private static void report(String what, double[] ms) {
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  %-60s n=%4d  p50 %7.1f ms  p90 %7.1f ms  max %7.1f ms%n", what, ms.length,
                ms[ms.length / 2], ms[(int) Math.min(ms.length - 1, Math.floor(ms.length * 0.9))], ms[ms.length - 1]);
    }
}
