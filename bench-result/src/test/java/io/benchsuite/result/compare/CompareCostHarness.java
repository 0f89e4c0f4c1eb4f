package io.benchsuite.result.compare;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: how long a comparison takes, reading the request logs and then resampling, for simulated runs from 800
 * to half a million requests (docs/performance.md, "Comparing runs"). Usage:
 * {@code java -cp <test class path> io.benchsuite.result.compare.CompareCostHarness [rounds]}.
 */
final class CompareCostHarness {

    private CompareCostHarness() {
    }

    /** One size of run: seconds, workers, median latency, repetitions a side. */
    private record Size(double seconds, int workers, double medianMs, int repetitions) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("compare-cost");
        List<Size> sizes = List.of(new Size(4, 4, 20, 1), new Size(60, 10, 20, 1), new Size(4, 4, 20, 5),
                new Size(120, 20, 5, 1));
        for (Size size : sizes) {
            List<ComparedRun> base = new ArrayList<>();
            List<ComparedRun> current = new ArrayList<>();
            long readNanos = 0;
            Path at = Files.createDirectories(dir.resolve(size.seconds() + "-" + size.workers() + "-" + size.repetitions()));
            for (int r = 0; r < size.repetitions(); r++) {
                for (List<ComparedRun> side : List.of(base, current)) {
                    SyntheticRun run = new SyntheticRun().id((side == base ? "b" : "c") + r).seconds(size.seconds())
                            .workers(size.workers()).noise(0.02);
                    run.medianMs = size.medianMs();
                    Path written = run.write(at, side == base ? r : 100 + r);
                    long t0 = System.nanoTime();
                    side.add(ComparedRun.read(written));
                    readNanos += System.nanoTime() - t0;
                }
            }
            ComparedRun b = ComparedRun.of(base);
            ComparedRun c = ComparedRun.of(current);
            RunComparison.of(b, c); // warm-up
            long best = Long.MAX_VALUE;
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                RunComparison.of(b, c);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("%5.0f s x %2d workers x %d repetition(s) a side: %,9d requests a side | read the logs "
                            + "%,6.0f ms (first, cold) | compare %,6.0f ms (best of %d)%n", size.seconds(),
                    size.workers(), size.repetitions(), b.requests(), readNanos / 1e6, best / 1e6, rounds);
        }
    }
}
