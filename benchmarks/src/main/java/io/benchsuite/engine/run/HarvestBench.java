package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The controller's once-a-second harvest ({@link Bucket#harvest}) of one bucket with {@code workers} workers,
 * each having recorded one second of requests of a worker sleeping 1 s (one value near 1 s) — the
 * 10,000-worker scale test. With {@code streaming}, each request is also a stream of 3 chunks, so TTFT, TPOT
 * and ITL are harvested too. Score: milliseconds per harvest. The harvest runs on the collector thread, so
 * while it lasts the timeline and the progress wait.
 *
 * <p>The workers share the bucket's {@link Stripe}s ({@code min(workers, 2 x processors)}), so the score
 * should not grow with {@code workers}; before the stripes (one recorder per worker, docs/performance.md) it
 * grew linearly: 4.4 ms at 32 workers, 1,352 ms at 10,000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class HarvestBench {

    static final long ONE_SECOND_MICROS = 1_000_000;

    @Param({"32", "1000", "10000"})
    public int workers;

    @Param({"false"})
    public boolean streaming;

    private Bucket bucket;
    private WorkerRecorders[] recorders;
    private final Exchange ex = new Exchange();
    private final Histogram second = new PackedHistogram(Bucket.DIGITS);

    @Setup(Level.Trial)
    public void setUp() {
        bucket = new Bucket(workers, streaming);
        recorders = new WorkerRecorders[workers];
        for (int i = 0; i < workers; i++) {
            recorders[i] = bucket.join();
        }
    }

    @Setup(Level.Invocation)
    public void recordOneSecond() {
        for (int i = 0; i < workers; i++) {
            ex.reset(null, i, workers, Long.MAX_VALUE / 4, recorders[i].itlSink);
            long t0 = ex.startNanos();
            if (streaming) {
                for (int c = 0; c < 3; c++) {
                    ex.outputChunk(t0 + (200_000L + c * 20_000L + i % 5000) * 1000);
                }
            }
            ex.success(200);
            bucket.record(ex, (ONE_SECOND_MICROS + i % 5000) * 1000, recorders[i]);
        }
        second.reset();
    }

    @Benchmark
    public long bucket_harvest() {
        bucket.harvest(second, workers);
        return second.getTotalCount();
    }
}
