package io.benchsuite.llm;

/**
 * Per-thread timing of the current stream: when the response body last delivered bytes, and the request's
 * deadline. The worker thread sets the deadline before sending; the response body stream (read on the same
 * thread) stamps each read that returned data, so a chunk is timestamped when its bytes arrived rather than
 * after the client library parsed it.
 *
 * <p>Implementation notes: one instance per worker thread (the engine's workers are long-lived virtual
 * threads), reused for every request; plain fields, because only that thread touches them.
 */
final class StreamClock {

    private static final ThreadLocal<StreamClock> CURRENT = ThreadLocal.withInitial(StreamClock::new);

    long deadlineNanos;
    long lastReadNanos;

    static StreamClock current() {
        return CURRENT.get();
    }

    void start(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.lastReadNanos = 0;
    }

    /** When the bytes of the chunk just parsed arrived: the last read, or now when no read was stamped. */
    long arrivalNanos() {
        long t = lastReadNanos;
        return t != 0 ? t : System.nanoTime();
    }
}
