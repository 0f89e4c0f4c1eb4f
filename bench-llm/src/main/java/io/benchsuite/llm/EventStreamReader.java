package io.benchsuite.llm;

import io.benchsuite.engine.Exchange;
import io.benchsuite.llm.sse.SseParser;

/**
 * What both providers' stream readers share: the server-sent events of one stream parsed as they arrive
 * ({@link SseParser}), each output chunk stamped with the arrival time of the bytes that completed it, the error
 * event that ends the stream's meaning, and the outcome at its end. A subclass reads the events
 * ({@link #onEvent}) and says whether the end marker came ({@link #complete()}).
 *
 * <p>Not thread-safe: one per connection, reused for its streams ({@link #begin}).
 */
abstract class EventStreamReader implements SseParser.Listener, StreamReader {

    private final SseParser parser = new SseParser(this);
    /** The stream's exchange; null between streams. */
    Exchange ex;
    /** The HTTP status of the stream's response. */
    int status;
    /** When the bytes being parsed arrived: the time of the output chunks they complete. */
    long arrivalNanos;
    /** The error event, described for the sample; once set, the rest of the stream is ignored. */
    String error;

    /** Starts reading a new stream into {@code exchange}, whose response had HTTP status {@code status}. */
    @Override
    public final void begin(Exchange exchange, int status) {
        this.ex = exchange;
        this.status = status;
        parser.reset();
        error = null;
        started();
    }

    /** A new stream begins: forget what the last one said. */
    abstract void started();

    @Override
    public final void bytes(byte[] buf, int off, int len, long arrival) {
        feed(buf, off, len, arrival);
    }

    /**
     * Parses {@code len} bytes that arrived at {@code arrival} (the read that delivered them); returns false when
     * the rest of the stream does not matter (an error event came).
     */
    final boolean feed(byte[] buf, int off, int len, long arrival) {
        if (error == null) {
            arrivalNanos = arrival;
            parser.feed(buf, off, len);
        }
        return error == null;
    }

    /** True when the stream's end marker came. */
    abstract boolean complete();

    /** Ends the stream that was read to its end: success, {@code stream_error}, truncated or empty. */
    @Override
    public void finish() {
        Outcomes.streamEnded(ex, status, error, complete());
        ex = null;
    }
}
