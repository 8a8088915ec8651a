package de.wegweiser.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first step of a graceful stop. While draining, the service still answers everything, but
 * readiness says 503 and every answer closes its connection: clients reconnect, and by the time
 * the listener stops accepting, no client sends on a kept-alive connection that is about to close.
 */
public final class Drain extends Handler.Wrapper {

    private volatile boolean draining;

    public void begin() { draining = true; }

    public boolean draining() { return draining; }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (draining) response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        return super.handle(request, response, callback);
    }
}
