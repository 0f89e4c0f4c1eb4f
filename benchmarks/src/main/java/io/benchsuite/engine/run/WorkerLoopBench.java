package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One turn of a worker's loop with a no-op target, step by step as the engine's {@code Worker.begin()} and
 * {@code finish()} do it: take a sequence number (the one write all workers share), count the start, reset the
 * exchange (two {@code nanoTime} calls), run the target, take the end time, record into the bucket, append to
 * the log batch. Its inverse is the ceiling of the whole-run no-op rate per core. Run with {@code -t 2} for two
 * workers.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkerLoopBench {

    @State(Scope.Benchmark)
    public static class Run {
        final AtomicLong seq = new AtomicLong();
        Bucket bucket;
        long startNanos;

        @Setup(Level.Iteration)
        public void setUp() {
            bucket = new Bucket(2, false);
            startNanos = System.nanoTime();
        }
    }

    @State(Scope.Thread)
    public static class Worker {
        final Exchange ex = new Exchange();
        final RequestBatch batch = new RequestBatch(RequestLogWriter.BATCH_SIZE);
        WorkerRecorders recorders;

        @Setup(Level.Iteration)
        public void setUp(Run run) {
            recorders = run.bucket.join();
        }
    }

    @Benchmark
    public void one_no_op_request(Run run, Worker w) {
        long seq = run.seq.getAndIncrement();
        run.bucket.started.increment();
        w.ex.reset(null, seq, 2, 30_000_000_000L, w.recorders.itlSink);
        // the no-op target: nothing
        long latency = System.nanoTime() - w.ex.startNanos();
        run.bucket.record(w.ex, latency, w.recorders);
        if (w.batch.add(w.ex, run.startNanos, latency)) {
            w.batch.clear();
        }
    }
}
