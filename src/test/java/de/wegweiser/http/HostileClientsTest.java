package de.wegweiser.http;

import static de.wegweiser.http.ProblemAssert.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import de.wegweiser.TestApp;
import de.wegweiser.TestApp.Response;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The server under clients that do not play fair: trickling bodies, lying lengths, method overrides, broken HTTP. */
@Tag("slow") // slow and stalled clients, waits on purpose
class HostileClientsTest {

    private static final String RECOMMEND = "{\"contact\": {\"id\": \"c-1\", \"role\": \"it\", \"phase\": \"awareness\"}, \"limit\": 1}";

    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    private static String post(String path, String contentLength, String body) {
        return "POST %s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s"
                .formatted(path, contentLength, body);
    }

    // ---------------------------------------------------------------- slow clients

    @Test
    void three_hundred_clients_trickling_a_body_hold_no_thread_so_others_are_answered_within_a_second_and_they_get_408()
            throws Exception {
        List<Socket> slow = new ArrayList<>();
        long start = System.nanoTime();
        try {
            // 300 clients announce 100 KB and send one byte now and one after 5 s: before, each held a thread, and 250 held them all
            for (int i = 0; i < 300; i++) {
                Socket socket = RawHttp.connect(app.app().port(), 1_000);
                RawHttp.send(socket, post("/api/v1/recommendations", "100000", "{"));
                slow.add(socket);
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            boolean secondByteSent = false;
            int answered = 0;
            // counted from when all 300 are connected: on a loaded machine opening them takes seconds of its own
            long opened = System.nanoTime();
            while (seconds(opened) < 6) {
                if (!secondByteSent && seconds(opened) >= 5) {
                    for (Socket socket : slow) RawHttp.send(socket, " ");
                    secondByteSent = true;
                }
                long asked = System.nanoTime();
                var health = client.send(HttpRequest.newBuilder(app.uri("/api/v1/health")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.ofString());
                var recommendation = client.send(HttpRequest.newBuilder(app.uri("/api/v1/recommendations")).timeout(Duration.ofSeconds(1))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(RECOMMEND)).build(),
                        HttpResponse.BodyHandlers.ofString());
                TestApp.checkContract(health);
                TestApp.checkContract(recommendation);
                assertEquals(200, health.statusCode(), health.body());
                assertEquals(200, recommendation.statusCode(), recommendation.body());
                assertTrue(seconds(asked) < 2, "two requests took " + seconds(asked) + " s");
                answered++;
                Thread.sleep(200);
            }
            assertTrue(answered >= 5, "only " + answered + " rounds answered in 6 s");

            // 100 KB may take 5 s + 100000 / 50000 s = 7 s; then each slow client is answered 408 and its connection closed
            // (waited for up to 15 s: on a loaded machine the 300 connections take a while to set up)
            for (Socket socket : slow) {
                socket.setSoTimeout((int) Math.max(100, 15_000 - millis(start)));
                RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
                JsonNode problem = problem(answer, 408);
                assertTrue(problem.path("detail").asText().contains("5 seconds plus one second per 50000 bytes"), answer.body());
                assertEquals("close", answer.header("Connection"));
            }
        } finally {
            for (Socket socket : slow) socket.close();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }

    @Test
    void a_content_length_of_two_gigabytes_is_answered_413_at_once_without_waiting_for_the_body() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = RawHttp.connect(app.app().port(), 2_000)) { // before, the server waited for the 2 GB
            RawHttp.send(socket, post("/api/v1/recommendations", "2147483648", ""));
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            JsonNode problem = problem(answer, 413);
            assertTrue(problem.path("detail").asText().contains("exceeds 1000000 bytes"), answer.body());
            assertEquals("close", answer.header("Connection"));
        }
        assertTrue(seconds(start) < 2, "took " + seconds(start) + " s");
    }

    @Test
    void a_body_sent_in_chunks_without_content_length_is_read_whole_and_over_one_megabyte_it_is_413() throws Exception {
        HttpRequest.Builder chunked = HttpRequest.newBuilder(app.uri("/api/v1/recommendations")).header("Content-Type", "application/json");
        Response small = app.send(chunked.copy().POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(RECOMMEND.getBytes(StandardCharsets.UTF_8)))).build());
        assertEquals(200, small.status(), small.text());

        byte[] large = ("{\"contact\": {\"id\": \"" + "x".repeat(1_100_000) + "\"}}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = RawHttp.connect(app.app().port(), 5_000)) {
            RawHttp.send(socket, "POST /api/v1/recommendations HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n");
            for (int at = 0; at < large.length; at += 64 * 1024) {
                int n = Math.min(64 * 1024, large.length - at);
                socket.getOutputStream().write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().write(large, at, n);
                socket.getOutputStream().write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            socket.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            problem(RawHttp.read(socket.getInputStream()), 413);
        }
    }

    // ---------------------------------------------------------------- method override

    @Test
    void a_get_with_x_http_method_override_delete_reads_the_contact_and_erases_nothing() throws Exception {
        String id = "c-" + UUID.randomUUID();
        assertEquals(201, app.contacts("PUT", "/api/v1/contacts/" + id, "{\"role\": \"it\"}").status());
        for (String header : List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override")) {
            Response overridden = app.send(HttpRequest.newBuilder(app.uri("/api/v1/contacts/" + id))
                    .header(TestApp.API_KEY_HEADER, TestApp.API_KEY).header(header, "DELETE").GET().build());
            assertEquals(200, overridden.status(), header + ": " + overridden.text());
            assertEquals(id, overridden.json().path("id").asText(), overridden.text());
        }
        assertEquals(200, app.contacts("GET", "/api/v1/contacts/" + id, null).status(), "the contact is still there");
    }

    // ---------------------------------------------------------------- errors Jetty answers itself

    static Stream<Arguments> broken_requests() {
        String a = "a".repeat(10_000);
        return Stream.of(
                Arguments.of("URI too long", "GET /api/v1/catalog?format=" + a + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414),
                Arguments.of("headers too large", "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + a + "\r\n\r\n", 431),
                Arguments.of("bad path escape", "GET /api/v1/%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
                Arguments.of("space in a header name", "GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nBad Header: y\r\n\r\n", 400),
                Arguments.of("Content-Length not a number", post("/api/v1/recommendations", "abc", ""), 400),
                Arguments.of("a header line without a colon", "PUT /api/v1/contacts/c-1 HTTP/1.1\r\nHost: localhost\r\nnonsense\r\n\r\n", 400),
                Arguments.of("unknown HTTP version", "GET /api/v1/health HTTP/9.9\r\nHost: localhost\r\n\r\n", 505),
                Arguments.of("OPTIONS for the whole server", "OPTIONS * HTTP/1.1\r\nHost: localhost\r\n\r\n", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken_requests")
    void errors_the_web_server_answers_itself_are_problem_json_in_words(String what, String request, int status) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(app.app().port(), request);
        JsonNode problem = problem(answer, status);
        assertTrue(problem.path("detail").asText().length() > 20, what + ": " + answer.body());
    }
}
