package de.wegweiser.http;

import de.wegweiser.OpenApiContract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that {@code java.net.http.HttpClient} refuses to
 * send: broken request lines, headers and escapes, lengths that lie, bodies that trickle.
 */
final class RawHttp {

    private RawHttp() {}

    /** One answer as it came over the wire. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Socket connect(int port, int timeoutMillis) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        return socket;
    }

    /**
     * Sends the text as it is (ISO-8859-1, so every char is one byte) and reads one answer, which
     * must be one the OpenAPI document lists for the request line, if it is one.
     */
    static Answer exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port, 5_000)) {
            send(socket, request);
            Answer answer = read(socket.getInputStream());
            checkContract(request, answer);
            return answer;
        }
    }

    private static void checkContract(String request, Answer answer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        answer.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        String[] line = request.split("\r\n", 2)[0].split(" ");
        URI target = null;
        if (line.length == 3 && line[1].startsWith("/") && line[2].startsWith("HTTP/1.")) {
            try {
                target = new URI(line[1]);
            } catch (URISyntaxException e) {
                // not a URI: Jetty refuses it before any route
            }
        }
        if (target == null) OpenApiContract.get().checkUnparsed(answer.status(), headers, answer.body());
        else OpenApiContract.get().check(line[0], target, answer.status(), headers, answer.body());
    }

    static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Reads the status line, the headers and a body of Content-Length bytes, or up to the end of the stream. */
    static Answer read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String length = headers.get("content-length");
        byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) throw new IOException("the connection closed before the end of the headers: " + head);
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
