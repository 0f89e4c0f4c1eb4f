package io.benchsuite.benchmarks;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RequestLogFile;
import io.benchsuite.engine.run.RunSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Memory: a no-op target run to {@code small} (100,000) and then to {@code large} (10,000,000) total requests
 * at 2 workers, each request logged to a {@code requests.jsonl.gz} in a temp directory. After each run, with the
 * {@link RunResult} still referenced, it collects garbage and reads the heap in use; during the large run it
 * also keeps the highest heap-after-GC ("collection usage") seen once a second. The two after-run figures must
 * be within a few MB: memory follows workers and latency spread, not the number of requests.
 */
public final class HeapGrowth {

    private HeapGrowth() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        long small = args.num("small", 100_000);
        long large = args.num("large", 10_000_000);
        Path dir = Files.createTempDirectory("bench-heap");
        try {
            run(2, small, dir); // warm-up: classes, JIT, recycled batches
            RunResult a = run(2, small, dir);
            long heapSmall = heapAfterGc();
            long[] peak = {0};
            RunResult b = run(2, large, dir, () -> peak[0] = Math.max(peak[0], collectionUsage()));
            long heapLarge = heapAfterGc();
            System.out.printf("heap small_requests=%d small_heap_mb=%.2f large_requests=%d large_heap_mb=%.2f"
                            + " growth_mb=%.2f large_peak_after_gc_mb=%.2f large_req_per_s=%.0f log_bytes=%d%n",
                    a.overall().requests(), mb(heapSmall), b.overall().requests(), mb(heapLarge),
                    mb(heapLarge - heapSmall), mb(peak[0]), b.overall().throughputRps(),
                    Files.size(dir.resolve(RequestLogFile.FILE_NAME)));
        } finally {
            Files.deleteIfExists(dir.resolve(RequestLogFile.FILE_NAME));
            Files.deleteIfExists(dir);
        }
    }

    private static RunResult run(int workers, long total, Path dir) throws Exception {
        return run(workers, total, dir, () -> { });
    }

    private static RunResult run(int workers, long total, Path dir, Runnable everySecond) throws Exception {
        Target noop = ex -> { };
        Files.deleteIfExists(dir.resolve(RequestLogFile.FILE_NAME));
        return LoadEngine.run(RunSpec.builder(noop,
                        LoadPlan.constant(workers, Duration.ofHours(1)).withTotalRequests(total))
                .withRequestLog(new RequestLogFile(dir.resolve(RequestLogFile.FILE_NAME)))
                .withProgress(p -> everySecond.run())
                .build());
    }

    static long heapAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }

    private static long collectionUsage() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                sum += pool.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
