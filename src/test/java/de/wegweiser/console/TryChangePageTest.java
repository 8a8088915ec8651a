package de.wegweiser.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** "Try a change" in a real browser: a broken rule shows its error at its line and cannot go live; a good one deploys. */
@Tag("slow")
class TryChangePageTest {

    @TempDir
    static Path dir;
    static TestApp app;
    static Path rules;

    /** A rule for IT contacts in awareness, with a reason a marketer would recognise in the playground. */
    static final String GOOD_RULE = """

            // IT wants to see the security checklist early.
            rule "IT early: the security checklist first"
                when
                    Contact( role == "it", phase == JourneyPhase.AWARENESS )
                    $item : ContentItem( format == "checklist", concerns contains "security" )
                then
                    recommend($item, 40, "IT checks security first", "Die IT prüft zuerst die Sicherheit");
            end
            """;

    @BeforeAll
    static void start() throws Exception {
        rules = TestApp.copyTree(TestApp.RULES, dir.resolve("rules"));
        Path catalog = TestApp.copyTree(TestApp.CATALOG, dir.resolve("catalog"));
        AppConfig config = TestApp.config(rules, catalog).withAdminToken(TestApp.ADMIN_TOKEN);
        app = TestApp.start(config);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    private static Browser openTry() {
        Browser browser = Browser.open("http://127.0.0.1:" + app.app().port());
        browser.go("/console/try?lang=en&root=rules&path=buying-center.drl");
        browser.login("Mara", TestApp.ADMIN_TOKEN);
        browser.waitFor(By.id("try-content"));
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d ->
                !d.findElement(By.id("try-content")).getAttribute("value").isEmpty());
        return browser;
    }

    /** Sets the editor's text as a paste would, and lets the page see the input. */
    private static void type(Browser browser, String text) {
        WebElement editor = browser.driver.findElement(By.id("try-content"));
        browser.driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", editor, text);
    }

    @Test
    void a_broken_rule_shows_its_error_at_its_line_and_cannot_be_deployed() throws Exception {
        String live = Files.readString(rules.resolve("buying-center.drl"));
        try (Browser browser = openTry()) {
            String broken = live + GOOD_RULE.replace("concerns contains \"security\" )", "concerns contains \"security\" ");
            type(browser, broken);
            browser.driver.findElement(By.id("try-check")).click();
            String verdict = browser.waitFor(By.id("try-verdict"), Duration.ofSeconds(120)).getText();
            assertTrue(verdict.contains("cannot go live"), verdict);
            long brokenLine = live.lines().count() + GOOD_RULE.lines().takeWhile(l -> !l.contains("concerns contains")).count() + 1;
            String problems = browser.driver.findElement(By.cssSelector("ul.problems")).getText();
            assertTrue(problems.contains("buying-center.drl:" + brokenLine) || problems.contains("buying-center.drl:" + (brokenLine + 1)),
                    "the problem is reported at the broken line " + brokenLine + ": " + problems);
            assertFalse(browser.driver.findElement(By.id("try-deploy")).isEnabled(), "a broken change cannot be deployed");
            assertEquals(live, Files.readString(rules.resolve("buying-center.drl")), "nothing was saved");
            browser.driver.findElement(By.cssSelector("ul.problems button.goto")).click();
            Object selected = browser.driver.executeScript(
                    "const e = document.getElementById('try-content'); return e.value.substring(0, e.selectionStart).split('\\n').length;");
            assertTrue(((Number) selected).longValue() >= brokenLine, "'Go to line' selects the reported line in the editor: " + selected);
            browser.driver.executeScript("document.getElementById('try-verdict').scrollIntoView({block: 'start'})");
            browser.screenshot("try-broken");
            assertEquals(java.util.List.of(), browser.consoleErrors());
        }
    }

    @Test
    void a_good_rule_is_checked_then_deployed_recorded_and_its_reason_shows_in_the_playground_and_the_answers() throws Exception {
        String live = Files.readString(rules.resolve("buying-center.drl"));
        String contact = "{\"id\": \"c-it\", \"role\": \"it\", \"phase\": \"awareness\", \"language\": \"en\", \"concerns\": [\"security\"]}";
        try (Browser browser = openTry()) {
            type(browser, live + GOOD_RULE);
            browser.driver.findElement(By.id("try-check")).click();
            String verdict = browser.waitFor(By.id("try-verdict"), Duration.ofSeconds(120)).getText();
            assertTrue(verdict.contains("passes every check"), verdict);
            assertTrue(browser.driver.findElement(By.cssSelector("table.diff")).getText().contains("it"), "the top-5 diff lists changed contacts");
            browser.driver.findElement(By.id("try-message")).sendKeys("IT sees the security checklist first");
            browser.driver.findElement(By.id("try-deploy")).click();
            String deployed = browser.waitFor(By.id("try-deployed"), Duration.ofSeconds(120)).getText();
            assertTrue(deployed.contains("Deployed by Mara"), deployed);
            assertTrue(browser.driver.findElement(By.id("try-history")).getText().contains("IT sees the security checklist first"));
            browser.screenshot("try");

            // the playground, in the same session, shows the new rule among the reasons
            browser.go("/console/playground?lang=en&p=" + java.net.URLEncoder.encode("role:it;phase:awareness;lang:en;concerns:security",
                    java.nio.charset.StandardCharsets.UTF_8));
            new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d ->
                    d.findElements(By.cssSelector("ul.reasons")).stream().anyMatch(e -> e.getText().contains("IT early: the security checklist first")));
            assertEquals(java.util.List.of(), browser.consoleErrors());
        }
        JsonNode answer = app.recommend(contact, 5);
        assertTrue(answer.toString().contains("IT early: the security checklist first"), answer.toString());
        JsonNode record = app.send(java.net.http.HttpRequest.newBuilder(app.uri("/api/v1/admin/deployments"))
                .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).build()).json().path("deployments").get(0);
        assertEquals("Mara", record.path("author").asText());
        assertEquals(live + GOOD_RULE, Files.readString(rules.resolve("buying-center.drl")));
    }
}
