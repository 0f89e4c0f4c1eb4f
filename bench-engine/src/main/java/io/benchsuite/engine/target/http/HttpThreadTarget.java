package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.io.IOException;
import javax.net.ssl.SSLContext;

/**
 * A {@link Target} that sends HTTP/1.1 requests on the engine's worker threads ({@code worker_threads: platform} or
 * {@code virtual}): each worker keeps its own keep-alive connection and blocks in its socket until the response is
 * complete. What to send and what the answer means is the {@link HttpProtocol}'s; {@link HttpLoopTarget} carries
 * the same protocols on event loops.
 *
 * <pre>{@code
 * Target target = new HttpThreadTarget("https://api.example.com/v1/orders", orders);   // orders: an HttpProtocol
 * }</pre>
 *
 * <p>Implementation notes: per request, one socket write of the protocol's request bytes and reads into the
 * connection's reused 16 KB buffer, parsed as they arrive ({@link ResponseParser}); a 2xx body goes to the
 * protocol's body reader with the moment each read returned. Nothing shared between workers on that path; the
 * connections are opened and tracked by {@link ConnectionPool}, whose deadline watch closes the socket of a
 * request past its deadline (no socket timeouts, see {@link HttpConnection}). Retries: only a request on a stale
 * keep-alive connection, once ({@link StaleConnectionRetry}).
 */
public class HttpThreadTarget implements Target {

    private final HttpEndpoint endpoint;
    private final HttpProtocol protocol;
    private final ConnectionPool pool;
    /** Requests sent once more after a stale keep-alive connection ({@link StaleConnectionRetry}). */
    private final java.util.concurrent.atomic.LongAdder resent = new java.util.concurrent.atomic.LongAdder();

    /**
     * @param url      where the connections go: an {@code http://} or {@code https://} URL (JDK trust store and
     *                 host-name verification for https)
     * @param protocol the requests and what their answers mean
     * @throws IllegalArgumentException when {@code url} is not a valid URL
     */
    public HttpThreadTarget(String url, HttpProtocol protocol) {
        this(HttpEndpoint.ofUrl(url), protocol, false, null);
    }

    /**
     * @param insecure   {@code https://} only: accept any certificate and host name
     * @param sslContext {@code https://} only: the TLS context (null: the JDK's default trust store)
     */
    HttpThreadTarget(HttpEndpoint endpoint, HttpProtocol protocol, boolean insecure, SSLContext sslContext) {
        this.endpoint = endpoint;
        this.protocol = protocol;
        this.pool = new ConnectionPool(endpoint, protocol, insecure, sslContext);
    }

    @Override
    public final void execute(Exchange exchange) {
        byte[] request = protocol.request(exchange);
        if (request == null) {
            return; // the protocol recorded why
        }
        long deadline = exchange.deadlineNanos();
        HttpConnection c = (HttpConnection) exchange.attachment();
        exchange.attach(null);
        try {
            if (c == null) {
                c = pool.acquire(deadline);
            }
            try {
                c.exchange(request, exchange, deadline);
            } catch (IOException e) {
                if (!StaleConnectionRetry.applies(c.reused(), c.responseBytes(), e)) {
                    throw e;
                }
                pool.discard(c);
                c = null;
                resent.increment();
                c = pool.connect(deadline);
                c.exchange(request, exchange, deadline);
            }
        } catch (IOException | RuntimeException e) {
            HttpProtocol.BodyReader reader = c == null ? null : c.reader();
            boolean bodyStarted = c != null && c.bodyStarted();
            if (c != null) {
                pool.discard(c);
            }
            // a run stopped at once: the engine says interrupted
            TransportFailure.record(protocol, endpoint, exchange, reader, e, bodyStarted);
            return;
        }
        try {
            protocol.outcome(exchange, c.reader(), c.response());
        } finally {
            if (pool.keep(c)) {
                exchange.attach(c); // this worker's connection for its next request
            }
        }
    }

    /** The protocol's notes, and how many requests were re-sent on a new connection ({@link StaleConnectionRetry}). */
    @Override
    public java.util.List<String> notes() {
        return concat(protocol.notes(), StaleConnectionRetry.notes(resent.sum()));
    }

    static java.util.List<String> concat(java.util.List<String> a, java.util.List<String> b) {
        if (b.isEmpty()) {
            return a;
        }
        java.util.List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void abortInFlight() {
        pool.abortInFlight();
    }

    @Override
    public void workerStopped(Exchange exchange) {
        if (exchange.attachment() instanceof HttpConnection c) {
            exchange.attach(null);
            pool.release(c);
        }
    }

    /** Connections currently open (idle or in use). */
    public int openConnections() {
        return pool.openConnections();
    }

    @Override
    public void close() {
        pool.close();
    }
}
