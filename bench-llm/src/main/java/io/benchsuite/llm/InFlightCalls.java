package io.benchsuite.llm;

import io.benchsuite.engine.DeadlineWatch;
import java.io.InterruptedIOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;

/**
 * The OkHttp calls of one target that are in flight, with their deadlines: a deadline watch cancels the calls
 * past their deadline, and a run that must stop at once can cancel them all (OkHttp's dispatcher forgets a
 * synchronous call once its response head arrived, and a worker on a platform thread does not notice an
 * interrupt while it reads the body).
 *
 * <pre>{@code
 * InFlightCalls.Flight flight = inFlight.started(call, ex.deadlineNanos());
 * try (Response response = call.execute()) {
 *     ...
 * } catch (IOException e) {
 *     Outcomes.failed(ex, flight.failure(e), started);
 * } finally {
 *     inFlight.finished(flight);
 * }
 * }</pre>
 *
 * <p>Implementation notes: the deadline is not OkHttp's {@code Call.timeout()}: that is okio's
 * {@code AsyncTimeout}, one process-wide list sorted by deadline under one lock, where each call's insert walks
 * the list (6-10 % of the CPU at 1,000 streams). Here one daemon thread per target, started with the first call
 * and stopped by {@link #close()}, looks at the calls every {@value #WATCH_MILLIS} ms and {@linkplain Call#cancel()
 * cancels} those past their deadline (the blocked read fails at once), like the system-API target's connection
 * pool. A request that times out therefore ends between its deadline and {@value #WATCH_MILLIS} ms after it.
 */
final class InFlightCalls implements AutoCloseable {

    /** How often the deadline watch looks at the calls in flight. */
    static final int WATCH_MILLIS = 5;

    private final Set<Flight> calls = ConcurrentHashMap.newKeySet();
    private final DeadlineWatch watch = new DeadlineWatch("bench-llm-deadlines", WATCH_MILLIS, this::expire);

    /** One call in flight and its deadline. */
    static final class Flight {
        final Call call;
        /** {@link System#nanoTime()} by which the call must be done; 0 for none. */
        final long deadlineNanos;
        private volatile boolean expired;

        Flight(Call call, long deadlineNanos) {
            this.call = call;
            this.deadlineNanos = deadlineNanos;
        }

        /** True when the deadline watch cancelled this call: its failure is a timeout. */
        boolean expired() {
            return expired;
        }

        /** What the call failed with, as the request's outcome sees it: a timeout when the watch cancelled it. */
        Throwable failure(Throwable seen) {
            return expired ? timedOut(seen) : seen;
        }
    }

    /**
     * From before {@code Call.execute} until the response body is closed.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the call must be done, 0 for none
     */
    Flight started(Call call, long deadlineNanos) {
        Flight flight = new Flight(call, deadlineNanos);
        calls.add(flight);
        if (deadlineNanos != 0) {
            watch.start();
        }
        return flight;
    }

    void finished(Flight flight) {
        calls.remove(flight);
    }

    /** Cancels every call in flight: their reads fail at once (not as timeouts). */
    void cancelAll() {
        for (Flight f : calls) {
            f.call.cancel();
        }
    }

    /** The exception a call cancelled by the deadline watch fails with, caused by what the worker saw. */
    static InterruptedIOException timedOut(Throwable cause) {
        InterruptedIOException e = new InterruptedIOException("timeout");
        e.initCause(cause);
        return e;
    }

    /** Calls in flight now (tests). */
    int size() {
        return calls.size();
    }

    /** True while the deadline watch runs (tests). */
    boolean watching() {
        return watch.running();
    }

    /** Cancels the calls whose deadline is before {@code now}; returns how many it cancelled. */
    int expire(long now) {
        int cancelled = 0;
        for (Flight f : calls) {
            if (f.deadlineNanos != 0 && !f.expired && now - f.deadlineNanos >= 0) {
                f.expired = true;
                f.call.cancel();
                cancelled++;
            }
        }
        return cancelled;
    }

    /** Stops the deadline watch (the calls, if any are left, are not touched). */
    @Override
    public void close() {
        watch.close();
    }
}
