package de.wegweiser.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.wegweiser.TestApp;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console's login, session cookie and CSRF protection, over plain HTTP. */
class ConsoleSessionTest extends ConsolePage {

    /** No redirects followed: the tests look at each answer. */
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();


    record Login(String cookie, String csrf) {}

    static HttpResponse<String> login(String name, String token, String next) throws Exception {
        String form = "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(app.uri("/console/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Login session(String token) throws Exception {
        HttpResponse<String> response = login("Mara", token, null);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        var session = HTTP.send(HttpRequest.newBuilder(app.uri("/console/session")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Login(cookie, TestApp.JSON.readTree(session.body()).get("csrf").asText());
    }

    @Test
    void the_session_cookie_is_http_only_same_site_strict_and_expires() throws Exception {
        HttpResponse<String> response = login("Mara", TestApp.ADMIN_TOKEN, "/console/journey?role=it");
        assertEquals(303, response.statusCode());
        assertEquals("/console/journey?role=it", response.headers().firstValue("Location").orElseThrow());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("wegweiser_session="), cookie);
        assertTrue(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Max-Age=43200"), cookie);
    }

    @Test
    void a_wrong_token_opens_no_session_and_says_so_on_the_login_page() throws Exception {
        HttpResponse<String> response = login("Mara", "wrong-token-0123456789", "/console/status");
        assertEquals(303, response.statusCode());
        assertTrue(response.headers().firstValue("Location").orElseThrow().startsWith("/console/login?error=token"));
        assertTrue(response.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void the_login_sends_back_only_to_a_console_page_never_to_another_site() throws Exception {
        for (String next : new String[] {"https://evil.example/", "//evil.example/x", "/console/\\evil", "/api/v1/admin/status"}) {
            HttpResponse<String> response = login("Mara", TestApp.API_KEY, next);
            assertEquals("/console/playground", response.headers().firstValue("Location").orElseThrow(), next);
        }
    }

    @Test
    void a_page_without_a_session_redirects_to_the_login_with_the_page_to_come_back_to() throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(app.uri("/console/journey?role=it")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, response.statusCode());
        assertEquals("/console/login?next=%2Fconsole%2Fjourney%3Frole%3Dit", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void pages_forbid_inline_scripts_and_framing() throws Exception {
        Login admin = session(TestApp.ADMIN_TOKEN);
        var response = HTTP.send(HttpRequest.newBuilder(app.uri("/console/status")).header("Cookie", admin.cookie()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        String policy = response.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertFalse(response.body().contains("<script>"), "no inline script in the page shell");
    }

    @Test
    void a_write_through_a_session_needs_the_csrf_token() throws Exception {
        Login admin = session(TestApp.ADMIN_TOKEN);
        var withoutToken = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/reload")).header("Cookie", admin.cookie())
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(403, withoutToken.status());
        assertTrue(withoutToken.json().get("detail").asText().contains("X-CSRF-Token"));
        var withToken = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/reload")).header("Cookie", admin.cookie())
                .header("X-CSRF-Token", admin.csrf()).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, withToken.status(), withToken.text());
    }

    @Test
    void a_marketer_session_reads_contacts_and_insights_but_not_the_admin_api() throws Exception {
        Login marketer = session(TestApp.API_KEY);
        var status = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/status")).header("Cookie", marketer.cookie()).build());
        assertEquals(403, status.status());
        assertTrue(status.json().get("detail").asText().contains("marketer"));
        var journey = app.send(HttpRequest.newBuilder(app.uri("/api/v1/insights/journey")).header("Cookie", marketer.cookie()).build());
        assertEquals(200, journey.status(), journey.text());
        var contact = app.send(HttpRequest.newBuilder(app.uri("/api/v1/contacts/nobody")).header("Cookie", marketer.cookie()).build());
        assertEquals(404, contact.status());
    }

    @Test
    void the_live_scenarios_route_runs_every_scenario_and_needs_admin_rights() throws Exception {
        var answer = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/scenarios"))
                .header("Authorization", "Bearer " + TestApp.ADMIN_TOKEN).build());
        assertEquals(200, answer.status(), answer.text());
        var json = answer.json();
        assertTrue(json.get("passed").asInt() > 0, json.toString());
        assertEquals(0, json.get("failed").asInt(), json.toString());
        assertEquals(json.get("passed").asInt(), json.get("scenarios").size());
        Login marketer = session(TestApp.API_KEY);
        var refused = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/scenarios")).header("Cookie", marketer.cookie()).build());
        assertEquals(403, refused.status());
    }

    @Test
    void without_a_session_no_personal_data_is_reachable() throws Exception {
        var contact = app.send(HttpRequest.newBuilder(app.uri("/api/v1/contacts/nobody")).header("Cookie", "wegweiser_session=made-up").build());
        assertEquals(401, contact.status());
        var accounts = app.send(HttpRequest.newBuilder(app.uri("/api/v1/accounts")).build());
        assertEquals(401, accounts.status());
    }

    @Test
    void logout_ends_the_session_on_the_server_and_clears_the_cookie() throws Exception {
        Login admin = session(TestApp.ADMIN_TOKEN);
        var refused = HTTP.send(HttpRequest.newBuilder(app.uri("/console/logout")).header("Cookie", admin.cookie())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("csrf=wrong")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode(), "a logout needs the session's token, so another site cannot log a user out");
        var response = HTTP.send(HttpRequest.newBuilder(app.uri("/console/logout")).header("Cookie", admin.cookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + admin.csrf())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, response.statusCode());
        assertTrue(response.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        var after = app.send(HttpRequest.newBuilder(app.uri("/api/v1/admin/status")).header("Cookie", admin.cookie()).build());
        assertEquals(401, after.status());
    }
}
