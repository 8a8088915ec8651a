package de.wegweiser.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The playground in a real headless Chromium: personas side by side, against the recommendations of the API. */
@Tag("slow")
class PlaygroundPageTest extends ConsolePage {

    private static final String HEAD_OF_SALES = "role:head-of-sales;phase:consideration;lang:de;concerns:price,efficiency;consumed:wp-roi-calculation";
    private static final String HEAD_OF_SALES_JSON = """
            {"id": "x", "role": "head-of-sales", "phase": "consideration", "language": "de",
             "concerns": ["price", "efficiency"], "consumed": ["wp-roi-calculation"]}""";
    private static final String IT = "role:it;phase:intent-to-purchase;lang:en;lifecycle:sql";
    private static final String IT_JSON = """
            {"id": "y", "role": "it", "phase": "intent-to-purchase", "language": "en", "lifecycle": "sql"}""";

    private static String view(String lang, String... personas) {
        StringBuilder path = new StringBuilder("/console/playground?lang=" + lang);
        for (String p : personas) path.append("&p=").append(URLEncoder.encode(p, StandardCharsets.UTF_8));
        return path.toString();
    }

    /** Opens the view, logs in (a fresh browser has no session) and waits for every persona's top list. */
    private static void open(Browser browser, String path, int personas) {
        browser.go(path);
        browser.login("Mara", TestApp.API_KEY);
        waitForPersonas(browser, personas);
    }

