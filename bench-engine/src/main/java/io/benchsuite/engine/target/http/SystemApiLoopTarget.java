package io.benchsuite.engine.target.http;

import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.Exchange;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The {@code system_api} target on event loops ({@code worker_threads: event_loop}, and {@code auto} for an
 * {@code http://} endpoint): the same requests, outcomes and retry policy as {@link SystemApiTarget}, but sent by
 * one {@link EventLoop} thread per core over non-blocking sockets instead of a blocked thread per worker, as
 * {@code wrk} does. Each worker keeps one {@link LoopConnection} (attached to its {@link Exchange}); the loops
 * take the workers' connections round-robin.
 *
 * <p>Why (docs/performance.md): against a server that answers in microseconds, a thread per worker costs a
 * context switch per request, which held us at 0.6–0.7× {@code wrk}'s requests per second; a loop answers a
 * response with the next request on the same thread. Latency is timed on the loop thread, from just before the
 * request is written to just after the response is parsed, so it is as accurate as {@code wrk}'s.
 *
 * <p>Not for https (TLS over a non-blocking socket is not implemented): {@link SystemApiTargetFactory} uses the
 * threaded target there.
 */
final class SystemApiLoopTarget implements EventLoopTarget, SystemApiTransport {

    private final SystemApi api;
    private final HttpEndpoint endpoint;
    private final EventLoop[] loops;
    private int loopsStarted;
    private int nextLoop;
    /** Connections of workers that stopped (after a warm-up, say), for the next workers. */
    private final ConcurrentLinkedQueue<LoopConnection> idle = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param threads the number of event-loop threads (started as workers need them), at least 1
     * @see SystemApi#SystemApi for the other parameters
     */
    SystemApiLoopTarget(HttpEndpoint endpoint, String authToken, String jsonPath, Map<String, String> headers,
                        Consumer<String> warnings, Set<String> secretHeaders, int threads) {
        if (endpoint.secure()) {
            throw new IllegalArgumentException("the event-loop transport is for http:// endpoints only");
        }
        this.api = new SystemApi(endpoint, authToken, jsonPath, headers, warnings, secretHeaders);
        this.endpoint = endpoint;
        this.loops = new EventLoop[Math.max(1, threads)];
    }

    @Override
    public void start(Exchange exchange, Runnable done) {
        byte[] request = api.request(exchange);
        LoopConnection c = (LoopConnection) exchange.attachment();
        if (c == null) {
            c = idle.poll();
            if (c == null) {
                c = newConnection();
            }
            exchange.attach(c);
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
        LoopConnection c = new LoopConnection(loop, this);
        loop.execute(() -> loop.add(c));
        return c;
    }

    /** Where to connect (resolved for each new connection, as the blocking transport does). */
    InetSocketAddress address() {
        return new InetSocketAddress(endpoint.host(), endpoint.port());
    }

    /** Records the outcome of a complete response. */
    void outcome(Exchange exchange, ResponseParser response) {
        api.outcome(exchange, response);
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
    public int openConnections() {
        return open.get();
    }

    /** A connection opened ({@code +1}) or closed ({@code -1}). Any loop thread. */
    void opened(int delta) {
        open.addAndGet(delta);
    }

    @Override
    public long jsonPathFallbacks() {
        return api.jsonPathFallbacks();
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
        }
    }
}
