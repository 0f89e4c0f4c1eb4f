package io.benchsuite.junit;

import io.benchsuite.engine.run.Progress;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.result.threshold.Threshold;
import io.benchsuite.engine.run.ThresholdWatch;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Receives the engine's progress snapshots (about once a second, on the run's controller thread): prints a line
 * every {@value LoadTest#PROGRESS_INTERVAL_SECONDS} seconds and, when asked to, aborts the run once a threshold
 * is lost.
 */
final class ProgressPrinter implements Consumer<Progress> {

    private final String testName;
    private final PrintStream err;
    private final List<Threshold> abortOn;
    private final long plannedRequests;
    private final RunControl control;
    private double lastPrinted;
    private volatile String abortReason;

    ProgressPrinter(String testName, PrintStream err, List<Threshold> abortOn, long plannedRequests,
                    RunControl control) {
        this.testName = testName;
        this.err = err;
        this.abortOn = abortOn;
        this.plannedRequests = plannedRequests;
        this.control = control;
    }

    @Override
    public void accept(Progress p) {
        if (p.elapsedSeconds() - lastPrinted >= LoadTest.PROGRESS_INTERVAL_SECONDS - 0.01) {
            lastPrinted = p.elapsedSeconds();
            err.println(String.format(Locale.ROOT,
                    "[benchsuite %s %.0fs/%.0fs] %s | in flight %d | %.0f req/s | p50 %.1f ms p99 %.1f ms"
                            + " | requests %d | errors %d",
                    testName, p.elapsedSeconds(), p.plannedSeconds(), p.levelText(), p.inFlight(), p.recentRps(),
                    p.recentP50Ms(), p.recentP99Ms(), p.requests(), p.failures()));
        }
        if (abortReason == null && !abortOn.isEmpty()) {
            Optional<String> lost = ThresholdWatch.lostDuring(abortOn, p, plannedRequests);
            if (lost.isPresent()) {
                abortReason = lost.get();
                err.println("[benchsuite " + testName + "] aborting the load: " + abortReason);
                control.abort(abortReason);
            }
        }
    }

    /** Why the run was aborted for a lost threshold, or null. */
    String abortReason() {
        return abortReason;
    }
}
