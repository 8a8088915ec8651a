package de.wegweiser.http;

import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors that Jetty finds before a request reaches the API (a URI or headers too
 * long, a broken request line, header or Content-Length, an unknown HTTP version) as RFC 9457
 * problem+json, like every other error of the API, instead of Jetty's HTML page. The detail is
 * this service's own sentence per status: Jetty's reason texts are not passed on.
 */
final class ProblemErrorHandler extends ErrorHandler {

    private static final String CONTENT_TYPE = Problem.CONTENT_TYPE + ";charset=utf-8";

    ProblemErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    /** Jetty writes error bodies only for GET, POST and HEAD; a PUT or DELETE deserves the explanation too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /**
     * Whatever the client accepts: the API speaks problem+json only. No instance: the request
     * Jetty could not parse has no path worth repeating. Jetty closes the connection after such a
     * request (a path with %00, say), so the answer says so: without {@code Connection: close} a
     * keep-alive client sends its next request into the closed connection and gets no answer.
     */
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        write(response, callback, code, detail(code), null);
    }

    /** A problem answer from the server's own request handling; the connection closes after it. */
    static void write(Response response, Callback callback, int status, String detail, String instance) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        respond(response, callback, status, detail, instance);
    }

    private static void respond(Response response, Callback callback, int status, String detail, String instance) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        byte[] body = Json.bytes(new Problem("about:blank", Problem.title(status), status, detail, instance, List.of()));
        response.write(true, ByteBuffer.wrap(body), callback); // Jetty leaves the body out after HEAD
    }

    /** What went wrong, in this service's words, for the statuses Jetty answers itself. */
    static String detail(int status) {
        return switch (status) {
            case 400 -> "the request is not valid HTTP/1.1: check the request line (method, a path whose % escapes are"
                    + " two hex digits, version), that every header line reads 'Name: value', and that Content-Length is a whole number";
            case 404 -> "nothing is found at this URI; see the API in docs/api.md";
            case 408 -> "the request did not arrive in time";
            case 413 -> "the request body exceeds %d bytes".formatted(HttpApi.MAX_BODY_BYTES);
            case 414 -> "the URI is too long: the request line and the headers may have at most %d bytes together"
                    .formatted(HttpApi.MAX_HEADER_BYTES);
            case 431 -> "the request headers are too large: the request line and the headers may have at most %d bytes together"
                    .formatted(HttpApi.MAX_HEADER_BYTES);
            case 505 -> "this server speaks HTTP/1.1 (and HTTP/1.0) only";
            case 500 -> "the request failed; the error is logged on the server";
            default -> "the request failed with status " + status;
        };
    }
}
