package de.wegweiser.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The floor of the HTTP benchmark ({@code bench/http-load.sh}): a bare Jetty server, the same
 * version the service runs on, that reads each request's body and answers with fixed bytes (a
 * real answer of the service, captured before). What a request costs here is what Jetty and the
 * loopback sockets cost with no routing, no JSON, no engine and no logging: the part of the
 * service's CPU per request that no change inside the service can remove.
 *
 * <pre>java -cp target/test-classes:target/wegweiser.jar de.wegweiser.bench.HttpFloor 7172 answer.json</pre>
 */
public final class HttpFloor {

    private HttpFloor() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] answer = Files.readAllBytes(Path.of(args[1]));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.consumeAll(request, Callback.from(() -> {
                    response.getHeaders().put("Content-Type", "application/json");
                    response.write(true, ByteBuffer.wrap(answer), callback);
                }, callback::failed));
                return true;
            }
        });
        server.start();
        System.out.println("HTTP floor listening on 127.0.0.1:" + port);
        server.join();
    }
}
