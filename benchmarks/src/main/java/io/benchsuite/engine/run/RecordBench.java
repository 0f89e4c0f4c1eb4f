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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording one finished request into a bucket: the per-worker {@link WorkerRecorders} (HdrHistogram
 * {@code SingleWriterRecorder}) plus the bucket's {@code LongAdder} counters, exactly as a worker does it.
 * Run with {@code -t 2} to see two workers recording into the same bucket at once (no shared lock, so the
 * per-thread cost should stay flat).
 *
 * <p>Latencies cycle through 1 µs .. 1 s so the packed histogram sees a realistic spread, not one bucket.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordBench {

    /** One bucket shared by all benchmark threads, as in a run. */
    @State(Scope.Benchmark)
    public static class SharedBucket {
        Bucket bucket;

        @Setup(Level.Iteration)
        public void setUp() {
            bucket = new Bucket(32, false);
        }
    }

    /** One worker: its exchange and its own recorders. */
    @State(Scope.Thread)
    public static class Worker {
        final Exchange ex = new Exchange();
        WorkerRecorders recorders;
        long i;
        final Histogram harvested = new PackedHistogram(Bucket.DIGITS);

        @Setup(Level.Iteration)
        public void setUp(SharedBucket shared) {
            recorders = shared.bucket.join();
            ex.reset(null, 0, 32, 1_000_000_000L, recorders.itlSink);
            ex.success(200);
        }

        @TearDown(Level.Iteration)
        public void harvest() {
            // what the controller does once a second; outside the measured loop
            recorders.harvestInto(harvested, null, null, null, null);
        }
    }

    @Benchmark
    public void record_success(SharedBucket shared, Worker w) {
        long latencyNanos = 1_000L << (w.i++ & 31) % 20;
        shared.bucket.record(w.ex, latencyNanos, w.recorders);
    }
}
