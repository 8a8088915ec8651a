package de.wegweiser.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Stands between Jetty and the API and lets a request through only once its whole body has
 * arrived. The API reads bodies with blocking I/O: a client that sent the headers and then one
 * byte every few seconds used to hold a server thread for as long as it liked, and 250 of them
 * held them all. Here the body is read without a thread (Jetty calls back when bytes arrive), up
 * to {@link HttpApi#MAX_BODY_BYTES}, within a deadline that asks for a minimum data rate:
 * {@link #BODY_GRACE} plus one second per {@link #MIN_BODY_RATE} bytes. A slow client costs a
 * connection and its bytes so far, never a thread.
 *
 * <p>Also removes the method-override headers: Javalin routes a request by
 * {@code X-HTTP-Method-Override} when it is present, so a GET that a proxy, a cache or a link
 * prefetcher thinks is harmless could erase a contact.
 */
final class RequestBodyGate extends Handler.Wrapper {

    /** Time every body gets before the rate counts: connection set-up, a slow first packet. */
    static final Duration BODY_GRACE = Duration.ofSeconds(5);
    /** Bytes per second a body must arrive at, on average, after the grace time. */
    static final long MIN_BODY_RATE = 50_000;

    /**
     * A body over the limit but at most this many times its size is read and thrown away before
     * the 413 goes out: a client still sending when the server closes the connection gets a reset
     * instead of the answer. Larger claims are answered at once and the connection is dropped.
     */
    static final int DRAIN_FACTOR = 8;

    /** Headers that would change the method a request is routed by; the method is the request line's. */
    private static final List<String> METHOD_OVERRIDE_HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    private final long maxBodyBytes;

    RequestBodyGate(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** How long a body of this many bytes may take; a body of unknown length is given the maximum's time. */
    static Duration deadline(long length, long maxBodyBytes) {
        long bytes = length < 0 ? maxBodyBytes : length;
        return BODY_GRACE.plusMillis(bytes * 1000 / MIN_BODY_RATE);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) return false;
        HttpFields headers = withoutMethodOverride(request.getHeaders());
        long length = request.getLength();
        boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (length > maxBodyBytes * DRAIN_FACTOR) { // refuse before a single body byte is read
            tooLarge(request, response, callback);
            return true;
        }
        if (length <= 0 && !chunked) return next.handle(new GatedRequest(request, headers, null), response, callback);
        new BodyReader(next, request, headers, response, callback, length).run();
        return true;
    }

    private static void tooLarge(Request request, Response response, Callback callback) {
        ProblemErrorHandler.write(response, callback, 413, ProblemErrorHandler.detail(413), request.getHttpURI().getPath());
    }

    private static HttpFields withoutMethodOverride(HttpFields headers) {
        if (METHOD_OVERRIDE_HEADERS.stream().noneMatch(headers::contains)) return headers;
        HttpFields.Mutable copy = HttpFields.build(headers);
        METHOD_OVERRIDE_HEADERS.forEach(copy::remove);
        return copy.asImmutable();
    }

    /**
     * Reads one body into memory, called back by Jetty whenever bytes arrive, and hands the
     * request on when the last byte is in, or answers 413 when the body turned out too large (after
     * reading the rest, up to {@link #DRAIN_FACTOR} times the limit). Either the reader or the
     * deadline answers, never both.
     */
    private final class BodyReader implements Runnable {

        private final Handler next;
        private final Request request;
        private final HttpFields headers;
        private final Response response;
        private final Callback callback;
        private final long length;
        private final AtomicBoolean settled = new AtomicBoolean();
        private byte[] body; // null once the body is known to be too large: the rest is only counted
        private long size;
        private final long started = System.nanoTime();
        private volatile Scheduler.Task deadline; // set when the reader first has to wait: most bodies are there at once

        BodyReader(Handler next, Request request, HttpFields headers, Response response, Callback callback, long length) {
            this.next = next;
            this.request = request;
            this.headers = headers;
            this.response = response;
            this.callback = callback;
            this.length = length;
            this.body = length > maxBodyBytes ? null : new byte[(int) Math.max(0, Math.min(length, 16 * 1024))]; // grows as bytes arrive, not as claimed
        }

        /** Reads what has arrived; asks Jetty to call again when there is more, with the deadline running from the start. */
        @Override
        public void run() {
            while (!settled.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    if (deadline == null) {
                        Duration allowed = deadline(length, maxBodyBytes);
                        long left = Math.max(0, allowed.toNanos() - (System.nanoTime() - started));
                        deadline = request.getComponents().getScheduler().schedule(() -> tooSlow(allowed), left, TimeUnit.NANOSECONDS);
                    }
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) { // the client went away or broke the framing
                    if (settle()) Response.writeError(request, response, callback, chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                append(chunk);
                chunk.release();
                if (last || size > maxBodyBytes * DRAIN_FACTOR) {
                    if (settle()) {
                        if (body == null) tooLarge(request, response, callback);
                        else pass();
                    }
                    return;
                }
            }
        }

        private void append(Content.Chunk chunk) {
            int n = chunk.remaining();
            if (body != null && size + n > maxBodyBytes) body = null;
            if (body != null) { // else the bytes are only counted and released
                if (size + n > body.length) body = java.util.Arrays.copyOf(body, (int) Math.max(size + n, body.length * 2L));
                chunk.get(body, (int) size, n);
            }
            size += n;
        }

        private boolean settle() {
            if (!settled.compareAndSet(false, true)) return false;
            Scheduler.Task task = deadline;
            if (task != null) task.cancel();
            return true;
        }

        private void tooSlow(Duration allowed) {
            if (!settled.compareAndSet(false, true)) return;
            if (body == null) {
                tooLarge(request, response, callback);
                return;
            }
            String detail = "the request body did not arrive within %d seconds; a body must arrive within %d seconds plus one second per %d bytes"
                    .formatted(allowed.toSeconds(), BODY_GRACE.toSeconds(), MIN_BODY_RATE);
            ProblemErrorHandler.write(response, callback, 408, detail, request.getHttpURI().getPath());
        }

        private void pass() {
            Request whole = new GatedRequest(request, headers, ByteBuffer.wrap(body, 0, (int) size));
            try {
                if (!next.handle(whole, response, callback)) Response.writeError(request, response, callback, 404);
            } catch (Throwable failure) {
                Response.writeError(request, response, callback, failure);
            }
        }
    }

    /** The request as the API sees it: without method overrides and, once read, with its body from memory. */
    private static final class GatedRequest extends Request.Wrapper {

        private final HttpFields headers;
        private ByteBuffer body;

        /** @param body the whole body, or null to read it from the connection as usual */
        GatedRequest(Request request, HttpFields headers, ByteBuffer body) {
            super(request);
            this.headers = headers;
            this.body = body;
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }

        @Override
        public Content.Chunk read() {
            if (body == null) return super.read();
            ByteBuffer rest = body;
            body = ByteBuffer.allocate(0);
            return rest.hasRemaining() ? Content.Chunk.from(rest, true) : Content.Chunk.EOF;
        }

        @Override
        public void demand(Runnable demandCallback) {
            if (body == null) super.demand(demandCallback);
            else demandCallback.run(); // the whole body is in memory: always readable
        }
    }
}
