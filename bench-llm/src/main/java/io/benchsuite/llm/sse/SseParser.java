package io.benchsuite.llm.sse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental, tolerant parser of a {@code text/event-stream} (Server-Sent Events) body.
 *
 * <p>Feed it the bytes as they arrive, in pieces of any size; it calls the {@link Listener} once per complete
 * event (a blank line ends an event). It accepts what real servers send:
 * <ul>
 *   <li>{@code data:} with or without a space after the colon (one leading space is removed, as the spec says);</li>
 *   <li>{@code :} comment / keep-alive lines (counted in {@link #comments()}, otherwise ignored);</li>
 *   <li>events and lines split across reads, even in the middle of a multi-byte character;</li>
 *   <li>LF, CRLF and CR line endings, also when a CRLF pair is split across two reads;</li>
 *   <li>garbage lines (unknown field names, over-long lines) are ignored and counted in {@link #garbageLines()}.</li>
 * </ul>
 * Several {@code data:} lines of one event are joined with {@code \n}. An event without any {@code data} line
 * is not dispatched. Bytes after the last blank line are an incomplete event and are dropped at the end of the
 * stream, as the SSE specification requires.
 *
 * <pre>{@code
 * SseParser parser = new SseParser((event, data) -> handle(event, data));
 * int n;
 * while ((n = in.read(buffer)) > 0) {
 *     parser.feed(buffer, 0, n);
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one parser per stream (it can be {@link #reset() reset} and reused for the next one).
 *
 * <p>Implementation notes: lines are split on bytes (a {@code \n} or {@code \r} byte never occurs inside a
 * UTF-8 multi-byte sequence), and decoded only when complete; the line buffer is reused between lines and
 * streams, so a stream of small events allocates only the event's strings.
 */
public final class SseParser {

    /** Receives complete events. */
    @FunctionalInterface
    public interface Listener {
        /**
         * One event.
         *
         * @param event the {@code event:} field, or {@code "message"} when the event had none
         * @param data  the {@code data:} lines joined with {@code \n}
         */
        void onEvent(String event, String data);
    }

    /** Lines longer than this are dropped as garbage, so a broken server cannot exhaust the heap. */
    public static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private static final String DEFAULT_EVENT = "message";

    private final Listener listener;
    private byte[] line = new byte[1024];
    private int lineLength;
    private boolean lineOverflow;
    private boolean lastWasCr;
    private String eventName;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private long events;
    private long comments;
    private long garbageLines;

    public SseParser(Listener listener) {
        this.listener = listener;
    }

    /** Forgets any partial line or event and the counters, to parse a new stream. */
    public void reset() {
        lineLength = 0;
        lineOverflow = false;
        lastWasCr = false;
        eventName = null;
        data.setLength(0);
        hasData = false;
        events = 0;
        comments = 0;
        garbageLines = 0;
    }

    /** Parses {@code len} bytes of {@code buf} from {@code off}, dispatching every event they complete. */
    public void feed(byte[] buf, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false; // second half of CRLF: the line was already ended by the CR
                    continue;
                }
                endLine();
            } else if (b == '\r') {
                lastWasCr = true;
                endLine();
            } else {
                lastWasCr = false;
                append(b);
            }
        }
    }

    /** Number of events dispatched so far. */
    public long events() {
        return events;
    }

    /** Number of {@code :} comment (keep-alive) lines seen. */
    public long comments() {
        return comments;
    }

    /** Number of lines that were neither a known field, a comment nor blank (or were too long). */
    public long garbageLines() {
        return garbageLines;
    }

    /** True when bytes of an unfinished event are pending (the stream was cut in the middle of an event). */
    public boolean hasPartialEvent() {
        return lineLength > 0 || hasData || eventName != null;
    }

    private void append(byte b) {
        if (lineOverflow) {
            return;
        }
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE_BYTES) {
                lineOverflow = true;
                return;
            }
            line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
        }
        line[lineLength++] = b;
    }

    private void endLine() {
        if (lineOverflow) {
            lineOverflow = false;
            lineLength = 0;
            garbageLines++;
            return;
        }
        int n = lineLength;
        lineLength = 0;
        if (n == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            comments++;
            return;
        }
        int colon = -1;
        for (int i = 0; i < n; i++) {
            if (line[i] == ':') {
                colon = i;
                break;
            }
        }
        int nameEnd = colon < 0 ? n : colon;
        int valueStart = colon < 0 ? n : colon + 1;
        if (valueStart < n && line[valueStart] == ' ') {
            valueStart++;
        }
        if (is("data", nameEnd)) {
            if (hasData) {
                data.append('\n');
            }
            data.append(new String(line, valueStart, n - valueStart, StandardCharsets.UTF_8));
            hasData = true;
        } else if (is("event", nameEnd)) {
            eventName = new String(line, valueStart, n - valueStart, StandardCharsets.UTF_8);
        } else if (is("id", nameEnd) || is("retry", nameEnd)) {
            // known fields without meaning for a benchmark
        } else {
            garbageLines++;
        }
    }

    private boolean is(String field, int nameEnd) {
        if (nameEnd != field.length()) {
            return false;
        }
        for (int i = 0; i < nameEnd; i++) {
            if (line[i] != field.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void dispatch() {
        if (!hasData) {
            eventName = null;
            return;
        }
        String name = eventName == null || eventName.isEmpty() ? DEFAULT_EVENT : eventName;
        String payload = data.toString();
        eventName = null;
        data.setLength(0);
        hasData = false;
        events++;
        listener.onEvent(name, payload);
    }
}
