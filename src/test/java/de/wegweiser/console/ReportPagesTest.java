package de.wegweiser.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.bench.HistoryGenerator;
import de.wegweiser.config.AppConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report pages (journey, content gaps, performance, accounts) in a real headless Chromium,
 * against the real service with a generated history (HistoryGenerator over the API) and one
 * account of three colleagues: each page shows the figures the API answers, its filters go into
 * the address and change the figures, and it speaks German with ?lang=de.
 */
@Tag("slow")
class ReportPagesTest {

    static final String ACCOUNT = "mueller-maschinenbau";
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        AppConfig config = TestApp.config(TestApp.RULES, TestApp.CATALOG).withAdminToken(TestApp.ADMIN_TOKEN);
        app = TestApp.start(config);
        HistoryGenerator.write(base(), TestApp.API_KEY, 24, 12, TestApp.CLOCK.instant());
        // three colleagues of one company, as in docs/accounts.md: finance, head of sales and IT read one item each
        String[][] members = {{"anna", "finance", "wp-roi-calculation"}, {"ben", "head-of-sales", "wp-capacity-wins-orders-en"},
                {"carla", "it", "wp-opc-ua-mes-integration-en"}};
        for (String[] m : members) {
            assertEquals(201, app.contacts("PUT", "/api/v1/contacts/" + m[0],
                    "{\"role\": \"%s\", \"language\": \"en\", \"account\": \"%s\"}".formatted(m[1], ACCOUNT)).status());
            assertEquals(200, app.contacts("POST", "/api/v1/contacts/" + m[0] + "/events",
                    "{\"id\": \"e1\", \"type\": \"download\", \"at\": \"2026-11-22T09:00:00Z\", \"itemId\": \"%s\"}".formatted(m[2])).status());
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    private static String base() {
        return "http://127.0.0.1:" + app.app().port();
    }

    private static JsonNode api(String path) throws Exception {
        TestApp.Response response = app.contacts("GET", path, null);
        assertEquals(200, response.status(), response.text());
        return response.json();
    }

    private static Browser login(String path) {
        Browser browser = Browser.open(base());
        browser.go(path);
        browser.login("Mara", TestApp.ADMIN_TOKEN);
        browser.waitUntilRendered();
        return browser;
    }

    /** Logs in on the page and waits for what shows it is drawn; nothing went wrong on the way. */
    private static Browser open(String path, String ready) {
        Browser browser = login(path);
        browser.waitFor(By.cssSelector(ready));
        noErrors(browser);
        return browser;
    }

    private static String text(Browser browser, String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText().strip();
    }

    private static void waitForUrl(Browser browser, String part) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> browser.path().contains(part));
    }

    private static void noErrors(Browser browser) {
        assertEquals(List.of(), browser.consoleErrors());
        assertFalse(browser.driver.findElement(By.id("error")).isDisplayed(), () -> text(browser, "#error"));
    }

    // ---------------------------------------------------------------- journey

    @Test
    void the_journey_page_shows_the_funnel_counts_of_the_api_and_filters_by_role() throws Exception {
        try (Browser browser = open("/console/journey?lang=en", "table.journey")) {
            JsonNode report = api("/api/v1/insights/journey");
            long total = 0;
            for (JsonNode phase : report.get("phases")) {
                String row = "table.journey tr[data-phase='" + phase.get("phase").asText() + "'] ";
                assertEquals(phase.get("contacts").asText(), text(browser, row + "td.contacts"), phase.toString());
                assertEquals(phase.get("movedOn").asText(), text(browser, row + "td.moved-on"), phase.toString());
                total += phase.get("contacts").asLong();
            }
            assertTrue(total >= 27, "the generated contacts and the account's three are counted: " + total);
            String map = text(browser, "table.journey");
            assertTrue(map.contains("Buyer's journey (phases 0–4)") && map.contains("Middle of funnel (MOFU)"), map);
            assertTrue(text(browser, "tr[data-phase='consideration'] td.typical").contains("Whitepaper"), "typical content from the catalog");
            browser.screenshot("journey");

            new Select(browser.driver.findElement(By.id("journey-role"))).selectByValue("it");
            browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            waitForUrl(browser, "role=it");
            browser.waitFor(By.cssSelector("table.journey"));
            JsonNode byRole = api("/api/v1/insights/journey?by=role");
            for (JsonNode phase : byRole.get("phases")) {
                long it = 0;
                for (JsonNode group : phase.get("groups")) if (group.get("group").asText().equals("it")) it = group.get("contacts").asLong();
                String row = "table.journey tr[data-phase='" + phase.get("phase").asText() + "'] ";
                new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(row + "td.contacts")).isEmpty());
                assertEquals(String.valueOf(it), text(browser, row + "td.contacts"), phase.toString());
            }
            noErrors(browser);
        }
    }

    // ---------------------------------------------------------------- gaps

    /** The API's first cell of the language: the gap with the most stored contacts. */
    private static JsonNode firstCell(JsonNode report, String language) {
        for (JsonNode cell : report.get("cells")) if (cell.get("language").asText().equals(language)) return cell;
        throw new AssertionError("no cell in " + language);
    }

    private static String cellText(Browser browser, JsonNode cell) {
        return text(browser, "button.cell[data-phase='%s'][data-role='%s']".formatted(cell.get("phase").asText(), cell.get("role").asText()));
    }

    @Test
    void the_gaps_heatmap_writes_the_api_figures_in_each_cell_and_a_cell_opens_what_exists_there() throws Exception {
        try (Browser browser = open("/console/gaps?lang=en&language=de&minScore=60", "table.heatmap")) {
            JsonNode report = api("/api/v1/insights/gaps?minScore=60");
            int cells = 0;
            for (JsonNode cell : report.get("cells")) {
                if (!cell.get("language").asText().equals("de")) continue;
                String shown = cellText(browser, cell);
                assertTrue(shown.startsWith(cell.get("items").asText() + "/5"), cell + " shown as " + shown);
                assertTrue(shown.endsWith(cell.get("contacts").asLong() == 1 ? "1 contact" : cell.get("contacts").asText() + " contacts"),
                        cell + " shown as " + shown);
                cells++;
            }
            assertEquals(8 * 7, cells);
            JsonNode first = firstCell(report, "de");
            assertTrue(first.get("contacts").asLong() > 0, "the seeded history puts contacts into a gap: " + first);

            WebElement button = browser.driver.findElement(By.cssSelector("button.cell[data-phase='%s'][data-role='%s']"
                    .formatted(first.get("phase").asText(), first.get("role").asText())));
            button.sendKeys(Keys.ENTER); // the keyboard opens a cell as a click does
            waitForUrl(browser, "cell=" + first.get("phase").asText() + "." + first.get("role").asText());
            browser.waitFor(By.cssSelector("#cell-detail table.shown"));
            for (JsonNode id : first.get("itemIds")) {
                String row = text(browser, "#cell-detail table.shown tr[data-item='" + id.asText() + "']");
                assertTrue(row.contains("✓ counts"), row);
            }
            int shown = browser.all(By.cssSelector("#cell-detail table.shown tbody tr")).size();
            int below = browser.all(By.xpath("//table[contains(@class,'shown')]//td[contains(., 'below the minimum score')]")).size();
            assertEquals(first.get("items").asInt(), shown - below, "the counted items are the cell's number");
            assertFalse(browser.all(By.cssSelector("#cell-detail ul.catalog-items li")).isEmpty(), "the catalog items of the cell");
            noErrors(browser);
            browser.screenshot("gaps");

            WebElement minScore = browser.driver.findElement(By.id("gaps-min-score"));
            minScore.clear();
            minScore.sendKeys("0");
            browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            waitForUrl(browser, "minScore=0");
            JsonNode lenient = api("/api/v1/insights/gaps?minScore=0");
            for (JsonNode cell : lenient.get("cells")) {
                if (!cell.get("phase").asText().equals(first.get("phase").asText()) || !cell.get("role").asText().equals(first.get("role").asText())
                        || !cell.get("language").asText().equals("de")) continue;
                new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> cellText(browser, cell)
                        .startsWith(cell.get("items").asText() + "/5"));
            }
        }
    }

    @Test
    void the_gaps_page_speaks_german() throws Exception {
        try (Browser browser = open("/console/gaps?lang=de&language=en", "table.heatmap")) {
            String page = text(browser, "main");
            assertTrue(page.contains("Content-Lücken") && page.contains("Phase × Rolle (Englisch)") && page.contains("Geschäftsführung"), page);
        }
    }

    // ---------------------------------------------------------------- performance

    private static String itemRow(String id) {
        return "//section[@id='items']//tr[.//code[@class='item-id' and text()='" + id + "']]";
    }

    private static List<String> cells(Browser browser, String xpath) {
        return browser.driver.findElements(By.xpath(xpath + "/td")).stream().map(e -> e.getText().strip()).toList();
    }

    @Test
    void the_performance_page_shows_each_items_kpis_and_the_most_seen_items_clicks_per_day() throws Exception {
        try (Browser browser = login("/console/performance?lang=en")) {
            browser.waitFor(By.cssSelector("#item-chart canvas"));
            browser.waitFor(By.cssSelector("#rule-chart canvas"));
            noErrors(browser);
            JsonNode items = api("/api/v1/insights/items");
            assertTrue(items.get("items").size() > 3, items.toString());
            for (JsonNode item : items.get("items")) {
                List<String> row = cells(browser, itemRow(item.get("itemId").asText()));
                // item, format, impressions, clicks, CTR, views, downloads, forms, influence, chart
                assertEquals(List.of(item.get("impressions").asText(), item.get("clicks").asText()), row.subList(2, 4), item.toString());
                assertEquals(List.of(item.get("views").asText(), item.get("downloads").asText(), item.get("formSubmissions").asText(),
                        item.get("influence").asText()), row.subList(5, 9), item.toString());
            }
            // the chart of the most seen item, with its numbers per day adding up to its figures
            JsonNode top = items.get("items").get(0);
            assertTrue(text(browser, "#item-chart h3").contains(top.get("title").asText()));
            browser.driver.findElement(By.cssSelector("#item-chart details summary")).click();
            long clicks = 0;
            for (WebElement cell : browser.all(By.cssSelector("#item-chart table.series td.clicks"))) clicks += Long.parseLong(cell.getText().strip());
            assertEquals(top.get("clicks").asLong(), clicks);

            JsonNode rules = api("/api/v1/insights/rules");
            JsonNode rule = rules.get("rules").get(0);
            String ruleRow = "//section[@id='rules']//tr[.//span[@class='rule-name' and text()=\"" + rule.get("rule").asText() + "\"]]";
            List<String> ruleCells = cells(browser, ruleRow);
            assertEquals(rule.get("impressions").asText(), ruleCells.get(2), rule.toString());
            assertEquals(rule.get("clicks").asText(), ruleCells.get(3), rule.toString());
            browser.screenshot("performance");

            // another item's chart, then a window of one week: the address keeps both, the figures follow the window
            JsonNode second = items.get("items").get(1);
            browser.driver.findElement(By.xpath(itemRow(second.get("itemId").asText()) + "//button[contains(@class,'chart-item')]")).click();
            waitForUrl(browser, "item=" + second.get("itemId").asText());
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> text(browser, "#item-chart h3").contains(second.get("title").asText()));
            WebElement from = browser.driver.findElement(By.id("performance-from"));
            browser.driver.executeScript("arguments[0].value = '2026-11-17'", from);
            browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            waitForUrl(browser, "from=2026-11-17");
            browser.waitFor(By.cssSelector("#item-chart canvas"));
            JsonNode week = api("/api/v1/insights/items?from=2026-11-17&to=2026-11-23");
            for (JsonNode item : week.get("items")) {
                List<String> row = cells(browser, itemRow(item.get("itemId").asText()));
                assertEquals(List.of(item.get("impressions").asText(), item.get("clicks").asText()), row.subList(2, 4), item.toString());
            }
            assertEquals(week.get("items").size(), browser.all(By.cssSelector("div.items-table tbody tr")).size());
            assertTrue(browser.path().contains("item=" + second.get("itemId").asText()), browser.path());
            noErrors(browser);
        }
    }

    @Test
    void the_performance_page_speaks_german() throws Exception {
        try (Browser browser = open("/console/performance?lang=de", "#item-chart canvas")) {
            String page = text(browser, "main");
            assertTrue(page.contains("Wirkung von Inhalten und Regeln") && page.contains("Impressionen") && page.contains("CTR der übrigen Inhalte"), page);
        }
    }

    // ---------------------------------------------------------------- accounts

    @Test
    void the_accounts_page_lists_the_accounts_and_shows_a_buying_center_with_its_gaps_and_who_forwards_what() throws Exception {
        try (Browser browser = open("/console/accounts?lang=en", "table.accounts")) {
            JsonNode list = api("/api/v1/accounts");
            assertEquals(list.get("accounts").size(), browser.all(By.cssSelector("table.accounts tbody tr")).size());
            assertTrue(text(browser, "p.count").startsWith(list.get("total").asText() + " account"), text(browser, "p.count"));

            // filter: at least three members leaves the company of three colleagues
            WebElement min = browser.driver.findElement(By.id("accounts-min-members"));
            min.sendKeys("3");
            browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            waitForUrl(browser, "minMembers=3");
            JsonNode filtered = api("/api/v1/accounts?minMembers=3");
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d ->
                    d.findElements(By.cssSelector("table.accounts tbody tr")).size() == filtered.get("accounts").size());
            assertEquals("3", text(browser, "table.accounts tr[data-account='" + ACCOUNT + "'] td.members"));

            browser.driver.findElement(By.cssSelector("table.accounts tr[data-account='" + ACCOUNT + "'] button")).click();
            waitForUrl(browser, "account=" + ACCOUNT);
            browser.waitFor(By.cssSelector("#account-detail table.gaps"));
            JsonNode account = api("/api/v1/accounts/" + ACCOUNT + "?language=en");
            for (JsonNode member : account.get("members")) {
                String row = "#account-detail tr[data-member='" + member.get("id").asText() + "'] ";
                assertEquals(member.get("leadScore").asText(), text(browser, row + "td.score"), member.toString());
                assertEquals(member.get("phase").asText().replace('-', ' '), text(browser, row + "td.phase").toLowerCase(), member.toString());
            }
            assertEquals(3, browser.all(By.cssSelector("#account-detail table.members tbody tr")).size());
            assertEquals("Finance", text(browser, "#account-detail tr[data-member='anna'] td.role"));
            JsonNode closing = api("/api/v1/accounts/" + ACCOUNT + "/recommendations?language=en&limit=1");
            List<WebElement> gapRows = browser.all(By.cssSelector("#account-detail table.gaps tbody tr"));
            assertEquals(closing.get("gaps").size(), gapRows.size());
            assertTrue(gapRows.size() >= 2, "the company lacks roles: " + closing);
            for (int i = 0; i < gapRows.size(); i++) {
                JsonNode gap = closing.get("gaps").get(i);
                String row = gapRows.get(i).getText();
                assertTrue(row.contains(gap.at("/gap/text").asText()), row);
                if (gap.has("content")) assertTrue(row.contains(gap.at("/content/id").asText()), row);
                if (gap.at("/forwardedBy/member").isTextual()) assertTrue(row.contains(gap.at("/forwardedBy/member").asText()), row);
            }
            String coverage = text(browser, "#account-detail tr[data-role='it']");
            assertTrue(coverage.contains("✓ Integration") || coverage.contains("✗ Integration"), coverage);
            noErrors(browser);
            browser.screenshot("accounts");
        }
    }

    @Test
    void the_accounts_page_pages_with_the_api_cursor_and_speaks_german() throws Exception {
        try (Browser browser = open("/console/accounts?lang=de&size=2&account=" + ACCOUNT, "#account-detail table.gaps")) {
            JsonNode first = api("/api/v1/accounts?size=2");
            assertTrue(first.get("next").isTextual(), "more than one page: " + first);
            browser.driver.findElement(By.cssSelector("button.next-page")).click();
            waitForUrl(browser, "cursor=");
            JsonNode second = api("/api/v1/accounts?size=2&cursor=" + URLEncoder.encode(first.get("next").asText(), StandardCharsets.UTF_8));
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector(
                    "table.accounts tr[data-account='" + second.get("accounts").get(0).get("account").asText() + "']")).size() == 1);
            assertEquals(second.get("accounts").size(), browser.all(By.cssSelector("table.accounts tbody tr")).size());
            browser.waitFor(By.cssSelector("#account-detail table.gaps"));
            JsonNode german = api("/api/v1/accounts/" + ACCOUNT + "?language=de");
            String gaps = text(browser, "#account-detail table.gaps");
            for (JsonNode gap : german.get("gaps")) assertTrue(gaps.contains(gap.get("text").asText()), gaps);
            assertTrue(text(browser, "main").contains("Buying Center von " + ACCOUNT));
            noErrors(browser);
        }
    }

    @Test
    void a_window_that_ends_before_it_starts_is_explained_in_plain_words_naming_the_field() throws Exception {
        try (Browser browser = login("/console/performance?lang=en&from=2026-11-20&to=2026-11-01")) {
            String error = browser.waitFor(By.id("error")).getText();
            assertTrue(error.contains("to: the window ends (2026-11-01) before it starts"), error);
            assertFalse(error.contains("{"), "no raw JSON: " + error);
        }
    }

    @Test
    void a_marketer_logged_in_with_an_api_key_sees_the_accounts_and_the_journey() throws Exception {
        try (Browser browser = Browser.open(base())) {
            browser.go("/console/accounts?lang=en&account=" + ACCOUNT);
            browser.login("Jonas", TestApp.API_KEY);
            browser.waitFor(By.cssSelector("#account-detail table.members"));
            assertEquals(3, browser.all(By.cssSelector("#account-detail table.members tbody tr")).size());
            browser.go("/console/journey?lang=en");
            browser.waitFor(By.cssSelector("table.journey"));
            noErrors(browser);
        }
    }

    @Test
    void the_journey_page_for_one_account_speaks_german_and_counts_its_members() throws Exception {
        try (Browser browser = open("/console/journey?lang=de&account=" + ACCOUNT, "table.journey")) {
            JsonNode report = api("/api/v1/insights/journey?account=" + ACCOUNT);
            for (JsonNode phase : report.get("phases")) {
                assertEquals(phase.get("contacts").asText(),
                        text(browser, "table.journey tr[data-phase='" + phase.get("phase").asText() + "'] td.contacts"));
            }
            String page = text(browser, "main");
            assertTrue(page.contains("Customer’s Journey (Phasen 5–7)") && page.contains("Abwägung"), page);
            assertTrue(page.contains("Für einen Account speichert der Dienst"), page);
        }
    }
}
