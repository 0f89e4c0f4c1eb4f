package io.benchsuite.engine.run;

import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.EventLoopTarget;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.dataset.Dataset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed-loop workers of one run and what they share: the request sequence and its cap, the levels, the
 * log, the error samples. Each {@link Worker} sends one request at a time until the load stops. Two models: a
 * thread per worker ({@link ThreadWorkers}) or callbacks on the target's event loop ({@link LoopWorkers}); they
 * differ in how a worker runs and how requests in flight are stopped at once, and drain alike.
 *
 * <p>The drain, after the load stopped: the requests in flight get the timeout plus one second to end; then
 * (or at a second abort) they are {@linkplain #stopAtOnce stopped at once} and waited for two more seconds.
 * Any that never end count as {@code timeout} failures of their bucket (the result calls them abandoned).
 */
abstract sealed class Workers permits ThreadWorkers, LoopWorkers, OpenWorkers {

    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long AFTER_STOP_NANOS = TimeUnit.SECONDS.toNanos(2);

    // what every worker reads on its per-request path (fields, so no call is dispatched)
    final Controller controller;
    final Levels levels;
    final Target target;
    final Dataset dataset;
    final long timeoutNanos;
    /** {@code total_requests} (this shard's share of it), 0 for none. */
    final long cap;
    final AtomicLong seq = new AtomicLong();
    final RequestLogWriter log;
    final ErrorSampler sampler;
    /** The open model: requests are dispatched at their intended starts, and service time is recorded too. */
    final boolean open;
    /** A full log batch is handed over without waiting (event loop), or waiting while the writer is full (threads). */
    final boolean logWithoutWaiting;
    /** The requests still in flight were ended by {@link #stopAtOnce()}: their failures are interruptions. */
    volatile boolean stoppedAtOnce;
    /**
     * The user stopped the run at once (a second abort): the requests it ended are {@code cancelled}, not
     * {@code timeout}s (those ended when the drain's grace ran out).
     */
    volatile boolean cancelled;

    /**
     * The class of a request that the run ended while it was in flight: {@code cancelled} when the user stopped
     * the run at once, {@code timeout} when the drain's grace (the timeout plus one second) ran out.
     */
    final ErrorClass interruptedClass() {
        return cancelled ? ErrorClass.CANCELLED : ErrorClass.TIMEOUT;
    }

    /** Workers that started and have not ended yet. */
    private final AtomicInteger live = new AtomicInteger();
    private final RunControl control;

    Workers(RunSpec spec, Controller controller, Levels levels, RequestLogWriter log, ErrorSampler sampler,
            boolean logWithoutWaiting) {
        this.controller = controller;
        this.levels = levels;
        this.target = spec.target;
        this.dataset = spec.dataset;
        this.timeoutNanos = spec.timeout.toNanos();
        this.cap = spec.shard.share(spec.plan.totalRequests());
        this.log = log;
        this.sampler = sampler;
        this.logWithoutWaiting = logWithoutWaiting;
        this.open = spec.rates != null;
        this.control = spec.control;
    }

    /**
     * The workers of {@code spec}: the open model's dispatcher, or closed-loop workers on the target's event loop if
     * it has one, else on threads.
     */
    static Workers of(RunSpec spec, Controller controller, Levels levels, RequestLogWriter log, ErrorSampler sampler) {
        if (spec.rates != null) {
            return new OpenWorkers(spec, controller, levels, log, sampler);
        }
        return spec.target instanceof EventLoopTarget
                ? new LoopWorkers(spec, controller, levels, log, sampler)
                : new ThreadWorkers(spec, controller, levels, log, sampler);
    }

    /** Controller: starts workers number {@code from} to {@code to - 1}. */
    abstract void start(int from, int to);

    /** What runs the workers, for the result's environment. */
    abstract WorkerThreads threads();

    /** Makes the requests in flight end now, beyond what the target's {@code abortInFlight} does. Any thread. */
    abstract void interruptInFlight();

    /** After the drain, before the log closes: what ends with the run (the open model's idle slots). */
    void afterDrain() {
    }

    /** Requests started so far. */
    long started() {
        return seq.get();
    }

    /** Before a worker starts. */
    final void workerStarting() {
        live.incrementAndGet();
    }

    /** After a worker's last request was recorded and handed to the log. */
    final void workerEnded() {
        if (live.decrementAndGet() == 0) {
            controller.wake();
        }
    }

    /**
     * Ends the requests in flight: interrupts what runs them and makes the target end its requests (a worker on a
     * platform thread ignores interrupts while blocked in socket I/O). Any thread; may be called twice.
     */
    final void stopAtOnce() {
        cancelled |= control.abortedTwice();
        stoppedAtOnce = true;
        interruptInFlight();
        try {
            target.abortInFlight();
        } catch (RuntimeException ignored) {
            // stopping at once: the workers still left count as timeouts
        }
    }

    /** Controller, after the load stopped: waits for the workers to end, stopping them at once past the grace. */
    final void drain() {
        Clock clock = controller.clock();
        await(clock, clock.nanoTime() + timeoutNanos + GRACE_NANOS, true);
        if (live.get() > 0) {
            stopAtOnce(); // past the grace period, or a second abort
            await(clock, clock.nanoTime() + AFTER_STOP_NANOS, false);
        }
    }

    /** Until every worker ended or the deadline passed (or, with {@code untilAbortedTwice}, a second abort). */
    private void await(Clock clock, long deadline, boolean untilAbortedTwice) {
        while (live.get() > 0 && !(untilAbortedTwice && control.abortedTwice())) {
            if (Thread.interrupted()) { // whoever interrupts the run's thread wants it to end now
                control.abort("interrupted");
                control.abort("interrupted");
                continue;
            }
            if (clock.nanoTime() - deadline >= 0) {
                return;
            }
            clock.parkUntil(deadline);
        }
    }
}
