package io.benchsuite.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.config.Secrets;
import io.benchsuite.llm.sse.SseParser;
import java.io.IOException;

/**
 * What both providers' stream readers share: the server-sent events of one stream parsed as they arrive
 * ({@link SseParser}), each output chunk stamped with the arrival time of the bytes that completed it, the error
 * event that ends the stream's meaning, and the outcome at its end. A subclass reads the events
 * ({@link #event}) and says whether the end marker came ({@link #complete()}).
 *
 * <p>A 200 whose body is not an event stream but a JSON error ({@code {"error": {"message": ...}}}, as some servers
 * answer a request they refuse) is a {@code stream_error} quoting the server's message, not a truncated stream: the
 * first {@value #HEAD_BYTES} bytes of a body are kept until its first event, and read as JSON at its end if no
 * event came.
 *
 * <p>Not thread-safe: one per connection, reused for its streams ({@link #begin}).
 */
abstract class EventStreamReader implements SseParser.Listener, StreamReader {

    /** How much of a body is kept until its first event, to quote a JSON error sent instead of a stream. */
    static final int HEAD_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SseParser parser = new SseParser(this);
    private final byte[] head = new byte[HEAD_BYTES];
    private int headLength;
    /** Bytes of the body beyond {@link #head} before the first event. */
    private boolean headCut;
    private boolean sawEvent;
    /** The stream's exchange; null between streams. */
    Exchange ex;
    /** The HTTP status of the stream's response. */
    int status;
    /** When the bytes being parsed arrived: the time of the output chunks they complete. */
    long arrivalNanos;
    /** The error event, described for the sample; once set, the rest of the stream is ignored. */
    String error;
    /** True when {@link #error} came from a JSON error body rather than an error event. */
    private boolean errorBody;

    /** Starts reading a new stream into {@code exchange}, whose response had HTTP status {@code status}. */
    @Override
    public final void begin(Exchange exchange, int status) {
        this.ex = exchange;
        this.status = status;
        parser.reset();
        error = null;
        errorBody = false;
        headLength = 0;
        headCut = false;
        sawEvent = false;
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
            if (!sawEvent) {
                int keep = Math.min(len, head.length - headLength);
                System.arraycopy(buf, off, head, headLength, keep);
                headLength += keep;
                headCut |= keep < len;
            }
            arrivalNanos = arrival;
            parser.feed(buf, off, len);
        }
        return error == null;
    }

    @Override
    public final void onEvent(String event, String data) {
        sawEvent = true;
        event(event, data);
    }

    /** One event of the stream ({@link SseParser.Listener#onEvent}). */
    abstract void event(String event, String data);

    /** How this provider quotes the {@code error} member of a JSON error (an event's or a whole body's). */
    abstract String describeError(JsonNode error);

    /** True when the stream's end marker came. */
    abstract boolean complete();

    /**
     * Ends the stream that was read to its end: success, {@code stream_error} (an error event, or a JSON error
     * instead of a stream), truncated or empty; the server's message with every secret replaced.
     */
    @Override
    public void finish(Secrets secrets) {
        if (error == null && !sawEvent && headLength > 0 && ex.outputChunks() == 0) {
            error = jsonErrorBody();
            errorBody = error != null;
        }
        Outcomes.streamEnded(ex, status, error == null ? null : secrets.scrub(error), complete(), errorBody);
        ex = null;
    }

    /** The quoted {@code error} of a body that is a JSON object with one, else null. */
    private String jsonErrorBody() {
        if (headCut) {
            return null; // more than a JSON error is ever sent: not one
        }
        try {
            JsonNode node = JSON.readTree(head, 0, headLength);
            JsonNode e = node == null ? null : node.get("error");
            return e == null || e.isNull() ? null : describeError(e);
        } catch (IOException e) {
            return null;
        }
    }
}
