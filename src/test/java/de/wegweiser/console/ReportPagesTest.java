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
