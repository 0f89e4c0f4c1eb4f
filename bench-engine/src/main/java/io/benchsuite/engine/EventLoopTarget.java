package io.benchsuite.engine;

import java.util.concurrent.CountDownLatch;

/**
 * A {@link Target} that runs its requests on its own event-loop threads: the engine gives it no thread per
 * worker, it {@linkplain #start starts} each worker's request and is told when it is done. This is how
 * {@code worker_threads: event_loop} works (the default for a {@code system_api} target over {@code http://}):
 * a few threads drive every connection, like {@code wrk}, instead of one blocked thread per worker.
 *
 * <p>The contract, besides {@link Target}'s:
 * <ul>
 *   <li>{@link #start} must not block; it may be called from any thread (the engine's controller starts each new
 *       worker's first request) and, from the call on, the exchange belongs to the target.</li>
 *   <li>The target calls {@code done.run()} exactly once per {@code start}, after it recorded the outcome on the
 *       exchange (success, failure, timeout at {@link Exchange#deadlineNanos()}); from then on the exchange belongs
 *       to the engine again. The engine records the request inside {@code done.run()} and usually starts that
 *       worker's next request from it, on the target's own thread, so a response can be followed by the next
 *       request without a thread switch.</li>
 *   <li>{@link #abortInFlight()} must make every request in flight call its {@code done} soon (as a failure).</li>
 * </ul>
 */
public interface EventLoopTarget extends Target {

    /** Starts the request {@code exchange} describes; calls {@code done} once it ended. Never blocks. */
    void start(Exchange exchange, Runnable done);

    /** Sends one request and waits for it: for callers outside the engine (a single probe, a test). */
    @Override
    default void execute(Exchange exchange) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        start(exchange, ended::countDown);
        ended.await();
    }
}