    private static void waitForPersonas(Browser browser, int personas) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> {
            var sections = d.findElements(By.cssSelector("section.persona"));
            if (sections.size() != personas) return false;
            for (WebElement section : sections) {
                if (section.findElements(By.cssSelector("ol.top > li.item")).isEmpty() || !section.findElements(By.cssSelector(".busy")).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
    }

    /** "id score" of each item in a persona's top list, in order. */
    private static List<String> shown(Browser browser, int persona) {
        List<String> entries = new ArrayList<>();
        for (WebElement li : browser.all(By.cssSelector("section.persona[data-persona='" + persona + "'] ol.top > li.item"))) {
            double score = Double.parseDouble(li.findElement(By.cssSelector(".score")).getAttribute("data-score"));
            entries.add(li.getAttribute("data-id") + " " + score);
        }
        return entries;
    }

    private static List<String> fromApi(String contactJson, int limit) throws Exception {
        List<String> entries = new ArrayList<>();
        for (JsonNode r : app.recommend(contactJson, limit).get("recommendations")) {
            entries.add(r.get("id").asText() + " " + r.get("score").asDouble());
        }
        return entries;
    }

    private static String decoded(String path) {
        return java.net.URLDecoder.decode(path, StandardCharsets.UTF_8);
    }

    @Test
    void the_playground_shows_the_same_top_5_as_the_api_for_the_same_persona() throws Exception {
        try (Browser browser = Browser.open(base())) {
            open(browser, view("en", HEAD_OF_SALES), 1);
            List<String> expected = fromApi(HEAD_OF_SALES_JSON, 5);
            assertEquals(5, expected.size());
            assertEquals(expected, shown(browser, 1), "ids, order and scores");
            String text = browser.driver.findElement(By.cssSelector("section.persona ol.top")).getText();
            assertTrue(text.contains("Head of sales: price and efficiency"), "each reason names its rule: " + text);
            assertTrue(text.contains("+20"), "and its points: " + text);
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void two_personas_side_by_side_each_show_their_own_top_5_with_dropped_items_and_those_below_the_cut() throws Exception {
        try (Browser browser = Browser.open(base())) {
            open(browser, view("en", HEAD_OF_SALES, IT), 2);
            assertEquals(fromApi(HEAD_OF_SALES_JSON, 5), shown(browser, 1));
            assertEquals(fromApi(IT_JSON, 5), shown(browser, 2));
            JsonNode explained = app.post("/api/v1/recommendations?explain=true",
                    "{\"contact\": %s, \"limit\": 5}".formatted(HEAD_OF_SALES_JSON)).json();
            var first = browser.driver.findElement(By.cssSelector("section.persona[data-persona='1']"));
            first.findElement(By.cssSelector("details.dropped summary")).click();
            first.findElement(By.cssSelector("details.below summary")).click();
            String dropped = first.findElement(By.cssSelector("ul.excluded")).getText();
            assertTrue(dropped.contains("Never offer consumed content again"), dropped);
            List<String> below = first.findElements(By.cssSelector("ol.missed > li.item")).stream().map(li -> li.getAttribute("data-id")).toList();
            List<String> belowApi = new ArrayList<>();
            explained.get("missedTheCut").forEach(m -> belowApi.add(m.get("id").asText()));
            assertEquals(belowApi, below);
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void clicking_an_item_explains_it_with_the_rules_that_did_not_fire_and_why() throws Exception {
        try (Browser browser = Browser.open(base())) {
            open(browser, view("en", HEAD_OF_SALES), 1);
            WebElement item = browser.all(By.cssSelector("section.persona ol.top > li.item")).get(0);
            String id = item.getAttribute("data-id");
            item.findElement(By.cssSelector("button.link")).click();
            browser.waitFor(By.cssSelector("table.not-fired tbody tr"));
            JsonNode api = app.post("/api/v1/explain", "{\"contact\": %s, \"itemId\": \"%s\", \"whyNot\": true}"
                    .formatted(HEAD_OF_SALES_JSON, id)).json();
            JsonNode notFired = api.get("notFired").get(0);
            String table = browser.driver.findElement(By.cssSelector("table.not-fired")).getText();
            assertTrue(table.contains(notFired.get("rule").asText()), table);
            assertTrue(table.contains(notFired.get("why").get("en").asText()), "the reason in words, in the console's language: " + table);
            assertTrue(browser.driver.findElement(By.cssSelector(".explanation")).getText().contains("recommended"));
            assertTrue(decoded(browser.path()).contains("why=1~" + id), browser.path());
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void the_address_of_a_buying_center_view_reproduces_it_in_a_fresh_session() throws Exception {
        String path;
        List<List<String>> first = new ArrayList<>();
        String explanation;
        try (Browser browser = Browser.open(base())) {
            open(browser, view("en", HEAD_OF_SALES), 1);
            browser.driver.findElement(By.id("pg-buying-center")).click();
            waitForPersonas(browser, 4);
            for (int p = 1; p <= 4; p++) first.add(shown(browser, p));
            String roles = browser.driver.findElement(By.cssSelector(".personas")).getText();
            assertTrue(roles.contains("Persona 4"), roles);
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1500));
            browser.screenshot("playground"); // the buying center at one glance, for the README
            browser.all(By.cssSelector("section.persona[data-persona='3'] ol.top > li.item button.link")).get(1).click();
            browser.waitFor(By.cssSelector("table.not-fired tbody tr"));
            explanation = browser.driver.findElement(By.cssSelector(".explanation h2")).getText();
            assertEquals(List.of(), browser.consoleErrors());
            browser.screenshot("playground-explanation");
            path = browser.path();
        }
        assertTrue(decoded(path).contains("why=3~"), path);
        try (Browser fresh = Browser.open(base())) {
            open(fresh, path, 4);
            for (int p = 1; p <= 4; p++) assertEquals(first.get(p - 1), shown(fresh, p), "persona " + p);
            fresh.waitFor(By.cssSelector("table.not-fired tbody tr"));
            assertEquals(explanation, fresh.driver.findElement(By.cssSelector(".explanation h2")).getText());
            assertEquals("managing-director", new org.openqa.selenium.support.ui.Select(fresh.driver.findElement(By.id("pg-1-role")))
                    .getFirstSelectedOption().getAttribute("value"));
            assertEquals(List.of(), fresh.consoleErrors());
        }
    }

    @Test
    void with_lang_de_the_page_speaks_german() throws Exception {
        try (Browser browser = Browser.open(base())) {
            open(browser, view("de", HEAD_OF_SALES), 1);
            assertEquals("Ausprobieren", browser.driver.findElement(By.cssSelector("main h1")).getText());
            String persona = browser.driver.findElement(By.cssSelector("section.persona")).getText();
            assertTrue(persona.contains("Die ersten 5"), persona);
            assertTrue(persona.contains("Rolle") && persona.contains("Vertriebsleitung"), "labels and taxonomy in German: " + persona);
            assertTrue(persona.contains("Die Vertriebsleitung achtet auf Preis und Effizienz"), "reasons in the persona's language: " + persona);
            assertFalse(persona.contains("Top 5"), persona);
            assertEquals(List.of(), browser.consoleErrors());
        }
    }

    @Test
    void changing_a_field_asks_again_for_that_persona_and_writes_it_into_the_address() throws Exception {
        try (Browser browser = Browser.open(base())) {
            open(browser, view("en", HEAD_OF_SALES), 1);
            List<String> before = shown(browser, 1);
            new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("pg-1-role"))).selectByValue("finance");
            String finance = HEAD_OF_SALES_JSON.replace("head-of-sales", "finance");
            List<String> expected = fromApi(finance, 5);
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> shown(browser, 1).equals(expected));
            assertFalse(expected.equals(before), "the role changes the list");
            assertTrue(decoded(browser.path()).contains("role:finance;phase:consideration"), browser.path());
            assertEquals(List.of(), browser.consoleErrors());
        }
    }
}
