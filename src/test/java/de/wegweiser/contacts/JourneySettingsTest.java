package de.wegweiser.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Marketers tune the journey in rules/journey/settings.drl; the service follows. */
class JourneySettingsTest {

    @TempDir
    Path temp;

    @Test
    void changed_settings_change_the_pause_and_the_mql_threshold() throws Exception {
        Path rules = TestApp.copyTree(TestApp.RULES, temp.resolve("rules"));
        Path settings = rules.resolve("journey/settings.drl");
        String tuned = Files.readString(settings)
                .replace("impressionsBeforePause : int = 3", "impressionsBeforePause : int = 2")
                .replace("pauseDays : int = 30", "pauseDays : int = 7")
                .replace("mqlScore : int = 40", "mqlScore : int = 20");
        Files.writeString(settings, tuned);

        try (TestApp app = TestApp.start(rules, TestApp.CATALOG)) {
            app.contacts("PUT", "/api/v1/contacts/tuned", EventJson.profile("it", "en"));
            String item = EventJson.catalog(app, "format=blog-post").get(0).get("id").asText();
            Instant at = TestApp.CLOCK.instant().minusSeconds(3600);
            JsonNode receipt = app.contacts("POST", "/api/v1/contacts/tuned/events", EventJson.batch(List.of(
                    EventJson.node("i-1", "recommendation-impression", at.toString(), item),
                    EventJson.node("i-2", "recommendation-impression", at.toString(), item),
                    EventJson.node("f-1", "form-submit", at.toString(), null),
                    EventJson.node("p-1", "pricing-view", at.toString(), null)))).json();
            assertEquals("mql", receipt.get("lifecycle").asText(), "20 points are enough now: " + receipt);
            JsonNode pause = app.contacts("GET", "/api/v1/contacts/tuned", null).json().get("paused").get(0);
            assertEquals(item, pause.get("itemId").asText());
            assertEquals(at.plusSeconds(7L * 24 * 3600).toString(), pause.get("until").asText());
            assertTrue(pause.get("reason").asText().contains("2 times"), pause.toString());
        }
    }
}
