package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.HdrHistogram.Recorder;
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
 * The controller's once-a-second harvest ({@link Bucket#harvest}) with {@code workers} per-worker recorders,
 * each holding one second of requests of a worker sleeping 1 s (one value near 1 s) — the 10,000-worker scale
 * test. Score: milliseconds per harvest. The harvest runs on the controller thread, so while it lasts the run
 * neither raises the level nor stops on time.
 *
 * <p>{@code striped_recorders} measures the alternative proposed in docs/performance.md: 16 shared
 * multi-writer {@link Recorder}s with a fixed-size (non-packed) histogram, chosen by worker index, so the
 * harvest cost no longer grows with the number of workers.
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

    private Bucket bucket;
    private WorkerRecorders[] recorders;
    private final Exchange ex = new Exchange();
    private final Histogram second = new PackedHistogram(Bucket.DIGITS);

    private Recorder[] stripes;
    private Histogram[] stripeIntervals;
    private final Histogram stripeTotal = new Histogram(3_600_000_000L, Bucket.DIGITS);
    private final Histogram stripeSecond = new Histogram(3_600_000_000L, Bucket.DIGITS);

    @Setup(Level.Trial)
    public void setUp() {
        bucket = new Bucket(workers, false);
        recorders = new WorkerRecorders[workers];
        ex.reset(null, 0, workers, Long.MAX_VALUE / 4, null);
        ex.success(200);
        for (int i = 0; i < workers; i++) {
            recorders[i] = bucket.join();
        }
        stripes = new Recorder[16];
        stripeIntervals = new Histogram[16];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Recorder(3_600_000_000L, Bucket.DIGITS);
        }
    }

    @Setup(Level.Invocation)
    public void recordOneSecond() {
        for (int i = 0; i < workers; i++) {
            bucket.record(ex, (ONE_SECOND_MICROS + i % 5000) * 1000, recorders[i]);
            stripes[i & 15].recordValue(ONE_SECOND_MICROS + i % 5000);
        }
        second.reset();
        stripeSecond.reset();
    }

    @Benchmark
    public long per_worker_recorders() {
        bucket.harvest(second);
        return second.getTotalCount();
    }

    @Benchmark
    public long striped_recorders() {
        for (int i = 0; i < stripes.length; i++) {
            stripeIntervals[i] = stripes[i].getIntervalHistogram(stripeIntervals[i]);
            stripeTotal.add(stripeIntervals[i]);
            stripeSecond.add(stripeIntervals[i]);
        }
        return stripeSecond.getTotalCount();
    }
}
