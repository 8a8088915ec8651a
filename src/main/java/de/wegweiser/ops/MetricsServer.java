package de.wegweiser.ops;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A second listener that serves only {@code GET /metrics}, without a token: for a Prometheus on
 * the internal network. The JDK's small HTTP server is enough for one scrape every few seconds.
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(Metrics metrics, String host, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                boolean get = exchange.getRequestMethod().equals("GET");
                boolean exact = exchange.getRequestURI().getPath().equals("/metrics");
                byte[] body = (get && exact ? metrics.scrape() : exact ? "only GET\n" : "no such route\n").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", get && exact ? Metrics.CONTENT_TYPE : "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(get && exact ? 200 : exact ? 405 : 404, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return new MetricsServer(server);
    }

    public int port() { return server.getAddress().getPort(); }

    @Override
    public void close() {
        server.stop(0);
    }
}
