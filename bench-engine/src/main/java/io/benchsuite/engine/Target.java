package io.benchsuite.engine;

/**
 * One kind of request the engine can send: an HTTP system API, an LLM provider, or a Java method.
 *
 * <p>The engine calls {@link #execute(Exchange)} from many worker threads at once (one platform or virtual thread per
 * worker), so implementations must be thread-safe. Each worker passes the same {@link Exchange} instance for
 * all of its requests, reset before each call, so a target can record its outcome without allocating.
 *
 * <pre>{@code
 * Target ping = exchange -> {
 *     int status = client.post(exchange.record());
 *     if (status / 100 == 2) exchange.success(status);
 *     else exchange.failure(ErrorClass.http(status), status, null);
 * };
 * }</pre>
 *
 * <p>Rules:
 * <ul>
 *   <li>Latency is measured by the engine with {@link System#nanoTime()} around {@code execute}. A target
 *       whose request ends before {@code execute} returns (an LLM stream's last output chunk) sets
 *       {@link Exchange#endNanos(long)}.</li>
 *   <li>A request that neither calls {@code success} nor {@code failure} counts as a success; an exception
 *       thrown from {@code execute} counts as a failure of class {@code exception} (or of the class the
 *       exception maps to, see {@link Exchange#failure(Throwable)}).</li>
 *   <li>Request failures are outcomes, not errors: never log per request.</li>
 * </ul>
 */
@FunctionalInterface
public interface Target extends AutoCloseable {

    /** Sends one request and records its outcome on {@code exchange}. */
    void execute(Exchange exchange) throws Exception;

    /**
     * Called once on a worker's own thread when that worker stops (the run or its warm-up ended), with the
     * exchange it used, so the target can give back what it {@linkplain Exchange#attach(Object) attached} to the
     * worker (a connection back to its pool, say). Runs after the worker's last request; must not throw.
     */
    default void workerStopped(Exchange exchange) {
    }

    /**
     * Called when the run must stop at once (a second Ctrl-C, or requests still running well past their
     * timeout), after the workers were interrupted: make the requests in flight return now, e.g. by closing
     * their sockets. A worker on a platform thread does not notice an interrupt while it is blocked in socket
     * I/O, so a target whose requests block there should implement this. May be called more than once, from any
     * thread; must not throw.
     */
    default void abortInFlight() {
    }

    /**
     * What the user must know about how this run's requests were sent, one sentence each (e.g. that a
     * {@code json_path} matched nothing in some records, so they were sent whole); stored as the result's
     * {@code notes}. Called once after the last request; must not throw. Counts include a warm-up's requests.
     */
    default java.util.List<String> notes() {
        return java.util.List.of();
    }

    /**
     * The prices of this target's tokens (the config's {@code pricing}), or null: the result's {@code cost_usd} of each
     * bucket and of the run are computed from them and the tokens counted. Called once, after the last request.
     */
    default io.benchsuite.result.Prices prices() {
        return null;
    }

    /**
     * The server's own metrics (e.g. vLLM's {@code /metrics}, see {@code server_metrics_url}) as scraped last, if that
     * scrape was taken at or after {@code fromNanos} ({@link System#nanoTime()}: the start of the timeline's second),
     * by the names docs/metrics.md lists; rates only over an interval that began at or after {@code loadStartNanos}
     * (not the warm-up's). Null when there is no such scrape or this target scrapes none. Called by the engine once a
     * second for the timeline, off the request path; must not block or throw.
     */
    default java.util.Map<String, Double> serverMetrics(long fromNanos, long loadStartNanos) {
        return null;
    }

    /**
     * Whether the work of a request runs in this process (a Java method under test) rather than on a server: the
     * generator's CPU use then includes the work measured, and the validity verdict does not hold it against the
     * run (it still reports it).
     */
    default boolean runsInProcess() {
        return false;
    }

    /** Releases connections and threads. Called once, after the last request finished. */
    @Override
    default void close() throws Exception {
    }
}
