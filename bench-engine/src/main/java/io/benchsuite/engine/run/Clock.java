package io.benchsuite.engine.run;

import java.util.concurrent.locks.LockSupport;

/**
 * The time a run is scheduled by: when a level rises, when a second of the timeline ends, when the load stops, how
 * long the drain waits; and so the instants that decide bucket windows, the timeline and the load duration.
 * {@link #SYSTEM} in a real run; tests drive a manual clock, so scheduling is tested without running in real time.
 *
 * <p>Not the time requests are measured with: a request's latency is {@link System#nanoTime()} around it, taken by
 * the worker and the target ({@link io.benchsuite.engine.Exchange}), because targets enforce their deadlines with
 * it. The clock is read by the controller, the collector and whoever stops the load (a worker that reaches the
 * request cap, an abort), never on the per-request path.
 */
interface Clock {

    /** {@link System#nanoTime()}, parking with {@link LockSupport}. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNanos) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
            }
        }

        @Override
        public void wake(Thread thread) {
            LockSupport.unpark(thread);
        }

        @Override
        public Thread newThread(String name, Runnable task) {
            return Thread.ofPlatform().daemon().name(name).unstarted(task);
        }
    };

    /** Now, in nanoseconds from an arbitrary origin (differences only, as {@link System#nanoTime()}). */
    long nanoTime();

    /**
     * Parks the calling thread until {@link #nanoTime()} reaches {@code deadlineNanos}, the thread is
     * {@linkplain #wake woken} or interrupted. May return earlier: callers check their condition again.
     */
    void parkUntil(long deadlineNanos);

    /** Makes {@code thread}'s current {@link #parkUntil} return, or its next one if it is not parked. */
    void wake(Thread thread);

    /**
     * An unstarted daemon platform thread for a task that schedules by this clock (the collector), so that a
     * manual clock knows every thread it must let run before it moves on.
     */
    Thread newThread(String name, Runnable task);
}
