package io.benchsuite.engine.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the per-request log as gzipped JSON lines ({@code requests.jsonl.gz}), one object per request:
 * {@code seq, workers, start_offset_ms, latency_ms, success, status, error} and, for streamed requests,
 * {@code ttft_ms, tpot_ms, output_tokens, input_tokens, token_source}. Lines are in completion order within
 * each worker's batch, not globally sorted: sort by {@code seq} when order matters.
 */
public final class RequestLogFile implements RequestLogSink {

    /** The file name inside a run directory. */
    public static final String FILE_NAME = "requests.jsonl.gz";

    private final BufferedWriter out;
    private final StringBuilder line = new StringBuilder(256);
    private long lines;

    public RequestLogFile(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = new BufferedWriter(new OutputStreamWriter(new FastGzip(Files.newOutputStream(file)),
                StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public void accept(RequestBatch b) throws IOException {
        for (int i = 0; i < b.size(); i++) {
            line.setLength(0);
            line.append("{\"seq\":").append(b.seq(i))
                    .append(",\"workers\":").append(b.workers(i))
                    .append(",\"start_offset_ms\":");
            millis(b.startOffsetNanos(i));
            line.append(",\"latency_ms\":");
            millis(b.latencyNanos(i));
            line.append(",\"success\":").append(b.success(i))
                    .append(",\"status\":").append(b.status(i))
                    .append(",\"error\":");
            if (b.error(i) == null) {
                line.append("null");
            } else {
                line.append('"').append(b.error(i)).append('"');
            }
            if (b.tokenSource(i) != null) {
                line.append(",\"ttft_ms\":");
                millis(b.ttftNanos(i));
                line.append(",\"tpot_ms\":");
                if (b.tpotNanos(i) < 0) {
                    line.append("null");
                } else {
                    millis(b.tpotNanos(i));
                }
                line.append(",\"output_tokens\":").append(b.outputTokens(i))
                        .append(",\"input_tokens\":");
                if (b.inputTokens(i) < 0) {
                    line.append("null");
                } else {
                    line.append(b.inputTokens(i));
                }
                line.append(",\"token_source\":\"")
                        .append(b.tokenSource(i).name().toLowerCase(java.util.Locale.ROOT)).append('"');
            }
            line.append("}\n");
            out.append(line);
            lines++;
        }
    }

    /** Appends nanoseconds as milliseconds with 3 decimals, without allocating. */
    private void millis(long nanos) {
        long micros = Math.round(nanos / 1000.0);
        if (micros < 0) {
            line.append('-');
            micros = -micros;
        }
        line.append(micros / 1000).append('.');
        long frac = micros % 1000;
        if (frac < 100) {
            line.append('0');
        }
        if (frac < 10) {
            line.append('0');
        }
        line.append(frac);
    }

    /**
     * gzip at the fastest level: the log writer thread is the ceiling of any run that keeps the log (level 6
     * wrote ~0.9 M lines/s, see docs/performance.md); the file is somewhat larger.
     */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(java.io.OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(java.util.zip.Deflater.BEST_SPEED);
        }
    }

    /** Lines written so far. */
    public long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
