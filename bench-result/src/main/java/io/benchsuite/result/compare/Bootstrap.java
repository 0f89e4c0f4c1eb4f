package io.benchsuite.result.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The resampling behind a comparison: {@value #RESAMPLES} resamples of each side, each computing every {@link Metric}
 * overall and per worker level, from which {@link #interval} takes the {@value #CONFIDENCE_PERCENT} % percentile
 * interval of the change.
 *
 * <p>One resample of a side: its repetitions drawn with replacement (when it has several: the run-to-run noise), then
 * within each drawn repetition and each worker level, as many blocks as the level has, drawn with replacement (the
 * noise within a run, see {@link Blocks}). The two sides are drawn independently, from random streams of a fixed seed
 * ({@value #SEED}): the same runs always give the same intervals.
 *
 * <p>Implementation notes: a resample is a multiplicity per block, so every statistic is a weighted sum over blocks:
 * counts, sums and, for percentiles, the blocks' value counts added into one array over the sorted distinct values of
 * both runs, then scanned once for all quantiles. The cost of a compare is {@code RESAMPLES × (distinct values per
 * block × blocks + distinct values)} per scope, not the number of requests: 27 ms for two 4-second runs, 127 ms for
 * two of 464,000 requests ({@code CompareCostHarness}, docs/performance.md).
 */
final class Bootstrap {

    /** Resamples of each side. */
    static final int RESAMPLES = 2000;
    /** The confidence of the intervals. */
    static final int CONFIDENCE_PERCENT = 95;
    /** The seed of every random choice: verdicts are reproducible. */
    static final long SEED = 20261201L;
    /** Below this share of resamples with a value on both sides, a metric is not judged. */
    private static final double MIN_VALID = 0.9;

    /** The overall scope's index in the result arrays; levels follow in {@link #levels} order. */
    static final int OVERALL = 0;

    private final Side base;
    private final Side current;
    private final int[] levels;
    private final long[][] grid = new long[3][];

    /**
     * Per side, resample and scope: the value of each metric. {@code [side][resample][scope][metric]}; resample
     * {@code RESAMPLES} holds the point estimate from all the data.
     */
    private final double[][][][] values;

    Bootstrap(List<Blocks> base, List<Blocks> current) {
        TreeSet<Integer> common = new TreeSet<>();
        base.forEach(b -> Arrays.stream(b.levels()).forEach(common::add));
        TreeSet<Integer> inCurrent = new TreeSet<>();
        current.forEach(b -> Arrays.stream(b.levels()).forEach(inCurrent::add));
        common.retainAll(inCurrent);
        this.levels = common.stream().mapToInt(Integer::intValue).toArray();
        for (int f = 0; f < 3; f++) {
            TreeSet<Long> distinct = new TreeSet<>();
            for (List<Blocks> side : List.of(base, current)) {
                for (Blocks b : side) {
                    for (long[] v : b.values[f]) {
                        for (long x : v) {
                            distinct.add(x);
                        }
                    }
                }
            }
            grid[f] = distinct.stream().mapToLong(Long::longValue).toArray();
        }
        this.base = new Side(base, grid, levels);
        this.current = new Side(current, grid, levels);
        SplittableRandom random = new SplittableRandom(SEED);
        SplittableRandom baseRandom = random.split();
        SplittableRandom currentRandom = random.split();
        values = new double[][][][] {this.base.run(baseRandom), this.current.run(currentRandom)};
    }

    /** The worker levels both sides have, ascending; scope {@code i + 1} is {@code levels()[i]}. */
    int[] levels() {
        return levels.clone();
    }

    /**
     * How many values the percentile {@code metric} is taken from in {@code scope}, on the base (0) or current (1)
     * side, all the data.
     */
    long count(int side, int scope, Metric metric) {
        return (side == 0 ? base : current).count(family(metric), scope);
    }

    private static int family(Metric m) {
        return switch (m.family) {
            case TTFT -> 1;
            case TPOT -> 2;
            default -> 0;
        };
    }

    /** The point estimate of {@code metric} in {@code scope} from all the data of the base (0) or current (1) side. */
    double estimate(int side, int scope, Metric metric) {
        return values[side][RESAMPLES][scope][metric.ordinal()];
    }

    /**
     * The {@value #CONFIDENCE_PERCENT} % percentile interval of the change of {@code metric} in {@code scope}
     * (relative in percent, or in points for the success rate), or null when too few resamples have a value on both
     * sides (or the base is 0 for a relative change).
     */
    double[] interval(int scope, Metric metric) {
        double[] changes = new double[RESAMPLES];
        int n = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            double c = change(metric, values[0][r][scope][metric.ordinal()], values[1][r][scope][metric.ordinal()]);
            if (!Double.isNaN(c)) {
                changes[n++] = c;
            }
        }
        if (n < MIN_VALID * RESAMPLES) {
            return null;
        }
        Arrays.sort(changes, 0, n);
        double tail = (100 - CONFIDENCE_PERCENT) / 200.0;
        return new double[] {changes[(int) Math.floor(tail * (n - 1))], changes[(int) Math.ceil((1 - tail) * (n - 1))]};
    }

    /** {@code current} against {@code base}: percent, or points for the success rate; NaN when undefined. */
    static double change(Metric metric, double base, double current) {
        if (Double.isNaN(base) || Double.isNaN(current)) {
            return Double.NaN;
        }
        if (metric.inPoints()) {
            return current - base;
        }
        return base == 0 ? Double.NaN : (current - base) / base * 100;
    }

    /** The rank of quantile {@code q} among {@code total} values, as HdrHistogram's {@code getValueAtPercentile}. */
    static long rank(double q, long total) {
        double percentile = Math.nextAfter(q * 100, Double.NEGATIVE_INFINITY);
        return Math.max(1, (long) Math.ceil(percentile * total / 100.0));
    }

    /** One side's blocks, flattened over its repetitions, with what a resample needs. */
    private static final class Side {
        private final List<Blocks> runs;
        private final int[] offset;
        private final int blocks;
        /** Per repetition: the block indexes of each of its levels. */
        private final int[][][] strata;
        /** Per scope: the block indexes it covers. */
        private final int[][] scopes;
        private final int[] level;
        private final double[] seconds;
        private final double[] requests;
        private final double[] successes;
        private final double[] tokens;
        private final double[] latencySum;
        private final boolean streamed;
        /** {@code [family][block]}: grid indexes of the block's values, and their counts. */
        private final int[][][] index;
        private final int[][][] counts;
        private final long[][] grid;

        Side(List<Blocks> runs, long[][] grid, int[] levels) {
            this.runs = runs;
            this.grid = grid;
            offset = new int[runs.size()];
            int n = 0;
            for (int r = 0; r < runs.size(); r++) {
                offset[r] = n;
                n += runs.get(r).count;
            }
            blocks = n;
            level = new int[n];
            seconds = new double[n];
            requests = new double[n];
            successes = new double[n];
            tokens = new double[n];
            latencySum = new double[n];
            index = new int[3][n][];
            counts = new int[3][n][];
            boolean anyStreamed = false;
            strata = new int[runs.size()][][];
            for (int r = 0; r < runs.size(); r++) {
                Blocks b = runs.get(r);
                anyStreamed |= b.streamed;
                for (int i = 0; i < b.count; i++) {
                    int g = offset[r] + i;
                    level[g] = b.level[i];
                    seconds[g] = b.seconds[i];
                    requests[g] = b.requests[i];
                    successes[g] = b.successes[i];
                    tokens[g] = b.outputTokens[i];
                    latencySum[g] = b.latencySumMs[i];
                    for (int f = 0; f < 3; f++) {
                        long[] v = b.values[f][i];
                        int[] idx = new int[v.length];
                        for (int k = 0; k < v.length; k++) {
                            idx[k] = Arrays.binarySearch(grid[f], v[k]);
                        }
                        index[f][g] = idx;
                        counts[f][g] = b.counts[f][i];
                    }
                }
                int[] own = b.levels();
                strata[r] = new int[own.length][];
                for (int s = 0; s < own.length; s++) {
                    int w = own[s];
                    strata[r][s] = indexes(offset[r], b, w);
                }
            }
            streamed = anyStreamed;
            scopes = new int[levels.length + 1][];
            scopes[OVERALL] = new int[n];
            for (int i = 0; i < n; i++) {
                scopes[OVERALL][i] = i;
            }
            for (int s = 0; s < levels.length; s++) {
                int w = levels[s];
                scopes[s + 1] = java.util.stream.IntStream.range(0, n).filter(i -> level[i] == w).toArray();
            }
        }

        private static int[] indexes(int offset, Blocks b, int workers) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < b.count; i++) {
                if (b.level[i] == workers) {
                    out.add(offset + i);
                }
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The values of family {@code f} in {@code scope}. */
        long count(int f, int scope) {
            long n = 0;
            for (int i : scopes[scope]) {
                for (int c : counts[f][i]) {
                    n += c;
                }
            }
            return n;
        }

        /** Every resample, then the point estimate: {@code [resample][scope][metric]}. */
        double[][][] run(SplittableRandom random) {
            double[][][] out = new double[RESAMPLES + 1][][];
            long[][] acc = {new long[grid[0].length], new long[grid[1].length], new long[grid[2].length]};
            int[] weight = new int[blocks];
            for (int r = 0; r < RESAMPLES; r++) {
                Arrays.fill(weight, 0);
                int reps = runs.size();
                for (int k = 0; k < reps; k++) {
                    int rep = reps == 1 ? 0 : random.nextInt(reps);
                    for (int[] stratum : strata[rep]) {
                        for (int j = 0; j < stratum.length; j++) {
                            weight[stratum[random.nextInt(stratum.length)]]++;
                        }
                    }
                }
                out[r] = metrics(weight, acc);
            }
            Arrays.fill(weight, 1);
            out[RESAMPLES] = metrics(weight, acc);
            return out;
        }

        private double[][] metrics(int[] weight, long[][] acc) {
            double[][] out = new double[scopes.length][];
            for (int s = 0; s < scopes.length; s++) {
                out[s] = metrics(scopes[s], weight, acc);
            }
            return out;
        }

        private double[] metrics(int[] scope, int[] weight, long[][] acc) {
            double[] m = new double[Metric.values().length];
            double n = 0;
            double ok = 0;
            double time = 0;
            double tok = 0;
            double sum = 0;
            for (int i : scope) {
                int w = weight[i];
                if (w == 0) {
                    continue;
                }
                n += w * requests[i];
                ok += w * successes[i];
                time += w * seconds[i];
                tok += w * tokens[i];
                sum += w * latencySum[i];
            }
            m[Metric.MEAN.ordinal()] = n > 0 ? sum / n : Double.NaN;
            m[Metric.THROUGHPUT.ordinal()] = time > 0 ? n / time : Double.NaN;
            m[Metric.SUCCESS_RATE.ordinal()] = n > 0 ? ok * 100 / n : Double.NaN;
            m[Metric.OUTPUT_TOKENS_PER_S.ordinal()] = streamed && time > 0 ? tok / time : Double.NaN;
            quantiles(0, scope, weight, acc[0], m, Metric.P50, Metric.P90, Metric.P99);
            quantiles(1, scope, weight, acc[1], m, Metric.TTFT_P50, Metric.TTFT_P99);
            quantiles(2, scope, weight, acc[2], m, Metric.TPOT_P50, Metric.TPOT_P99);
            return m;
        }

        /** The quantiles of family {@code f} over the weighted blocks of {@code scope}, HdrHistogram's rank rule. */
        private void quantiles(int f, int[] scope, int[] weight, long[] acc, double[] m, Metric... wanted) {
            if (acc.length == 0) {
                for (Metric q : wanted) {
                    m[q.ordinal()] = Double.NaN;
                }
                return;
            }
            Arrays.fill(acc, 0);
            long total = 0;
            for (int i : scope) {
                int w = weight[i];
                if (w == 0) {
                    continue;
                }
                int[] idx = index[f][i];
                int[] c = counts[f][i];
                for (int k = 0; k < idx.length; k++) {
                    acc[idx[k]] += (long) w * c[k];
                    total += (long) w * c[k];
                }
            }
            int next = 0;
            long cumulative = 0;
            for (int g = 0; g < acc.length && next < wanted.length; g++) {
                cumulative += acc[g];
                while (next < wanted.length && total > 0 && cumulative >= rank(wanted[next].quantile, total)) {
                    m[wanted[next].ordinal()] = grid[f][g] / 1000.0;
                    next++;
                }
            }
            for (; next < wanted.length; next++) {
                m[wanted[next].ordinal()] = Double.NaN;
            }
        }
    }
}
