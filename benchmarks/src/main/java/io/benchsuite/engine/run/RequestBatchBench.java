package io.benchsuite.engine.run;

import io.benchsuite.engine.Exchange;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Appending one request to the per-request log batch ({@link RequestBatch#add}), the only per-request work
 * the request log puts on a worker. When the batch is full it is cleared here (in a run it is handed to the
 * log-writer thread and swapped for a recycled one, also without allocating).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RequestBatchBench {

    private final RequestBatch batch = new RequestBatch(RequestLogWriter.BATCH_SIZE);
    private final Exchange ok = new Exchange();
    private final Exchange failed = new Exchange();
    private long seq;

    public RequestBatchBench() {
        ok.reset(null, 0, 32, 1_000_000_000L, null);
        ok.success(200);
        failed.reset(null, 1, 32, 1_000_000_000L, null);
        failed.failure("http_500", 500, "Internal Server Error");
    }

    @Benchmark
    public boolean add_success() {
        if (batch.add(ok, 0, 1_234_567L + (seq++ & 1023))) {
            batch.clear();
        }
        return batch.size() == 0;
    }

    @Benchmark
    public boolean add_failure() {
        if (batch.add(failed, 0, 1_234_567L + (seq++ & 1023))) {
            batch.clear();
        }
        return batch.size() == 0;
    }
}
