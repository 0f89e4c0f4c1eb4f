package io.benchsuite.result.compare;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A run compared with its baseline: for each metric the change, its 95 % confidence interval and a
 * {@link Verdict}, overall and per worker level, and one verdict for the run. The rule {@code bench analyze --compare},
 * {@code bench report --compare}, the compare page and a load test's {@code @Baseline} all apply
 * ({@code docs/metrics.md}, "Compare").
 *
 * <p>Method: a bootstrap of blocks of time. The requests of each run are cut into blocks by start time within each
 * worker level ({@link Blocks}); a resample draws, independently for each side, as many blocks of each level as it
 * has, with replacement (and first the repetitions, when a side has several); each resample gives each metric on both
 * sides, hence a change; the 2.5th and 97.5th percentiles of {@value Bootstrap#RESAMPLES} such changes are the
 * interval. A metric {@linkplain Verdict#regressed regressed} only when the whole interval lies beyond its
 * {@link RegressionThreshold}, so a difference within the noise of the runs is never a regression, and an interval
 * that straddles the threshold says, in {@link MetricChange#advice()}, how much more data would decide it.
 *
 * <pre>{@code
 * RunComparison c = RunComparison.of(ComparedRun.read(baseDir), ComparedRun.read(currentDir),
 *         RegressionThreshold.DEFAULT);
 * if (c.verdict() == Verdict.regressed) System.err.println(ComparisonTable.text(c));
 * }</pre>
 *
 * @param verdict   regressed if any metric regressed, else improved if any improved, else unchanged if all are, else
 *                  inconclusive
 * @param summary   one line for people: the verdict and the metrics that decided it
 * @param base      the baseline side
 * @param current   the side compared with it
 * @param threshold the minimum effects applied
 * @param method    how the intervals were computed, for people
 * @param metrics   the overall changes, in {@code Metric} order
 * @param levels    per worker level present in both sides: the same changes, for the report (they do not make the
 *                  verdict)
 * @param notes     what the data lacked (a request log, common worker levels) and what that means
 */
@JsonPropertyOrder({"verdict", "summary", "base", "current", "threshold", "method", "metrics", "levels", "notes"})
public record RunComparison(Verdict verdict, String summary, Side base, Side current, RegressionThreshold threshold,
                            String method, List<MetricChange> metrics, List<Level> levels, List<String> notes) {

    public RunComparison {
        metrics = List.copyOf(metrics);
        levels = List.copyOf(levels);
        notes = List.copyOf(notes);
    }

    /**
     * One side of the comparison.
     *
     * @param id         the run id, or the group id of its repetitions
     * @param runIds     the runs compared
     * @param requests   their requests
     * @param requestLog whether every run's request log was used (else its histograms alone)
     */
    public record Side(String id, List<String> runIds, long requests, boolean requestLog) {
        public Side {
            runIds = List.copyOf(runIds);
        }
    }

    /**
     * One worker level both sides ran.
     *
     * @param workers the level: the worker count, or in the open model the target rate rounded to a whole request per
     *                second
     * @param verdict the verdict over its metrics (by the same rule as the run's)
     * @param metrics its changes
     */
    public record Level(int workers, Verdict verdict, List<MetricChange> metrics) {
        public Level {
            metrics = List.copyOf(metrics);
        }
    }

    /** Compares {@code current} with {@code base} at the default thresholds. */
    public static RunComparison of(ComparedRun base, ComparedRun current) {
        return of(base, current, RegressionThreshold.DEFAULT);
    }

    /** Compares {@code current} with {@code base}, a metric changing when it moves by more than {@code threshold}. */
    public static RunComparison of(ComparedRun base, ComparedRun current, RegressionThreshold threshold) {
        Bootstrap bootstrap = new Bootstrap(base.blocks(), current.blocks());
        List<String> notes = new ArrayList<>(base.notes());
        notes.addAll(current.notes());
        List<Metric> judged = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Metric m : Metric.values()) {
            boolean both = !Double.isNaN(bootstrap.estimate(0, Bootstrap.OVERALL, m))
                    && !Double.isNaN(bootstrap.estimate(1, Bootstrap.OVERALL, m));
            if (both) {
                judged.add(m);
            } else if (m.tokens() && streamed(base) && streamed(current)) {
                missing.add(m.label);
            }
        }
        if (!missing.isEmpty()) {
            notes.add(String.join(", ", missing) + " not compared: they need the request logs of both runs");
        }
        Advice advice = new Advice(base, current);
        List<MetricChange> overall = changes(bootstrap, Bootstrap.OVERALL, judged, threshold, advice);
        List<Level> levels = new ArrayList<>();
        int[] common = bootstrap.levels();
        for (int i = 0; i < common.length; i++) {
            List<MetricChange> changes = changes(bootstrap, i + 1, judged, threshold, advice);
            levels.add(new Level(common[i], Verdict.overall(changes.stream().map(MetricChange::verdict).toList()),
                    changes));
        }
        String levelsNote = levelsNote(base, current);
        if (levelsNote != null) {
            notes.add(levelsNote);
        }
        Verdict verdict = judged.isEmpty() ? Verdict.inconclusive
                : Verdict.overall(overall.stream().map(MetricChange::verdict).toList());
        if (judged.isEmpty()) {
            notes.add("nothing to compare: a run without requests, or without latency histograms and request log");
        }
        return new RunComparison(verdict, ComparisonTable.summary(verdict, overall), side(base),
                side(current), threshold, method(base, current), overall, levels, notes);
    }

    /** Whether the run regressed against its baseline. */
    public boolean regressed() {
        return verdict == Verdict.regressed;
    }

    /** The change of {@code metric} ({@code p99_ms}) overall, if it was compared. */
    public java.util.Optional<MetricChange> metric(String metric) {
        return metrics.stream().filter(m -> m.metric().equals(metric)).findFirst();
    }

    private static List<MetricChange> changes(Bootstrap b, int scope, List<Metric> metrics,
                                              RegressionThreshold threshold, Advice advice) {
        List<MetricChange> out = new ArrayList<>();
        for (Metric m : metrics) {
            double base = b.estimate(0, scope, m);
            double current = b.estimate(1, scope, m);
            double change = Bootstrap.change(m, base, current);
            double limit = threshold.limit(m);
            long values = Double.isNaN(m.quantile) ? 0 : Math.min(b.count(0, scope, m), b.count(1, scope, m));
            boolean tooFewInTail = !Double.isNaN(m.quantile) && values * (1 - m.quantile) < Metric.MIN_TAIL;
            double[] interval = tooFewInTail ? null : b.interval(scope, m);
            Verdict verdict;
            String why = null;
            if (tooFewInTail) {
                verdict = Verdict.inconclusive;
                why = advice.tail(m, values);
            } else if (interval == null) {
                verdict = Verdict.inconclusive;
                why = base == 0 && !m.inPoints() ? "the base is 0, which has no relative change"
                        : "too few requests here to resample";
            } else {
                double sign = m.higherIsWorse ? 1 : -1;
                double low = Math.min(sign * interval[0], sign * interval[1]);
                double high = Math.max(sign * interval[0], sign * interval[1]);
                verdict = Verdict.of(low, high, limit);
                if (verdict == Verdict.inconclusive) {
                    why = advice.of(m, low, high, limit);
                }
            }
            out.add(new MetricChange(m.key, m.unit, value(base), value(current), value(change),
                    m.inPoints() ? Metric.POINTS : Metric.PERCENT, interval == null ? null : round(interval[0]),
                    interval == null ? null : round(interval[1]), limit, verdict, why));
        }
        return out;
    }

    private static Double value(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : round(v);
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static boolean streamed(ComparedRun run) {
        return run.blocks().stream().anyMatch(b -> b.streamed);
    }

    private static Side side(ComparedRun run) {
        return new Side(run.id(), run.runs().stream().map(r -> r.runId()).toList(), run.requests(),
                run.fromRequestLogs());
    }

    /** A note when the sides ran different worker levels: the overall numbers then compare different loads. */
    private static String levelsNote(ComparedRun base, ComparedRun current) {
        TreeSet<Integer> b = levels(base);
        TreeSet<Integer> c = levels(current);
        if (b.equals(c)) {
            return null;
        }
        return "the runs ran different worker levels (base " + range(b) + ", current " + range(c) + "): the overall "
                + "numbers compare different loads; compare runs of the same plan";
    }

    private static TreeSet<Integer> levels(ComparedRun run) {
        TreeSet<Integer> out = new TreeSet<>();
        run.blocks().forEach(b -> Arrays.stream(b.levels()).forEach(out::add));
        return out;
    }

    private static String range(TreeSet<Integer> levels) {
        if (levels.isEmpty()) {
            return "none";
        }
        return levels.size() == 1 ? levels.first() + " workers" : levels.first() + "-" + levels.last() + " workers";
    }

    private static String method(ComparedRun base, ComparedRun current) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (ComparedRun side : List.of(base, current)) {
            for (Blocks b : side.blocks()) {
                if (b.count > 0) {
                    min = Math.min(min, b.minBlockSeconds);
                    max = Math.max(max, b.maxBlockSeconds);
                }
            }
        }
        String blocks = max == 0 ? "blocks" : "blocks of " + (Math.abs(max - min) < 0.0005 ? seconds(max)
                : seconds(min) + " to " + seconds(max)) + " of request start time";
        int reps = Math.max(base.runs().size(), current.runs().size());
        String repetitions = reps > 1 ? ", the repetitions drawn first (" + base.runs().size() + " base, "
                + current.runs().size() + " current)" : "; one run a side: the noise within a run, not between runs "
                + "(repeat: n measures that too)";
        return String.format(Locale.ROOT, "bootstrap of %,d resamples of %s within each worker level%s; %d %% "
                + "percentile intervals; seed %d", Bootstrap.RESAMPLES, blocks, repetitions,
                Bootstrap.CONFIDENCE_PERCENT, Bootstrap.SEED);
    }

    private static String seconds(double s) {
        return s < 1 ? Math.round(s * 1000) + " ms" : String.format(Locale.ROOT, "%.1f s", s);
    }

    /** What would decide an inconclusive metric: how much more data, in the terms of the runs compared. */
    private record Advice(ComparedRun base, ComparedRun current) {

        /** Beyond this factor more data is no practical answer. */
        private static final double FAR = 25;

        /** Why a percentile is not judged from {@code values} requests: too few of them lie beyond it. */
        String tail(Metric m, long values) {
            long beyond = Math.round(values * (1 - m.quantile));
            long needed = (long) Math.ceil(Metric.MIN_TAIL / (1 - m.quantile));
            double times = values == 0 ? Double.POSITIVE_INFINITY : (double) needed / values;
            return String.format(Locale.ROOT, "it rests on the %d %s of %,d requests; it is judged from %,d "
                            + "requests a side (%d beyond it)%s", beyond, m.quantile > 0.5 ? "largest" : "smallest",
                    values, needed, Metric.MIN_TAIL, Double.isInfinite(times) ? "" : String.format(Locale.ROOT,
                            ": runs %.1fx as long, or repeat: %d", times, (int) Math.ceil(times)));
        }

        /**
         * @param low  the interval's low end, in the direction in which the metric gets worse
         * @param high its high end
         */
        String of(Metric m, double low, double high, double limit) {
            double center = (low + high) / 2;
            double half = (high - low) / 2;
            double toUpper = Math.abs(center - limit);
            double toLower = Math.abs(center + limit);
            double distance = Math.min(toUpper, toLower);
            double boundary = (toUpper <= toLower ? limit : -limit) * (m.higherIsWorse ? 1 : -1);
            String unit = m.inPoints() ? " pt" : " %";
            String straddles = "the interval straddles " + ComparisonTable.signed(boundary, 1) + unit;
            double factor = distance == 0 ? Double.POSITIVE_INFINITY : (half / distance) * (half / distance);
            if (factor > FAR) {
                return straddles + " with its middle close to it: more than " + (int) FAR + "x the data would be "
                        + "needed to decide";
            }
            int times = (int) Math.ceil(Math.max(2, factor));
            int reps = Math.min(base.runs().size(), current.runs().size());
            if (reps > 1) {
                return straddles + ": about " + times + "x the data would decide: repeat: " + times * reps
                        + " instead of " + reps;
            }
            double seconds = 0;
            for (Blocks b : current.blocks()) {
                seconds = Math.max(seconds, b.runSeconds);
            }
            return straddles + ": about " + times + "x the data would decide: runs " + times + "x as long"
                    + (seconds > 0 ? " (about " + Math.round(seconds * times) + " s)" : "") + ", or repeat: " + times;
        }
    }
}
