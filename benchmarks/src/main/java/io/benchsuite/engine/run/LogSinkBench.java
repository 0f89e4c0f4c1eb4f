package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The request-log writer thread's job: one full {@link RequestBatch} (512 requests) into a
 * {@code requests.jsonl.gz}. Score: batches per millisecond; requests/s = score × 512,000. This caps the request
 * rate of any run that writes the log (the CLI and the JUnit extension always do), since workers wait when the
 * writer falls behind.
 *
 * <p>{@code request_log_file} is the engine's {@link RequestLogFile}. {@code prototype_fast_gzip} writes the same
 * lines as ASCII bytes straight into a byte buffer and deflates at {@link Deflater#BEST_SPEED}: the change
 * proposed in docs/performance.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class LogSinkBench {

    private final RequestBatch batch = new RequestBatch(RequestLogWriter.BATCH_SIZE);
    private Path dir;
    private RequestLogFile file;
    private FastLog fast;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Exchange ex = new Exchange();
        long start = System.nanoTime();
        for (int i = 0; i < RequestLogWriter.BATCH_SIZE; i++) {
            ex.reset(null, i, 32, 1_000_000_000L, null);
            ex.success(200);
            batch.add(ex, start - 1_000_000L * i, 120_000L + 37L * i);
        }
        dir = Files.createTempDirectory("bench-log");
        checkSameLines(dir);
        file = new RequestLogFile(dir.resolve("a.jsonl.gz"));
        fast = new FastLog(Files.newOutputStream(dir.resolve("b.jsonl.gz")));
    }

    /** The prototype must write exactly what the engine's sink writes, or the comparison means nothing. */
    private void checkSameLines(Path tmp) throws IOException {
        Path a = tmp.resolve("check-a.gz");
        Path b = tmp.resolve("check-b.gz");
        RequestLogFile engine = new RequestLogFile(a);
        engine.accept(batch);
        engine.close();
        FastLog proto = new FastLog(Files.newOutputStream(b));
        proto.accept(batch);
        proto.close();
        byte[] x;
        byte[] y;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(a))) {
            x = in.readAllBytes();
        }
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(b))) {
            y = in.readAllBytes();
        }
        Files.delete(a);
        Files.delete(b);
        if (!java.util.Arrays.equals(x, y)) {
            throw new IllegalStateException("prototype lines differ from RequestLogFile's:\n"
                    + new String(x, 0, Math.min(300, x.length)) + "\nvs\n" + new String(y, 0, Math.min(300, y.length)));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        file.close();
        fast.close();
        Files.deleteIfExists(dir.resolve("a.jsonl.gz"));
        Files.deleteIfExists(dir.resolve("b.jsonl.gz"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public void request_log_file() throws IOException {
        file.accept(batch);
    }

    @Benchmark
    public void prototype_fast_gzip() throws IOException {
        fast.accept(batch);
    }

    /** The same lines as {@link RequestLogFile} for non-streaming requests, as bytes, gzip level 1. */
    static final class FastLog {
        private final GZIPOutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int n;

        FastLog(OutputStream sink) throws IOException {
            out = new GZIPOutputStream(sink, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }

        void accept(RequestBatch b) throws IOException {
            for (int i = 0; i < b.size(); i++) {
                if (n > buf.length - 512) {
                    out.write(buf, 0, n);
                    n = 0;
                }
                ascii("{\"seq\":");
                number(b.seq(i));
                ascii(",\"workers\":");
                number(b.workers(i));
                ascii(",\"start_offset_ms\":");
                millis(b.startOffsetNanos(i));
                ascii(",\"latency_ms\":");
                millis(b.latencyNanos(i));
                ascii(b.success(i) ? ",\"success\":true" : ",\"success\":false");
                ascii(",\"status\":");
                number(b.status(i));
                if (b.error(i) == null) {
                    ascii(",\"error\":null}\n");
                } else {
                    ascii(",\"error\":\"");
                    ascii(b.error(i));
                    ascii("\"}\n");
                }
            }
        }

        private void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                buf[n++] = (byte) s.charAt(i);
            }
        }

        private void number(long v) {
            if (v < 0) {
                buf[n++] = '-';
                v = -v;
            }
            int start = n;
            do {
                buf[n++] = (byte) ('0' + v % 10);
                v /= 10;
            } while (v > 0);
            for (int i = start, j = n - 1; i < j; i++, j--) {
                byte t = buf[i];
                buf[i] = buf[j];
                buf[j] = t;
            }
        }

        private void millis(long nanos) {
            long micros = Math.round(nanos / 1000.0);
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

        void close() throws IOException {
            out.write(buf, 0, n);
            out.close();
        }
    }
}
