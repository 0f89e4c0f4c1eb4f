package io.benchsuite.it.hardening;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A plain HTTP server on 127.0.0.1 that answers every request after a fixed delay, counting arrivals. */
final class LoopbackServer implements AutoCloseable {

    final AtomicLong arrivals = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });

    LoopbackServer(long delayMillis) throws IOException {
        this(null);
        server.createContext("/", ex -> handle(ex, delayMillis));
    }

    /** A server whose every request {@code handler} answers (on a thread of its own); null: none yet. */
    LoopbackServer(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(pool);
        if (handler != null) {
            server.createContext("/", handler);
        }
        server.start();
    }

    private void handle(HttpExchange ex, long delayMillis) throws IOException {
        arrivals.incrementAndGet();
        try (ex) {
            ex.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
