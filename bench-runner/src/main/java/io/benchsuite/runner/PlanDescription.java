package io.benchsuite.runner;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.RunSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan a run will carry out, for people, before the load: {@code ramp 1→10 workers over 20s (2s per level),
 * hold 0s}, where the settings given as overrides came from ({@code max_load from --set max_load=...}), and the
 * warnings about a plan that cannot measure what it is meant to.
 */
final class PlanDescription {

    /** A level shorter than this gets a warning: it holds too few requests, and no whole timeline second. */
    static final double SHORTEST_LEVEL_SECONDS = 1.0;

    private static final List<String> PLAN_KEYS = List.of("min_load", "max_load", "enable_ramping",
            "ramp_duration_seconds", "hold_seconds", "duration_seconds", "total_requests", "timeout", "warmup_seconds",
            "worker_threads");

    private PlanDescription() {
    }

    static String of(RunSettings settings) {
        LoadPlan p = settings.plan();
        String load = p.ramping()
                ? String.format("ramp %d→%d workers over %ss (%s per level), hold %ss", p.minWorkers(), p.maxWorkers(),
                fmt(seconds(p.rampDuration())), perLevel(p), fmt(seconds(p.holdDuration())))
                : String.format("%d workers for %ss", p.maxWorkers(), fmt(seconds(p.duration())));
        double warmup = seconds(settings.warmup());
        String line = load + (p.totalRequests() > 0 ? ", at most " + p.totalRequests() + " requests" : "")
                + (warmup > 0 ? ", after a " + fmt(warmup) + "s warm-up at " + p.maxWorkers() + " workers (not measured)"
                : "");
        List<String> given = new ArrayList<>();
        BenchConfig config = settings.config();
        for (String key : PLAN_KEYS) {
            config.overriddenBy(key).ifPresent(via -> given.add(key + " from " + via));
        }
        return given.isEmpty() ? line : line + "; " + String.join(", ", given);
    }

    /** What the front-ends print before the load and the result keeps as notes: plans that cannot measure. */
    static List<String> warnings(RunSettings settings) {
        LoadPlan p = settings.plan();
        List<String> out = new ArrayList<>();
        if (p.ramping()) {
            double level = seconds(p.rampDuration()) / p.levels();
            if (level < SHORTEST_LEVEL_SECONDS) {
                out.add("each of the " + p.levels() + " worker levels lasts " + fmtSeconds(level) + " (ramp "
                        + fmt(seconds(p.rampDuration())) + "s / " + p.levels() + " levels): too short to measure a "
                        + "level (each needs at least " + fmt(SHORTEST_LEVEL_SECONDS) + "s for enough requests and a "
                        + "whole second of the timeline); lengthen the ramp or use fewer levels (a lower max_load, a "
                        + "higher min_load, or a larger time scale)");
            }
        }
        return out;
    }

    private static String perLevel(LoadPlan p) {
        return fmtSeconds(seconds(p.rampDuration()) / p.levels());
    }

    private static double seconds(java.time.Duration d) {
        return d.toNanos() / 1e9;
    }

    private static String fmtSeconds(double s) {
        return s < 1 ? Math.round(s * 1000) + " ms" : fmt(Math.round(s * 1000) / 1000.0) + "s";
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }
}
