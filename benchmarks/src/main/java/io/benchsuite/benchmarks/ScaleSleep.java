package io.benchsuite.benchmarks;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RunSpec;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scale: {@code workers} concurrent workers (default 10,000) of a method that sleeps {@code sleepMs} (1 s) for
 * {@code seconds} (10), ramping off. Prints the highest number of calls in flight at once (must equal the
 * worker count: the level is held exactly, never exceeded), and the run's req/s (ideal: workers × 1000 /
 * sleepMs) with p50/p99/max latency (ideal: sleepMs).
 */
public final class ScaleSleep {

    private ScaleSleep() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int workers = (int) args.num("workers", 10_000);
        long seconds = args.num("seconds", 10);
        long sleepMs = args.num("sleepMs", 1000);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        Target sleeper = ex -> {
            int now = inFlight.incrementAndGet();
            try {
                maxInFlight.accumulateAndGet(now, Math::max);
                Thread.sleep(sleepMs);
            } finally {
                inFlight.decrementAndGet();
            }
        };
        boolean verbose = Boolean.parseBoolean(args.str("timeline", "false"));
        long t0 = System.nanoTime();
        RunResult r = LoadEngine.run(RunSpec.builder(sleeper, LoadPlan.constant(workers, Duration.ofSeconds(seconds)))
                .withTimeout(Duration.ofMillis(sleepMs * 10))
                .withProgress(p -> {
                    if (verbose) {
                        System.out.printf("wall %.3f s: %s%n", (System.nanoTime() - t0) / 1e9, p);
                    }
                }).build());
        if (verbose) {
            System.out.printf("run returned after %.3f s%n", (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("scale workers=%d max_in_flight=%d requests=%d failures=%d req_per_s=%.1f ideal_req_per_s=%.1f"
                        + " p50_ms=%.3f p99_ms=%.3f max_ms=%.3f%n",
                workers, maxInFlight.get(), r.overall().requests(), r.overall().failures(), r.overall().throughputRps(),
                workers * 1000.0 / sleepMs, r.overall().latencyMs().p50(), r.overall().latencyMs().p99(),
                r.overall().latencyMs().max());
        if (Boolean.parseBoolean(args.str("timeline", "false"))) {
            System.out.println("min_ms=" + r.overall().latencyMs().min() + " buckets=" + r.buckets().size());
            r.timeline().forEach(System.out::println);
        }
    }
}
