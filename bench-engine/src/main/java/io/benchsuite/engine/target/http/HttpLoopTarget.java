package io.benchsuite.engine.target.http;

import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.Exchange;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * An {@link EventLoopTarget} that sends HTTP/1.1 requests on event loops: one {@link EventLoop} thread per core
 * drives every worker's keep-alive connection over a non-blocking socket, as {@code wrk} does, instead of a blocked
 * thread per worker. What to send and what the answer means is the {@link HttpProtocol}'s; {@link HttpThreadTarget}
 * carries the same protocols on threads.
 *
 * <pre>{@code
 * EventLoopTarget target = new HttpLoopTarget("http://10.0.0.5:8000/v1/chat/completions", chat, 2);
 * }</pre>
 *
 * <p>Timing: a response (or a body chunk) is timed when the selector reported its bytes ready, not after the
 * responses that arrived together with it were parsed and recorded, so one busy loop does not make the later
 * ones look slower. Deadlines are enforced by the loop itself every {@value EventLoop#SWEEP_MILLIS} ms.
 * Retries: only a request on a stale keep-alive connection, once ({@link StaleConnectionRetry}).
 *
 * <p>{@code https://}: TLS through {@link javax.net.ssl.SSLEngine} on the same loop ({@link LoopTls}), with the
 * same certificate and host-name checks as the threaded client.
 */
public class HttpLoopTarget implements EventLoopTarget {

    private final HttpEndpoint endpoint;
    private final HttpProtocol protocol;
    private final EventLoop[] loops;
    /** The TLS context for {@code https://}, null for {@code http://}. */
    private final SSLContext tls;
    private final boolean verifyHost;
    private int loopsStarted;
    private int nextLoop;
    /** Connections of workers that stopped (after a warm-up, say), for the next workers. */
    private final ConcurrentLinkedQueue<LoopConnection> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Requests sent once more after a stale keep-alive connection ({@link StaleConnectionRetry}). */
    private final java.util.concurrent.atomic.LongAdder resent = new java.util.concurrent.atomic.LongAdder();
    private volatile boolean closed;
    private volatile InetSocketAddress resolved;

    /**
     * @param url      where the connections go: an {@code http://} or {@code https://} URL (JDK trust store and
     *                 host-name verification for https)
     * @param protocol the requests and what their answers mean; called on the loop threads, must not block
     * @param threads  the number of loop threads (started as workers need them), at least 1
     * @throws IllegalArgumentException when {@code url} is not a valid URL
     */
    public HttpLoopTarget(String url, HttpProtocol protocol, int threads) {
        this(HttpEndpoint.ofUrl(url), protocol, threads, false, null);
    }

    /**
     * @param insecure   {@code https://} only: accept any certificate and host name
     * @param sslContext {@code https://} only: the TLS context (null: the JDK's default trust store)
     */
    HttpLoopTarget(HttpEndpoint endpoint, HttpProtocol protocol, int threads, boolean insecure,
                   SSLContext sslContext) {
        this.endpoint = endpoint;
        this.protocol = protocol;
        this.loops = new EventLoop[Math.max(1, threads)];
        this.verifyHost = !insecure;
        this.tls = endpoint.secure() ? ConnectionPool.tlsContext(insecure, sslContext) : null;
    }

    /**
     * A client TLS engine for a new connection (host-name verification unless {@code insecure}, SNI for host
     * names, ALPN {@code http/1.1}), or null for {@code http://}.
     */
    SSLEngine newTlsEngine() {
        if (tls == null) {
            return null;
        }
        SSLEngine engine = tls.createSSLEngine(endpoint.host(), endpoint.port());
        engine.setUseClientMode(true);
        engine.setSSLParameters(ConnectionPool.clientParameters(engine.getSSLParameters(), endpoint, verifyHost));
        return engine;
    }

    @Override
    public final void start(Exchange exchange, Runnable done) {
        LoopConnection c = (LoopConnection) exchange.attachment();
        if (c == null) {
            c = idle.poll();
            if (c == null) {
                c = newConnection();
            }
            exchange.attach(c);
        }
        if (c.loop().dead()) {
            throw new IllegalStateException("the HTTP event loop has stopped (the target is closed or its selector "
                    + "failed)");
        }
        byte[] request = protocol.request(exchange);
        if (request == null) {
            c.loop().execute(done); // ended without a request: in the loop's next pass, never inside start()
            return;
        }
        if (c.loop().inLoop()) {
            c.send(exchange, done, request); // the usual case: the next request, right after a response
        } else {
            LoopConnection conn = c;
            c.loop().execute(() -> conn.send(exchange, done, request));
        }
    }

    private synchronized LoopConnection newConnection() {
        if (closed) {
            throw new IllegalStateException("target is closed");
        }
        int i = nextLoop++ % loops.length;
        if (loops[i] == null) {
            loops[i] = new EventLoop("bench-http-loop-" + i);
            loopsStarted++;
        }
        EventLoop loop = loops[i];
        LoopConnection c = new LoopConnection(loop, this, protocol);
        loop.execute(() -> loop.add(c));
        return c;
    }

    /**
     * Where to connect: the host name is resolved once, on the first connection that resolves it, and then
     * reused, so a slow resolver never stalls a loop (and with it every request on it) in the middle of a run.
     */
    InetSocketAddress address() {
        InetSocketAddress a = resolved;
        if (a == null) {
            a = new InetSocketAddress(endpoint.host(), endpoint.port());
            if (!a.isUnresolved()) {
                resolved = a;
            }
        }
        return a;
    }

    /** Where the connections go. */
    HttpEndpoint endpoint() {
        return endpoint;
    }

    /** A request is sent once more on a new connection ({@link StaleConnectionRetry}). Any loop thread. */
    void resent() {
        resent.increment();
    }

    /** The protocol's notes, and how many requests were re-sent on a new connection ({@link StaleConnectionRetry}). */
    @Override
    public java.util.List<String> notes() {
        return HttpThreadTarget.concat(protocol.notes(), StaleConnectionRetry.notes(resent.sum()));
    }

    /** A connection opened ({@code +1}) or closed ({@code -1}). Any loop thread. */
    void opened(int delta) {
        open.addAndGet(delta);
    }

    /** Connections currently open (idle or in use). */
    public int openConnections() {
        return open.get();
    }

    @Override
    public void workerStopped(Exchange exchange) {
        if (exchange.attachment() instanceof LoopConnection c) {
            exchange.attach(null);
            idle.offer(c);
        }
    }

    @Override
    public void abortInFlight() {
        for (EventLoop loop : startedLoops()) {
            loop.abortInFlight();
        }
    }

    private synchronized EventLoop[] startedLoops() {
        return java.util.Arrays.copyOf(loops, loopsStarted);
    }

    @Override
    public void close() {
        EventLoop[] started;
        synchronized (this) {
            closed = true;
            started = startedLoops();
        }
        for (EventLoop loop : started) {
            loop.close();
            Throwable bug = loop.firstUnexpected();
            if (bug != null) { // once per run, never per request: a bug of ours the loop survived
                System.err.println("warning: the HTTP event loop survived an unexpected error (please report it): "
                        + io.benchsuite.engine.ErrorClass.message(bug));
            }
        }
    }
}
