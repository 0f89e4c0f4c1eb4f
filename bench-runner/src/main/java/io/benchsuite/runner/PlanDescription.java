package io.benchsuite.runner;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.RatePlan;
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
            "worker_threads", "load_model", "min_rate", "max_rate", "rate_levels", "arrival", "burstiness",
            "max_in_flight", "seed");
    /** A level expected to hold fewer requests than this gets a warning (its percentiles say little). */
    static final int FEWEST_LEVEL_REQUESTS = 20;

    private PlanDescription() {
    }

    static String of(RunSettings settings) {
        if (settings.open()) {
            return withOrigins(open(settings), settings);
        }
        LoadPlan p = settings.plan();
        String load = p.ramping()
                ? String.format("ramp %d→%d workers over %ss (%s per level), hold %ss", p.minWorkers(), p.maxWorkers(),
                fmt(seconds(p.rampDuration())), perLevel(p), fmt(seconds(p.holdDuration())))
                : String.format("%d workers for %ss", p.maxWorkers(), fmt(seconds(p.duration())));
        double warmup = seconds(settings.warmup());
        String line = load + (p.totalRequests() > 0 ? ", at most " + p.totalRequests() + " requests" : "")
                + (warmup > 0 ? ", after a " + fmt(warmup) + "s warm-up at " + p.maxWorkers() + " workers (not measured)"
                : "");
        return withOrigins(line, settings);
    }

    /** {@code open model, poisson arrivals, 20→200 req/s in 10 levels over 60s (6s per level), hold 0s, ...}. */
    private static String open(RunSettings settings) {
        RatePlan r = settings.rates();
        String arrivals = r.arrival().configName() + (r.arrival() == RatePlan.Arrival.GAMMA
                ? " (burstiness " + fmt(r.burstiness()) + ")" : "") + " arrivals";
        String load = r.ramping()
                ? String.format("%s→%s req/s in %d levels over %ss (%s per level), hold %ss", fmt(r.minRate()),
                fmt(r.maxRate()), r.levels(), fmt(seconds(r.rampDuration())),
                fmtSeconds(seconds(r.rampDuration()) / r.levels()), fmt(seconds(r.holdDuration())))
                : String.format("%s req/s for %ss", fmt(r.maxRate()), fmt(seconds(r.duration())));
        double warmup = seconds(settings.warmup());
        return "open model, " + arrivals + ", " + load + ", at most " + r.maxInFlight() + " in flight"
                + (r.totalRequests() > 0 ? ", at most " + r.totalRequests() + " requests" : "")
                + (warmup > 0 ? ", after a " + fmt(warmup) + "s warm-up at " + fmt(r.maxRate()) + " req/s (not measured)"
                : "") + ", seed " + r.seed();
    }

    private static String withOrigins(String line, RunSettings settings) {
        List<String> given = new ArrayList<>();
        BenchConfig config = settings.config();
        for (String key : PLAN_KEYS) {
            config.overriddenBy(key).ifPresent(via -> given.add(key + " from " + via));
        }
        return given.isEmpty() ? line : line + "; " + String.join(", ", given);
    }

    /** What the front-ends print before the load and the result keeps as notes: plans that cannot measure. */
    static List<String> warnings(RunSettings settings) {
        if (settings.open()) {
            return openWarnings(settings.rates());
        }
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

    private static List<String> openWarnings(RatePlan r) {
        List<String> out = new ArrayList<>();
        double level = seconds(r.ramping() ? r.rampDuration() : r.duration()) / r.levels();
        if (r.ramping() && level < SHORTEST_LEVEL_SECONDS) {
            out.add("each of the " + r.levels() + " rate levels lasts " + fmtSeconds(level) + " (ramp "
                    + fmt(seconds(r.rampDuration())) + "s / " + r.levels() + " levels): too short to measure a level "
                    + "(each needs at least " + fmt(SHORTEST_LEVEL_SECONDS) + "s); lengthen the ramp or lower "
                    + "rate_levels");
        } else if (r.minRate() * level < FEWEST_LEVEL_REQUESTS) {
            out.add("the first rate level expects about " + Math.round(r.minRate() * level) + " requests ("
                    + fmt(r.minRate()) + " req/s for " + fmtSeconds(level) + "): too few for its percentiles (at least "
                    + FEWEST_LEVEL_REQUESTS + "); raise min_rate, lengthen the ramp or lower rate_levels");
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
