package io.benchsuite.it.hardening;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A careless server on 127.0.0.1: answers every request with 401 and a body that echoes the request's
 * credentials (every header value), the way some real APIs do; remembers the header values it saw.
 */
final class EchoAuthServer implements AutoCloseable {

    final ConcurrentLinkedQueue<String> seenHeaderValues = new ConcurrentLinkedQueue<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "echo-auth-server");
        t.setDaemon(true);
        return t;
    });

    EchoAuthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(pool);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                StringBuilder echoed = new StringBuilder();
                ex.getRequestHeaders().forEach((name, values) -> {
                    seenHeaderValues.addAll(values);
                    echoed.append(name).append('=').append(String.join(",", values)).append("; ");
                });
                byte[] body = ("{\"error\": {\"type\": \"authentication_error\", \"message\": \"invalid credentials: "
                        + echoed.toString().replace("\"", "'") + "\"}}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(401, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<String> seen() {
        return List.copyOf(seenHeaderValues);
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
