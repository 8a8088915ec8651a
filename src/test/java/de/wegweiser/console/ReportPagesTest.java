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
        try (Browser browser = login("/console/journey?lang=en")) {
            browser.waitFor(By.cssSelector("table.journey"));
            noErrors(browser);
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
        try (Browser browser = login("/console/gaps?lang=en&language=de&minScore=60")) {
            browser.waitFor(By.cssSelector("table.heatmap"));
            noErrors(browser);
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
        try (Browser browser = login("/console/gaps?lang=de&language=en")) {
            browser.waitFor(By.cssSelector("table.heatmap"));
            noErrors(browser);
            String page = text(browser, "main");
            assertTrue(page.contains("Content-Lücken") && page.contains("Phase × Rolle (Englisch)") && page.contains("Geschäftsführung"), page);
        }
    }

    @Test
    void the_journey_page_for_one_account_speaks_german_and_counts_its_members() throws Exception {
        try (Browser browser = login("/console/journey?lang=de&account=" + ACCOUNT)) {
            browser.waitFor(By.cssSelector("table.journey"));
            noErrors(browser);
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
