package io.benchsuite.benchmarks;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RequestLogFile;
import io.benchsuite.engine.run.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Method-as-request overhead: a no-op {@link Target} through the whole {@link LoadEngine} (workers on virtual
 * threads, per-worker recorders, request-log batches), ramping off.
 *
 * <p>{@code java -cp benchmarks.jar io.benchsuite.benchmarks.NoOpThroughput workers=2 seconds=5 log=false}
 * prints {@code noop workers=2 log=false requests=... seconds=... invocations_per_s=...}. With {@code log=true}
 * every request also goes to a {@code requests.jsonl.gz} in a temp directory (the CLI's default).
 * A 2-second warm-up run comes first (JIT), unless {@code warmup=0}.
 */
public final class NoOpThroughput {

    private NoOpThroughput() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int workers = (int) args.num("workers", 2);
        long seconds = args.num("seconds", 5);
        boolean log = Boolean.parseBoolean(args.str("log", "false"));
        long warmup = args.num("warmup", 2);
        if (warmup > 0) {
            run(workers, warmup, log);
        }
        RunResult r = run(workers, seconds, log);
        System.out.printf("noop workers=%d log=%s seconds=%d requests=%d invocations_per_s=%.0f p99_us=%.1f%n", workers,
                log, seconds, r.overall().requests(), r.overall().throughputRps(),
                r.overall().latencyMs().p99() * 1000);
    }

    static RunResult run(int workers, long seconds, boolean log) throws Exception {
        Target noop = ex -> { };
        RunSpec.Builder spec = RunSpec.builder(noop, LoadPlan.constant(workers, Duration.ofSeconds(seconds)));
        Path dir = null;
        if (log) {
            dir = Files.createTempDirectory("bench-noop");
            spec.withRequestLog(new RequestLogFile(dir.resolve(RequestLogFile.FILE_NAME)));
        }
        try {
            return LoadEngine.run(spec.build());
        } finally {
            if (dir != null) {
                Files.deleteIfExists(dir.resolve(RequestLogFile.FILE_NAME));
                Files.deleteIfExists(dir);
            }
        }
    }
}
