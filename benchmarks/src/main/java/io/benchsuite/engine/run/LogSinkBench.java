package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * <p>{@code request_log_file} is the engine's {@link RequestLogFile} (ASCII bytes straight into a buffer, gzip at
 * the fastest level; the prototype that measured this design before the engine adopted it is gone with it).
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
        file = new RequestLogFile(dir.resolve("a.jsonl.gz"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        file.close();
        Files.deleteIfExists(dir.resolve("a.jsonl.gz"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public void request_log_file() throws IOException {
        file.accept(batch);
    }
}
