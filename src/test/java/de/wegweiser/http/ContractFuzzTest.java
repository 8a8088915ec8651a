package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.ContractFuzz;
import de.wegweiser.TestApp;
import de.wegweiser.config.AppConfig;
import de.wegweiser.storage.TestStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Requests made from the OpenAPI document, valid and broken: no answer breaks the document, none is a 5xx. */
class ContractFuzzTest {

    @Tag("slow") // fuzz: thousands of generated requests
    @Test
    void no_request_made_from_the_document_gets_a_server_error_or_an_answer_the_document_does_not_list() throws Exception {
        AppConfig config = new AppConfig(0, "127.0.0.1", TestApp.RULES, TestApp.CATALOG, TestApp.ADMIN_TOKEN, false,
                TestStorage.fresh(TestStorage.Backend.H2), List.of(TestApp.API_KEY), true);
        try (TestApp app = TestApp.start(config)) {
            var fuzz = new ContractFuzz(app.uri("/"), Map.of(TestApp.API_KEY_HEADER, TestApp.API_KEY,
                    "Authorization", "Bearer " + TestApp.ADMIN_TOKEN), 13);
            List<String> failures = fuzz.run(20);
            assertTrue(fuzz.sent() > 1000, "only " + fuzz.sent() + " requests");
            assertEquals(List.of(), failures.stream().distinct().limit(10).toList(), failures.size() + " of " + fuzz.sent() + " answers failed");
        }
    }
}
