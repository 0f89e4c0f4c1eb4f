package io.benchsuite.runner;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.result.Capacity;
import io.benchsuite.result.threshold.Threshold;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a sweep searches, read from a run's settings (docs/sweep.md): the range (open model: {@code min_rate} to
 * {@code max_rate}; closed: {@code min_load} to {@code max_load}), the SLO (the run's thresholds, each over the
 * whole probe), how long each probe holds its load ({@code duration_seconds}, default {@value #DEFAULT_PROBE_SECONDS}
 * s, after {@code warmup_seconds} if set), the resolution ({@code sweep_resolution}) and the time budget.
 *
 * @param lo         the lowest load of the range
 * @param hi         the highest
 * @param open       loads are rates (req/s); else workers
 * @param slo        the SLO thresholds
 * @param probe      how long a probe holds its load
 * @param warmup     the unmeasured load before each probe
 * @param resolution the relative width the search stops at
 * @param budget     the most the sweep may take ({@code --max-seconds}), null for no limit
 */
public record SweepSettings(double lo, double hi, boolean open, List<Threshold> slo, Duration probe,
                            Duration warmup, double resolution, Duration budget) {

    /** The probe length when the config gives no {@code duration_seconds}. */
    public static final int DEFAULT_PROBE_SECONDS = 20;
    /** The default {@code sweep_resolution}. */
    public static final double DEFAULT_RESOLUTION = 0.05;

    public SweepSettings {
        slo = List.copyOf(slo);
    }

    /**
     * The sweep of {@code settings}.
     *
     * @param budget {@code --max-seconds}, or null
     * @throws ConfigException when there is no SLO, a threshold is scoped to a level, the resolution is out of range,
     *                         or the budget cannot hold a single probe
     */
    public static SweepSettings of(RunSettings settings, Duration budget) {
        BenchConfig config = settings.config();
        List<Threshold> slo = settings.thresholds();
        if (slo.isEmpty()) {
            throw config.error("thresholds", "are the SLO a sweep searches for, and there are none: add e.g. "
                    + "\"thresholds\": [\"p99 < 250ms\", \"success_rate >= 99%\"]");
        }
        for (Threshold t : slo) {
            if (t.workers() != null || t.rate() != null) {
                throw config.error("thresholds", "\"" + t.expression() + "\" is scoped to one level; in a sweep "
                        + "every probe is one level and the SLO applies to each: remove \"" + t.scope() + ":\"");
            }
        }
        double resolution = config.optionalDouble("sweep_resolution").orElse(DEFAULT_RESOLUTION);
        if (!(resolution > 0 && resolution < 1)) {
            throw config.error("sweep_resolution", "(" + BenchConfig.formatNumber(resolution) + ") must be between 0 "
                    + "and 1, exclusive: the relative width of the interval the search stops at, e.g. 0.05 for 5 %");
        }
        Duration probe = config.optionalSeconds("duration_seconds").orElse(Duration.ofSeconds(DEFAULT_PROBE_SECONDS));
        double lo;
        double hi;
        if (settings.open()) {
            hi = settings.rates().maxRate();
            lo = config.optionalDouble("min_rate").orElse(hi / 10);
        } else {
            hi = settings.plan().maxWorkers();
            lo = config.optionalInt("min_load").orElse(1);
        }
        if (budget != null && budget.compareTo(probe.plus(settings.warmup())) < 0) {
            throw new ConfigException("--max-seconds " + budget.toSeconds() + " cannot hold one probe ("
                    + seconds(probe.plus(settings.warmup())) + " s: duration_seconds" + (settings.warmup().isZero()
                    ? "" : " + warmup_seconds") + "); give at least " + (long) Math.ceil(
                    probe.plus(settings.warmup()).toMillis() / 1000.0) * 4 + " s for a few probes");
        }
        return new SweepSettings(lo, hi, settings.open(), slo, probe, settings.warmup(), resolution, budget);
    }

    /** {@code req/s} or {@code workers}. */
    public String unit() {
        return open ? Capacity.RATE : Capacity.WORKERS;
    }

    /** {@code 150 req/s}, {@code 12 workers}. */
    public String format(double load) {
        return SweepSettings.number(load) + " " + (open ? "req/s" : load == 1 ? "worker" : "workers");
    }

    /** A load or a number of seconds, without trailing zeros: {@code 150}, {@code 187.5}. */
    public static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String seconds(Duration d) {
        return number(d.toMillis() / 1000.0);
    }
}
