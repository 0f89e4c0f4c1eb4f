package io.benchsuite.engine.target.http;

import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.Exchange;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * An {@link EventLoopTarget} that sends HTTP/1.1 requests on event loops: one
 * {@link EventLoop} thread per core drives every worker's keep-alive connection over a non-blocking socket, as
 * {@code wrk} does, instead of a blocked thread per worker. The {@code system_api} target is one
 * ({@code SystemApiLoopTarget}); the LLM targets of {@code bench-llm} use it to read server-sent events.
 *
 * <p>A subclass says what to send ({@link #request}), how to read a 2xx body if it must ({@link #newBodyReader}),
 * and what a response or a failure means ({@link #outcome}, {@link #failed}). Everything it is called with
 * runs on a loop thread, never concurrently for one connection; it must not block.
 *
 * <p>Timing: a response (or a body chunk) is timed when the selector reported its bytes ready, not after the
 * responses that arrived together with it were parsed and recorded, so one busy loop does not make the later
 * ones look slower. Deadlines are enforced by the loop itself every {@value EventLoop#SWEEP_MILLIS} ms.
 * Retries: only a request on a stale keep-alive connection, once ({@link StaleConnectionRetry}).
 *
 * <p>{@code https://}: TLS through {@link javax.net.ssl.SSLEngine} on the same loop ({@link LoopTls}), with the
 * same certificate and host-name checks as the threaded client; {@code auto} still runs {@code https://} on
 * threads, {@code worker_threads: event_loop} puts it on the loop.
 */
public abstract class HttpLoopTarget implements EventLoopTarget {

    /** Reads the body of a 2xx response as it arrives; one per connection, reused for its requests. */
    public interface BodyReader {
        /** A 2xx response to {@code exchange} began; its body follows. */
        void begin(Exchange exchange, int status);

        /** The next body bytes (de-chunked), which arrived at {@code arrivalNanos} ({@link System#nanoTime()}). */
        void bytes(byte[] buf, int off, int len, long arrivalNanos);
    }

    /** A complete response, as {@link #outcome} sees it. */
    public interface Response {
        /** The final status code (1xx skipped). */
        int status();

        /** The {@code Retry-After} header of a non-2xx response, or null. */
        String retryAfter();

        /** The first 512 bytes of a non-2xx body (lossy UTF-8), empty when there were none. May hold secrets. */
        String sample();

        /** True when the body went on after {@link #sample()}: it may end in the first part of a secret. */
        boolean sampleCut();
    }

    private final HttpEndpoint endpoint;
    private final RequestTemplate template;
    private final EventLoop[] loops;
    /** The TLS context for {@code https://}, null for {@code http://}. */
    private final SSLContext tls;
    private final boolean verifyHost;
    private int loopsStarted;
    private int nextLoop;
    /** Connections of workers that stopped (after a warm-up, say), for the next workers. */
    private final ConcurrentLinkedQueue<LoopConnection> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;
    private volatile InetSocketAddress resolved;

    /**
     * @param url     where every request goes: an {@code http://} or {@code https://} URL (its path and query are the
     *                request target)
     * @param headers headers of every request besides {@code Host}, {@code User-Agent}, {@code Accept: *}{@code /*},
     *                {@code Content-Type: application/json} and {@code Content-Length} (same name: replaces the
     *                default)
     * @param threads the number of loop threads (started as workers need them), at least 1
     * @throws IllegalArgumentException when {@code url} is not a valid URL or a header is invalid
     */
    protected HttpLoopTarget(String url, Map<String, String> headers, int threads) {
        this(HttpEndpoint.parse(url), headers, threads);
    }

    private HttpLoopTarget(HttpEndpoint endpoint, Map<String, String> headers, int threads) {
        this(endpoint, RequestTemplate.of("POST", endpoint, null, headers), threads, false, null);
    }

    /**
     * @param template   the POST every request is built from (see {@link #post(byte[])})
     * @param insecure   {@code https://} only: accept any certificate and host name
     * @param sslContext {@code https://} only: the TLS context (null: the JDK's default trust store)
     */
    HttpLoopTarget(HttpEndpoint endpoint, RequestTemplate template, int threads, boolean insecure,
                   SSLContext sslContext) {
        this.endpoint = endpoint;
        this.template = template;
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

    /** The complete POST of {@code body} to this target's URL, with its headers. */
    protected final byte[] post(byte[] body) {
        return template.encode(body);
    }

    /**
     * The complete request to send for {@code exchange} (see {@link #post(byte[])}), or null when the request
     * failed before anything was sent (the subclass recorded why on the exchange).
     */
    protected abstract byte[] request(Exchange exchange);

    /** A reader for the 2xx bodies of one connection, or null to discard them (the default). */
    protected BodyReader newBodyReader() {
        return null;
    }

    /**
     * Records the outcome of a complete response on {@code exchange}. The end of the request is the moment the
     * last bytes were ready unless this sets {@link Exchange#endNanos(long)} (e.g. to the last token's arrival).
     */
    protected abstract void outcome(Exchange exchange, BodyReader reader, Response response);

    /**
     * Records a request that failed without a complete response: {@code error} says why ({@link
     * java.net.SocketTimeoutException} past the deadline); {@code bodyStarted} when a 2xx body had begun.
     */
    protected void failed(Exchange exchange, BodyReader reader, Throwable error, boolean bodyStarted) {
        exchange.failure(error);
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
        byte[] request = request(exchange);
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
        LoopConnection c = new LoopConnection(loop, this, newBodyReader());
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
