package de.wegweiser.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The catalog page in a real headless Chromium: filters and the rules that can fire, against the API. */
@Tag("slow")
class CatalogPageTest extends ConsolePage {

    private static List<String> tableIds(Browser browser) {
        return browser.all(By.cssSelector("table.data tbody button[data-id]")).stream().map(b -> b.getAttribute("data-id")).toList();
    }

    private static List<String> apiIds(String query) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : app.get("/api/v1/catalog?" + query).json().get("items")) ids.add(item.get("id").asText());
        return ids;
    }

    @Test
    void filtering_by_format_and_phase_shows_the_same_items_as_the_api_and_keeps_the_filters_in_the_address() throws Exception {
        try (Browser browser = Browser.open(base())) {
            browser.go("/console/catalog?lang=en&phase=consideration");
            browser.login("Jonas", TestApp.API_KEY);
            browser.waitFor(By.cssSelector("table.data tbody button[data-id]"));
            assertEquals(apiIds("phase=consideration"), tableIds(browser));

            new Select(browser.driver.findElement(By.id("cat-format"))).selectByValue("whitepaper");
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> browser.path().contains("format=whitepaper")
                    && tableIds(browser).equals(uncheckedIds("phase=consideration&format=whitepaper")));
            assertFalse(tableIds(browser).isEmpty());

            browser.go("/console/catalog?lang=en&format=whitepaper,study&phase=consideration,intent-to-purchase");
            browser.waitFor(By.cssSelector("table.data tbody button[data-id]"));
            List<String> either = apiIds("format=whitepaper,study&phase=consideration,intent-to-purchase");
            assertEquals(either, tableIds(browser), "A or B within a filter, as the API");
            assertTrue(either.size() > apiIds("format=whitepaper&phase=consideration,intent-to-purchase").size());
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    private static List<String> uncheckedIds(String query) {
        try {
            return apiIds(query);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_search_finds_items_by_title_or_id() throws Exception {
        try (Browser browser = Browser.open(base())) {
            browser.go("/console/catalog?lang=en&q=roi");
            browser.login("Jonas", TestApp.API_KEY);
            browser.waitFor(By.cssSelector("table.data tbody button[data-id]"));
            List<String> expected = new ArrayList<>();
            for (JsonNode item : app.get("/api/v1/catalog").json().get("items")) {
                if (item.get("id").asText().toLowerCase().contains("roi") || item.get("title").asText().toLowerCase().contains("roi")) {
                    expected.add(item.get("id").asText());
                }
            }
            assertEquals(expected, tableIds(browser));
            assertTrue(expected.contains("wp-roi-calculation"), expected.toString());
        }
    }

    @Test
    void the_item_detail_lists_the_rules_that_can_fire_for_it_and_why_the_others_cannot() throws Exception {
        try (Browser browser = Browser.open(base())) {
            browser.go("/console/catalog?lang=en&format=whitepaper");
            browser.login("Jonas", TestApp.API_KEY);
            WebElement button = browser.waitFor(By.cssSelector("table.data tbody button[data-id='wp-roi-calculation']"));
            button.click();
            browser.waitFor(By.cssSelector("table.can-fire tbody tr"));

            JsonNode api = app.get("/api/v1/catalog/wp-roi-calculation?rules=true").json();
            Set<String> can = new TreeSet<>();
            String because = null;
            for (JsonNode rule : api.get("rules")) {
                if (rule.get("canFire").asBoolean()) can.add(rule.get("rule").asText());
                else if (because == null) because = rule.get("because").get("en").asText();
            }
            Set<String> shown = new TreeSet<>();
            for (WebElement cell : browser.all(By.cssSelector("table.can-fire tbody tr td:first-child"))) shown.add(cell.getText().replaceFirst("^✓ ", ""));
            assertEquals(can, shown);
            assertTrue(can.contains("Consideration: hard facts and proof"), can.toString());
            String cannot = browser.driver.findElement(By.cssSelector("table.cannot-fire")).getText();
            assertTrue(cannot.contains(because), cannot);
            assertTrue(browser.path().contains("item=wp-roi-calculation"), browser.path());
            assertEquals(List.of(), browser.consoleErrors());
            browser.screenshot("catalog");
        }
    }

    @Test
    void with_lang_de_the_page_and_the_reasons_are_german() throws Exception {
        try (Browser browser = Browser.open(base())) {
            browser.go("/console/catalog?lang=de&item=wp-roi-calculation");
            browser.login("Jonas", TestApp.API_KEY);
            browser.waitFor(By.cssSelector("table.cannot-fire tbody tr"));
            assertEquals("Katalog", browser.driver.findElement(By.cssSelector("main h1")).getText());
            String detail = browser.driver.findElement(By.cssSelector(".item-detail")).getText();
            assertTrue(detail.contains("Regeln, die für diesen Inhalt feuern können"), detail);
            assertTrue(detail.contains("die Regel verlangt"), "the reasons in German: " + detail);
            assertEquals(List.of(), browser.consoleErrors());
        }
    }
}
