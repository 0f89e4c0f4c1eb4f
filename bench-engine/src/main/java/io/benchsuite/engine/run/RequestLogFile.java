package io.benchsuite.engine.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the per-request log as gzipped JSON lines ({@code requests.jsonl.gz}), one object per request:
 * {@code seq, workers, start_offset_ms, latency_ms, success, status, error} and, for streamed requests,
 * {@code ttft_ms, tpot_ms, output_tokens, input_tokens, token_source, ttfo_ms, reasoning_tokens} and
 * {@code cached_tokens} when the server reported them. An open-model run writes {@code rate} (its
 * level's target rate) in place of {@code workers}, and {@code intended_offset_ms} and {@code service_time_ms}
 * beside the start and the latency (which runs from the intended start). Lines are in completion order within
 * each worker's batch, not globally sorted: sort by {@code seq} when order matters.
 */
public final class RequestLogFile implements RequestLogSink {

    /** The file name inside a run directory. */
    public static final String FILE_NAME = io.benchsuite.result.ResultJson.REQUEST_LOG_FILE;

    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] WORKERS = ascii(",\"workers\":");
    private static final byte[] START = ascii(",\"start_offset_ms\":");
    private static final byte[] LATENCY = ascii(",\"latency_ms\":");
    private static final byte[] RATE = ascii(",\"rate\":");
    private static final byte[] INTENDED = ascii(",\"intended_offset_ms\":");
    private static final byte[] SERVICE = ascii(",\"service_time_ms\":");
    private static final byte[] SUCCESS_TRUE = ascii(",\"success\":true");
    private static final byte[] SUCCESS_FALSE = ascii(",\"success\":false");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] ERROR = ascii(",\"error\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TTFT = ascii(",\"ttft_ms\":");
    private static final byte[] TPOT = ascii(",\"tpot_ms\":");
    private static final byte[] OUTPUT_TOKENS = ascii(",\"output_tokens\":");
    private static final byte[] INPUT_TOKENS = ascii(",\"input_tokens\":");
    private static final byte[] TOKEN_SOURCE = ascii(",\"token_source\":\"");
    private static final byte[] TTFO = ascii(",\"ttfo_ms\":");
    private static final byte[] REASONING_TOKENS = ascii(",\"reasoning_tokens\":");
    private static final byte[] CACHED_TOKENS = ascii(",\"cached_tokens\":");
    /** Room for the longest line but its error class (a few hundred bytes at most). */
    private static final int LINE_ROOM = 512;

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private final byte[] digits = new byte[20];
    private int n;
    private long lines;
    private boolean closed;
    /** Lines were accepted since the last {@link #flush()}. */
    private boolean dirty;

    public RequestLogFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = new FastGzip(Files.newOutputStream(file));
    }

    /**
     * Implementation notes: the writer thread is the ceiling of any run that keeps the log, so lines are written
     * as ASCII straight into a byte buffer (no {@code String}, no charset encoder) and deflated at the fastest
     * level; see docs/performance.md.
     */
    @Override
    public void accept(RequestBatch b) throws IOException {
        dirty |= b.size() > 0;
        for (int i = 0; i < b.size(); i++) {
            String error = b.error(i);
            if (buf.length - n < LINE_ROOM + (error == null ? 0 : 6 * error.length())) {
                flushBuffer();
            }
            put(SEQ);
            number(b.seq(i));
            if (b.open()) {
                put(RATE);
                rate(b.rate(i));
                put(INTENDED);
                millis(b.intendedOffsetNanos(i));
            } else {
                put(WORKERS);
                number(b.workers(i));
            }
            put(START);
            millis(b.startOffsetNanos(i));
            put(LATENCY);
            millis(b.latencyNanos(i));
            if (b.open()) {
                put(SERVICE);
                millis(b.serviceNanos(i));
            }
            put(b.success(i) ? SUCCESS_TRUE : SUCCESS_FALSE);
            put(STATUS);
            number(b.status(i));
            put(ERROR);
            if (error == null) {
                put(NULL);
            } else {
                string(error);
            }
            if (b.tokenSource(i) != null) {
                put(TTFT);
                millis(b.ttftNanos(i));
                put(TPOT);
                if (b.tpotNanos(i) < 0) {
                    put(NULL);
                } else {
                    millis(b.tpotNanos(i));
                }
                put(OUTPUT_TOKENS);
                number(b.outputTokens(i));
                put(INPUT_TOKENS);
                if (b.inputTokens(i) < 0) {
                    put(NULL);
                } else {
                    number(b.inputTokens(i));
                }
                put(TOKEN_SOURCE);
                String source = b.tokenSource(i).name();
                for (int c = 0; c < source.length(); c++) {
                    buf[n++] = (byte) Character.toLowerCase(source.charAt(c));
                }
                buf[n++] = '"';
                put(TTFO);
                if (b.ttfoNanos(i) < 0) {
                    put(NULL);
                } else {
                    millis(b.ttfoNanos(i));
                }
                put(REASONING_TOKENS);
                number(b.reasoningTokens(i));
                if (b.cachedTokens(i) >= 0) {
                    put(CACHED_TOKENS);
                    number(b.cachedTokens(i));
                }
            }
            buf[n++] = '}';
            buf[n++] = '\n';
            lines++;
        }
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buf, n, bytes.length);
        n += bytes.length;
    }

    /** Appends an integer in decimal: digits written backwards into a scratch buffer in one pass. */
    private void number(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                put(ascii(Long.toString(value)));
                return;
            }
            buf[n++] = '-';
            value = -value;
        }
        int p = digits.length;
        do {
            long q = value / 10;
            digits[--p] = (byte) ('0' + (value - q * 10));
            value = q;
        } while (value != 0);
        System.arraycopy(digits, p, buf, n, digits.length - p);
        n += digits.length - p;
    }

    /** Appends a rate (requests per second): a whole number as one, else with 3 decimals (rounded half up). */
    private void rate(double rate) {
        long thousandths = Math.round(rate * 1000);
        number(thousandths / 1000);
        long frac = thousandths % 1000;
        if (frac != 0) {
            buf[n++] = '.';
            buf[n++] = (byte) ('0' + frac / 100);
            buf[n++] = (byte) ('0' + frac / 10 % 10);
            buf[n++] = (byte) ('0' + frac % 10);
        }
    }

    /** Appends nanoseconds as milliseconds with 3 decimals (microseconds, rounded half up). */
    private void millis(long nanos) {
        long micros = Micros.of(nanos);
        if (micros < 0) {
            buf[n++] = '-';
            micros = -micros;
        }
        number(micros / 1000);
        buf[n++] = '.';
        long frac = micros % 1000;
        buf[n++] = (byte) ('0' + frac / 100);
        buf[n++] = (byte) ('0' + frac / 10 % 10);
        buf[n++] = (byte) ('0' + frac % 10);
    }

    /** Appends a JSON string; anything but printable ASCII other than quote and backslash is escaped. */
    private void string(String s) {
        buf[n++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                buf[n++] = (byte) c;
            } else {
                buf[n++] = '\\';
                buf[n++] = 'u';
                for (int shift = 12; shift >= 0; shift -= 4) {
                    buf[n++] = (byte) Character.forDigit((c >> shift) & 0xf, 16);
                }
            }
        }
        buf[n++] = '"';
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, n);
        n = 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * gzip at the fastest level: the log writer thread is the ceiling of any run that keeps the log (level 6
     * wrote ~0.9 M lines/s, see docs/performance.md); the file is somewhat larger.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 1 << 16, true); // flush() is a sync flush: see RequestLogFile#flush
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    /**
     * Writes the buffered lines and flushes the deflater (a gzip sync flush), so the file holds every line accepted
     * so far as a readable gzip prefix: a process killed later leaves a log that ends at the last flush.
     */
    @Override
    public void flush() throws IOException {
        if (!closed && dirty) {
            flushBuffer();
            out.flush();
            dirty = false;
        }
    }

    /** Lines written so far. */
    public long lines() {
        return lines;
    }

    /** Flushes and closes the file; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushBuffer();
        } finally {
            out.close();
        }
    }
}
