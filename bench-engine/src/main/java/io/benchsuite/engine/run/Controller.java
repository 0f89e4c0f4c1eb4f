package io.benchsuite.engine.run;

/**
 * The run's timeline, kept on the thread that called {@link LoadEngine#run}: starts the load, lets the
 * {@link Driver} act at the instants it asks for, and stops the load at the planned end, when a worker reached
 * the request cap, or when the run is aborted. Every instant it takes is by the run's {@link Clock}.
 */
final class Controller {

    private final Clock clock;
    private final RunControl control;
    private final Thread thread = Thread.currentThread();
    private long startNanos;
    /** {@link System#nanoTime()} at the start, for the requests' start offsets (requests are timed by it). */
    private long requestEpochNanos;
    private long plannedNanos = -1;
    private volatile boolean stopping;
    private volatile long stopNanos = -1;

    /** To be created on the thread that will run the load. */
    Controller(Clock clock, RunControl control) {
        this.clock = clock;
        this.control = control;
    }

    Clock clock() {
        return clock;
    }

    /** The run starts now. */
    void start() {
        startNanos = clock.nanoTime();
        requestEpochNanos = System.nanoTime();
    }

    /** The clock's reading at the start. */
    long startNanos() {
        return startNanos;
    }

    /** {@link System#nanoTime()} at the start. */
    long requestEpochNanos() {
        return requestEpochNanos;
    }

    /** Nanoseconds since the start, by the clock. */
    long elapsedNanos() {
        return clock.nanoTime() - startNanos;
    }

    /**
     * Runs {@code driver} from the start until the planned end, a stop or an abort; returns on the controller
     * thread with the load still running (call {@link #stop()}).
     */
    void run(Driver driver) {
        plannedNanos = driver.plannedNanos();
        if (control.aborted()) {
            return; // stopped before it started (during the warm-up, say): no request may start after the stop
        }
        long next = driver.advance(0);
        while (true) {
            long now = elapsedNanos();
            if (stopping || control.aborted() || now >= plannedNanos) {
                return;
            }
            if (now >= next) {
                next = driver.advance(now);
                continue;
            }
            clock.parkUntil(startNanos + Math.min(next, plannedNanos));
        }
    }

    /** Whether the load stopped: no request starts any more. Read by every worker before each request. */
    boolean stopping() {
        return stopping;
    }

    /** Stops the load: from now on no request starts. Any thread. */
    void stop() {
        stopping = true;
        if (stopNanos < 0) {
            stopNanos = elapsedNanos();
        }
    }

    /** A worker saw the request cap: stops the load and wakes the controller. */
    void stopFromWorker() {
        if (!stopping) {
            stop();
            wake();
        }
    }

    /** Wakes the controller thread from its wait (for the next instant, or for the workers to end). */
    void wake() {
        clock.wake(thread);
    }

    /**
     * The end of the load window in nanoseconds after the start: the instant no new request could start (not
     * the planned end: a run stops a little after it, and requests started in that time count too).
     */
    long loadEndNanos() {
        return stopNanos >= 0 ? stopNanos : plannedNanos;
    }
}
