package io.benchsuite.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * One daemon thread that calls a sweep with {@link System#nanoTime()} every few milliseconds, from the first
 * {@link #start()} until {@link #close()}: how a target enforces request deadlines without a timed read per
 * request. The sweep ends whatever is past its deadline (closes the socket, cancels the call), so the worker's
 * blocked read fails at once; a request that times out ends between its deadline and one interval after it.
 *
 * <p>Why not a socket or client timeout per request: on a virtual thread a read with {@code SO_TIMEOUT} is a
 * timed park (a timer queued and cancelled per read), which cost about a quarter of the throughput against a
 * fast server; OkHttp's {@code Call.timeout()} is okio's process-wide deadline list under one lock, which took
 * 6-10 % of the CPU at 1,000 LLM streams (docs/performance.md).
 *
 * <pre>{@code
 * DeadlineWatch watch = new DeadlineWatch("my-target-deadlines", 5, now -> inFlight.forEach(r -> r.expireIfPast(now)));
 * watch.start();   // with the first request; cheap afterwards
 * ...
 * watch.close();   // with the target
 * }</pre>
 */
public final class DeadlineWatch implements AutoCloseable {

    private final String threadName;
    private final long intervalNanos;
    private final LongConsumer sweep;
    private volatile boolean closed;
    private volatile Thread thread;

    /**
     * @param threadName     the watch thread's name
     * @param intervalMillis how often the sweep runs (&gt; 0)
     * @param sweep          receives {@link System#nanoTime()}; must be quick and not throw
     */
    public DeadlineWatch(String threadName, long intervalMillis, LongConsumer sweep) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("intervalMillis must be > 0, got " + intervalMillis);
        }
        this.threadName = threadName;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.sweep = sweep;
    }

    /** Starts the thread unless it runs already or the watch is closed. */
    public void start() {
        if (thread == null) {
            startThread();
        }
    }

    private synchronized void startThread() {
        if (thread == null && !closed) {
            thread = Thread.ofPlatform().daemon().name(threadName).start(this::run);
        }
    }

    /** True while the thread runs. */
    public boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(intervalNanos);
            if (closed) {
                return;
            }
            try {
                sweep.accept(System.nanoTime());
            } catch (RuntimeException ignored) {
                // a sweep must not throw; if one does, the next interval tries again
            }
        }
    }

    /** Stops the thread (waits up to a second for it). */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
