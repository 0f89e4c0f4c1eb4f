package io.benchsuite.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo orders API on loopback, for {@code bench demo} and tests: {@code POST /api/orders} answers {@code 200}
 * with {@code {"status":"accepted"}} after a log-normal delay (median {@link #MEDIAN_MILLIS} ms unless another is
 * given, sigma {@link #SIGMA}), any other path {@code 404}. Each request is served on a virtual thread of its own, so
 * any number
 * of concurrent requests is served at once, and the server accepts connections as soon as {@link #start} returns.
 *
 * <p>With {@linkplain #start(int, int, long) service slots} it is a server of limited capacity instead, for
 * {@code bench sweep}: each request takes a fixed service time on one of {@code slots} slots, waiting first in
 * first out for a free one, so at most {@code slots / service time} requests per second are served (4 slots of 20 ms:
 * 200 req/s), and under the closed model the latency of {@code w} workers is the service time x {@code w / slots}.
 *
 * <pre>{@code
 * try (DemoApiServer api = DemoApiServer.start(0)) {
 *     String url = api.baseUrl() + "/api/orders";
 *     ...
 * }
 * }</pre>
 */
public final class DemoApiServer implements AutoCloseable {

    /** Median of the response delay, in milliseconds. */
    public static final double MEDIAN_MILLIS = 20;
    /** Sigma of the log-normal delay: 90 % of requests take between 13 and 30 ms. */
    public static final double SIGMA = 0.25;
    /** The path of the orders endpoint. */
    public static final String ORDERS_PATH = "/api/orders";

    private static final byte[] ACCEPTED = "{\"status\":\"accepted\"}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final double medianMillis;
    /** The service slots, null for unlimited concurrency (the log-normal delay). */
    private final java.util.concurrent.Semaphore slots;
    private final long serviceNanos;

    private DemoApiServer(int port, double medianMillis, int slots, long serviceMillis) throws IOException {
        if (!(medianMillis > 0 && medianMillis <= 60_000)) {
            throw new IllegalArgumentException("median delay " + medianMillis + " ms must be > 0 and at most 60000");
        }
        this.medianMillis = medianMillis;
        this.slots = slots > 0 ? new java.util.concurrent.Semaphore(slots, true) : null;
        this.serviceNanos = TimeUnit.MILLISECONDS.toNanos(serviceMillis);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (!ORDERS_PATH.equals(exchange.getRequestURI().getPath())
                        || !"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                requests.incrementAndGet();
                if (this.slots != null) {
                    serveOnASlot();
                } else {
                    sleep(delayNanos());
                }
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, ACCEPTED.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(ACCEPTED);
                }
            }
        });
        server.start();
    }

    /**
     * Starts the server on {@code 127.0.0.1:port} ({@code 0}: a free port); it accepts connections when this returns.
     *
     * @throws IOException when the port cannot be bound (in use, say)
     */
    public static DemoApiServer start(int port) throws IOException {
        return new DemoApiServer(port, MEDIAN_MILLIS, 0, 0);
    }

    /**
     * Starts a server of limited capacity: {@code slots} service slots of {@code serviceMillis} each, requests waiting
     * first in first out for a free slot.
     *
     * @throws IOException when the port cannot be bound
     */
    public static DemoApiServer start(int port, int slots, long serviceMillis) throws IOException {
        if (slots < 1 || serviceMillis < 1) {
            throw new IllegalArgumentException("slots and service time must be positive");
        }
        return new DemoApiServer(port, MEDIAN_MILLIS, slots, serviceMillis);
    }

    private void serveOnASlot() {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            sleep(serviceNanos);
        } finally {
            slots.release();
        }
    }

    /**
     * Starts the server with a median delay of {@code medianMillis} (the same spread): a slower or faster version of
     * the demo API, e.g. for measuring whether a comparison detects the change.
     *
     * @throws IOException when the port cannot be bound (in use, say)
     */
    public static DemoApiServer start(int port, double medianMillis) throws IOException {
        return new DemoApiServer(port, medianMillis, 0, 0);
    }

    /** The median of the response delay, in milliseconds. */
    public double medianMillis() {
        return medianMillis;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Orders requests served so far. */
    public long requests() {
        return requests.get();
    }

    /** A log-normal delay: {@code median * exp(sigma * z)}, {@code z} standard normal. */
    long delayNanos() {
        double z = ThreadLocalRandom.current().nextGaussian();
        return (long) (medianMillis * 1e6 * Math.exp(SIGMA * z));
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
