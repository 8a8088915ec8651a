package de.wegweiser.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * A graceful stop in two steps. {@link #begin()}: the service still answers everything, but
 * readiness says 503 and every answer closes its connection, so clients reconnect and a balancer
 * moves them elsewhere. Then Jetty's stop ({@link #shutdown()}): the listener stops accepting and
 * the stop waits, up to the server's stop timeout, until no request is in flight.
 *
 * <p>Unlike Jetty's GracefulHandler, a request that arrives on an open connection after the stop
 * began is served, not refused with 503: the client sent it to a connection the service had
 * accepted, so it gets its answer.
 */
public final class Drain extends Handler.Wrapper implements Graceful {

    /** Idle kept-alive connections are closed this soon once the stop began (GracefulHandler's choice too). */
    private static final long IDLE_CLOSE_MILLIS = 1000;

    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean draining;
    private volatile CompletableFuture<Void> stopped;

    public void begin() { draining = true; }

    public boolean draining() { return draining; }

    /** Requests received and not yet answered. */
    public long inFlight() { return inFlight.get(); }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (draining) response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        inFlight.incrementAndGet();
        Callback counted = new Callback() {
            @Override
            public void succeeded() {
                try {
                    callback.succeeded();
                } finally {
                    done();
                }
            }

            @Override
            public void failed(Throwable failure) {
                try {
                    callback.failed(failure);
                } finally {
                    done();
                }
            }

            @Override
            public InvocationType getInvocationType() { return callback.getInvocationType(); }
        };
        boolean handled;
        try {
            handled = super.handle(request, response, counted);
        } catch (Throwable e) {
            done();
            throw e;
        }
        if (!handled) done();
        return handled;
    }

    private void done() {
        CompletableFuture<Void> waiting = stopped;
        if (inFlight.decrementAndGet() == 0 && waiting != null) waiting.complete(null);
    }

    /** Called by Jetty's stop: completes once no request is in flight. */
    @Override
    public CompletableFuture<Void> shutdown() {
        draining = true;
        if (getServer() != null) {
            for (Connector connector : getServer().getConnectors()) {
                if (connector instanceof AbstractConnector c) c.setShutdownIdleTimeout(IDLE_CLOSE_MILLIS);
            }
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        stopped = future;
        if (inFlight.get() == 0) future.complete(null);
        return future;
    }

    @Override
    public boolean isShutdown() { return stopped != null; }
}
