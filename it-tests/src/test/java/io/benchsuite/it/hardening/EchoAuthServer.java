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

    /** How the body echoes the header values. */
    enum Echo {
        /** In a JSON error message, double quotes replaced by single ones. */
        QUOTES_REPLACED,
        /** In a JSON error message, JSON-escaped ({@code "} as {@code \"}). */
        JSON_ESCAPED,
        /**
         * The {@code Authorization} value alone, placed so that it starts 40 bytes before the end of the 512-byte
         * error sample (the sample is cut inside it), followed by more text.
         */
        AT_SAMPLE_BOUNDARY
    }

    final ConcurrentLinkedQueue<String> seenHeaderValues = new ConcurrentLinkedQueue<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "echo-auth-server");
        t.setDaemon(true);
        return t;
    });

    EchoAuthServer() throws IOException {
        this(Echo.QUOTES_REPLACED);
    }

    EchoAuthServer(Echo echo) throws IOException {
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
                String text = switch (echo) {
                    case QUOTES_REPLACED -> "{\"error\": {\"type\": \"authentication_error\", \"message\": "
                            + "\"invalid credentials: " + echoed.toString().replace("\"", "'") + "\"}}";
                    case JSON_ESCAPED -> "{\"error\": {\"type\": \"authentication_error\", \"message\": "
                            + "\"invalid credentials: " + echoed.toString().replace("\\", "\\\\").replace("\"", "\\\"")
                            + "\"}}";
                    case AT_SAMPLE_BOUNDARY -> "invalid credentials ".repeat(24).substring(0, 512 - 40)
                            + ex.getRequestHeaders().getFirst("Authorization") + " was refused; " + "x".repeat(600);
                };
                byte[] body = text.getBytes(StandardCharsets.UTF_8);
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
