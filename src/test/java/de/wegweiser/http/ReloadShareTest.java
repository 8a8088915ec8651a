package de.wegweiser.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reload's share of the CPU, on a real Jetty server: while a reload runs, requests are handled
 * one at a time (none is refused); without a reload, and for admin requests, they run side by side.
 */
class ReloadShareTest {

    private final AtomicBoolean reloading = new AtomicBoolean();
    private final AtomicInteger inside = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile CountDownLatch together = new CountDownLatch(0);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new ReloadShare(reloading::get, 1, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                together.countDown();
                together.await(200, TimeUnit.MILLISECONDS); // stays long enough to meet the others, if they may come in
                inside.decrementAndGet();
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        }));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void while_a_reload_runs_requests_are_handled_one_at_a_time_and_all_are_answered() throws Exception {
        reloading.set(true);
        together = new CountDownLatch(4);

        List<Integer> statuses = sendAtOnce(4, "/api/v1/recommendations");

        assertEquals(List.of(200, 200, 200, 200), statuses);
        assertEquals(1, mostAtOnce.get());
    }

    @Test
    void without_a_reload_requests_run_side_by_side() throws Exception {
        together = new CountDownLatch(4);

        List<Integer> statuses = sendAtOnce(4, "/api/v1/recommendations");

        assertEquals(List.of(200, 200, 200, 200), statuses);
        assertTrue(mostAtOnce.get() > 1, "at most " + mostAtOnce.get() + " at once");
    }

    @Test
    void admin_requests_neither_wait_nor_count_while_a_reload_runs() throws Exception {
        reloading.set(true);
        together = new CountDownLatch(3);

        List<Integer> statuses = sendAtOnce(3, "/api/v1/admin/status");

        assertEquals(List.of(200, 200, 200), statuses);
        assertTrue(mostAtOnce.get() > 1, "at most " + mostAtOnce.get() + " at once");
    }

    @Test
    void waiting_requests_go_ahead_together_as_soon_as_the_reload_is_done() throws Exception {
        reloading.set(true);
        together = new CountDownLatch(1);
        CountDownLatch held = new CountDownLatch(1);
        server.stop();
        server.setHandler(new ReloadShare(reloading::get, 1, new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
                if (request.getHttpURI().getPath().endsWith("/first")) held.await(10, TimeUnit.SECONDS);
                inside.decrementAndGet();
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        }));
        server.start();
        CompletableFuture<HttpResponse<Void>> first = send("/first");
        while (inside.get() == 0) Thread.onSpinWait();
        CompletableFuture<HttpResponse<Void>> second = send("/second");

        Thread.sleep(200);
        assertTrue(!second.isDone(), "the second request went ahead during the reload");
        reloading.set(false);

        assertEquals(200, second.get(10, TimeUnit.SECONDS).statusCode()); // while the first is still held
        held.countDown();
        assertEquals(200, first.get(10, TimeUnit.SECONDS).statusCode());
    }

    private List<Integer> sendAtOnce(int n, String path) throws Exception {
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) answers.add(send(path));
        List<Integer> statuses = new ArrayList<>();
        for (var answer : answers) statuses.add(answer.get(30, TimeUnit.SECONDS).statusCode());
        return statuses;
    }

    private CompletableFuture<HttpResponse<Void>> send(String path) {
        URI uri = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
        return client.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
