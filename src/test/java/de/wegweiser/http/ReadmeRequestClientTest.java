package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import de.wegweiser.client.ApiClient;
import de.wegweiser.client.ApiException;
import de.wegweiser.client.api.OperationsApi;
import de.wegweiser.client.api.RecommendationsApi;
import de.wegweiser.client.model.ContactInput;
import de.wegweiser.client.model.Entry;
import de.wegweiser.client.model.Language;
import de.wegweiser.client.model.Reason;
import de.wegweiser.client.model.RecommendationRequest;
import de.wegweiser.client.model.Recommendations;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client that openapi-generator makes from the OpenAPI document at build time (Java, native
 * HttpClient; see the pom) sends the README's first request to the real service and reads the
 * answer into its own types: what a CMS team gets when it generates a client from the document.
 */
class ReadmeRequestClientTest {

    private static TestApp app;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
        client = new ApiClient().setHost("127.0.0.1").setPort(app.app().port()).setScheme("http");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The head of sales of the README's "Try it": consideration, price and efficiency, German, the ROI whitepaper read. */
    private static RecommendationRequest readmeRequest() {
        return new RecommendationRequest().limit(2).contact(new ContactInput().id("c-42").role("head-of-sales").phase("consideration")
                .concerns(List.of("price", "efficiency")).language(Language.DE).consumed(List.of("wp-roi-calculation")));
    }

    @Test
    void the_generated_client_gets_the_readme_recommendations_for_the_head_of_sales() throws Exception {
        Recommendations answer = new RecommendationsApi(client).recommend(readmeRequest(), null, null, "readme-1");

        assertEquals("c-42", answer.getContactId());
        assertEquals(new OperationsApi(client).getHealth(null).getRulesVersion(), answer.getRulesVersion());
        assertEquals(2, answer.getRecommendations().size(), "limit 2");
        for (Entry item : answer.getRecommendations()) {
            assertFalse(item.getId().equals("wp-roi-calculation"), "an item already read is never recommended again");
            assertEquals("de", item.getLanguage());
            BigDecimal points = item.getReasons().stream().map(Reason::getPoints).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, points.compareTo(item.getScore()), "the score is the sum of the reasons' points: " + item);
            assertTrue(item.getUrl().isAbsolute(), item.getUrl().toString());
        }
        assertEquals("st-lieferantenauswahl-de", answer.getRecommendations().get(0).getId(), "the README's first answer");
    }

    @Test
    void the_generated_client_reports_a_field_error_as_the_document_describes_it() {
        RecommendationRequest request = readmeRequest().limit(51);
        ApiException error = assertThrows(ApiException.class, () -> new RecommendationsApi(client).recommend(request, null, null, null));
        assertEquals(400, error.getCode());
        assertTrue(error.getResponseBody().contains("\"field\":\"limit\""), error.getResponseBody());
    }
}
