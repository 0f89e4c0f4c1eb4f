package io.benchsuite.runner;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.config.RunSettings;
import java.util.Locale;

/** The load plan of a run as one line for people: {@code ramp 1→10 workers over 20s, hold 0s}. */
final class PlanDescription {

    private PlanDescription() {
    }

    static String of(RunSettings settings) {
        LoadPlan p = settings.plan();
        String load = p.ramping()
                ? String.format("ramp %d→%d workers over %ss, hold %ss", p.minWorkers(), p.maxWorkers(),
                fmt(p.rampDuration().toMillis() / 1000.0), fmt(p.holdDuration().toMillis() / 1000.0))
                : String.format("%d workers for %ss", p.maxWorkers(), fmt(p.duration().toMillis() / 1000.0));
        double warmup = settings.warmup().toMillis() / 1000.0;
        return load + (p.totalRequests() > 0 ? ", at most " + p.totalRequests() + " requests" : "")
                + (warmup > 0 ? ", after a " + fmt(warmup) + "s warm-up at " + p.maxWorkers() + " workers (not measured)"
                : "");
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }
}
