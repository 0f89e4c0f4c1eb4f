package io.benchsuite.result.compare;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * One run's requests cut into blocks: the unit the bootstrap resamples. A block holds the requests that started in
 * one stretch of time at one worker level; blocks of a level are resampled among themselves, so that a resample keeps
 * the run's mix of levels.
 *
 * <p>Implementation notes: requests of a load test are not independent. A closed-loop worker's next request waits for
 * its last, a server stall or a garbage collection slows every request in flight, a noisy neighbour slows a few
 * seconds. Resampling single requests treats 800 correlated requests as 800 independent ones and gives intervals far
 * too narrow (see {@code RunComparisonTest}); resampling stretches of time keeps those correlations inside each
 * block. A level's window is cut into {@value #BLOCKS_PER_LEVEL} blocks, each at least {@value #LATENCIES_PER_BLOCK}
 * median latencies and {@value #MIN_BLOCK_SECONDS} s long, so that a block spans several requests of every worker.
 *
 * <p>Without a request log only the levels' histograms are known, not when each request ran: the values are dealt
 * to blocks at random (seeded), which amounts to resampling independent requests; the comparison says so.
 */
final class Blocks {

    /** Blocks a worker level's window is cut into (fewer when the window is short). */
    static final int BLOCKS_PER_LEVEL = 10;
    /** A block spans at least this many median latencies of its level. */
    static final int LATENCIES_PER_BLOCK = 5;
    /** The shortest block, in seconds. */
    static final double MIN_BLOCK_SECONDS = 0.05;

    /** Rounds microseconds as the result's histograms do (3 significant digits). */
    private static final Histogram PRECISION = new Histogram(3);

    final int count;
    final int[] level;
    final double[] seconds;
    final long[] requests;
    final long[] successes;
    final long[] outputTokens;
    final double[] latencySumMs;
    /** Per family ({@link Metric.Family#LATENCY}, {@code TTFT}, {@code TPOT}) and block: the distinct values (µs). */
    final long[][][] values;
    /** Per family and block: how many requests had each of {@link #values}. */
    final int[][][] counts;
    final boolean fromLog;
    final boolean streamed;
    final double minBlockSeconds;
    final double maxBlockSeconds;
    final double runSeconds;

    private Blocks(Builder b, boolean fromLog) {
        this.count = b.level.length;
        this.level = b.level;
        this.seconds = b.seconds;
        this.requests = b.requests;
        this.successes = b.successes;
        this.outputTokens = b.outputTokens;
        this.latencySumMs = b.latencySumMs;
        this.values = new long[3][count][];
        this.counts = new int[3][count][];
        for (int f = 0; f < 3; f++) {
            for (int i = 0; i < count; i++) {
                long[] sorted = b.raw[f][i].sorted();
                int distinct = 0;
                for (int k = 0; k < sorted.length; k++) {
                    if (k == 0 || sorted[k] != sorted[k - 1]) {
                        distinct++;
                    }
                }
                long[] v = new long[distinct];
                int[] c = new int[distinct];
                int j = -1;
                for (int k = 0; k < sorted.length; k++) {
                    if (k == 0 || sorted[k] != sorted[k - 1]) {
                        v[++j] = sorted[k];
                    }
                    c[j]++;
                }
                values[f][i] = v;
                counts[f][i] = c;
            }
        }
        this.fromLog = fromLog;
        this.streamed = b.streamed;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double len : b.nominal) {
            min = Math.min(min, len);
            max = Math.max(max, len);
        }
        this.minBlockSeconds = count == 0 ? 0 : min;
        this.maxBlockSeconds = max;
        this.runSeconds = Arrays.stream(seconds).sum();
    }

    /** The distinct worker levels, ascending. */
    int[] levels() {
        return Arrays.stream(level).distinct().sorted().toArray();
    }

    /** Requests of all blocks. */
    long totalRequests() {
        return Arrays.stream(requests).sum();
    }

    /**
     * Collects the requests of {@code result}'s request log into blocks. Add every request with {@link #add}, then
     * {@link #build}.
     */
    static Builder builder(RunResult result) {
        return new Builder(result);
    }

    /** The run's blocks from its histograms alone: the values are dealt to blocks at random, as if independent. */
    static Blocks fromHistograms(RunResult result) {
        Builder b = new Builder(result);
        SplittableRandom random = new SplittableRandom(Bootstrap.SEED);
        for (int s = 0; s < b.strata.size(); s++) {
            Stratum st = b.strata.get(s);
            Stats bucket = st.bucket;
            Histogram h = decode(bucket.latencyHistogramUs());
            if (h == null) {
                continue;
            }
            long total = h.getTotalCount();
            long successesLeft = Math.min(bucket.successes(), total);
            long left = total;
            for (var v : h.recordedValues()) {
                long value = v.getValueIteratedTo();
                for (long k = v.getCountAtValueIteratedTo(); k > 0; k--) {
                    int block = st.first + random.nextInt(st.blocks);
                    boolean success = random.nextLong(left) < successesLeft;
                    if (success) {
                        successesLeft--;
                    }
                    left--;
                    b.put(block, value / 1000.0, quantize(value), success);
                }
            }
        }
        return new Blocks(b, false);
    }

    private static Histogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return null;
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether every bucket of {@code result} with requests carries its latency histogram. */
    static boolean hasHistograms(RunResult result) {
        return result.buckets().stream().filter(s -> s.requests() > 0)
                .allMatch(s -> decode(s.latencyHistogramUs()) != null);
    }

    /** Microseconds rounded as the result's histograms round them. */
    static long quantize(long micros) {
        return PRECISION.highestEquivalentValue(Math.max(0, micros));
    }

    /** A worker level: its bucket and the range of block indexes its window is cut into. */
    private record Stratum(Stats bucket, int first, int blocks, double start, double blockSeconds) {
    }

    /** Collects requests into the blocks of a run. */
    static final class Builder {
        private final List<Stratum> strata = new ArrayList<>();
        private final int[] level;
        private final double[] seconds;
        private final double[] nominal;
        private final long[] requests;
        private final long[] successes;
        private final long[] outputTokens;
        private final double[] latencySumMs;
        private final LongList[][] raw;
        private final boolean streamed;
        private long outside;

        private Builder(RunResult result) {
            int n = 0;
            for (Stats bucket : result.buckets()) {
                if (bucket.level() == null || bucket.requests() == 0) {
                    continue;
                }
                double start = window(bucket, 0);
                double length = Math.max(0, window(bucket, 1) - start);
                double blockSeconds = Math.max(Math.max(length / BLOCKS_PER_LEVEL, MIN_BLOCK_SECONDS),
                        LATENCIES_PER_BLOCK * bucket.latencyMs().p50() / 1000.0);
                int blocks = (int) Math.max(1, Math.min(BLOCKS_PER_LEVEL, Math.floor(length / blockSeconds)));
                strata.add(new Stratum(bucket, n, blocks, start, blockSeconds));
                n += blocks;
            }
            level = new int[n];
            seconds = new double[n];
            nominal = new double[n];
            requests = new long[n];
            successes = new long[n];
            outputTokens = new long[n];
            latencySumMs = new double[n];
            raw = new LongList[3][n];
            for (LongList[] family : raw) {
                for (int i = 0; i < n; i++) {
                    family[i] = new LongList();
                }
            }
            for (Stratum s : strata) {
                double length = Math.max(0, window(s.bucket, 1) - s.start);
                for (int k = 0; k < s.blocks; k++) {
                    int i = s.first + k;
                    level[i] = key(s.bucket);
                    nominal[i] = s.blocks == 1 ? length : s.blockSeconds;
                    // the last block takes the rest of the window
                    seconds[i] = k < s.blocks - 1 ? s.blockSeconds : length - (s.blocks - 1) * s.blockSeconds;
                }
            }
            streamed = result.overall() != null && result.overall().hasTokenMetrics();
        }

        /**
         * A bucket's level as a whole number: its workers, or in the open model its target rate rounded to a whole
         * request per second (the levels of one ramp lie further apart than that).
         */
        static int key(Stats bucket) {
            return bucket.workers() != null ? bucket.workers() : (int) Math.round(bucket.rate());
        }

        private static double window(Stats bucket, int end) {
            List<Double> w = bucket.windowSeconds();
            return w == null || w.size() < 2 ? 0 : w.get(end);
        }

        /**
         * Adds one request of the log.
         *
         * @param ttftMs       NaN when the request has none
         * @param tpotMs       NaN when the request has none
         * @param outputTokens negative when the request has none
         */
        void add(int workers, double startOffsetMs, double latencyMs, boolean success, double ttftMs, double tpotMs,
                 long outputTokens) {
            Stratum s = stratum(workers);
            if (s == null) {
                outside++;
                return;
            }
            int k = (int) Math.floor((startOffsetMs / 1000.0 - s.start) / s.blockSeconds);
            int block = s.first + Math.max(0, Math.min(s.blocks - 1, k));
            put(block, latencyMs, quantize(Math.round(latencyMs * 1000)), success);
            if (success && streamed) {
                if (!Double.isNaN(ttftMs)) {
                    raw[1][block].add(quantize(Math.round(ttftMs * 1000)));
                }
                if (!Double.isNaN(tpotMs)) {
                    raw[2][block].add(quantize(Math.round(tpotMs * 1000)));
                }
                if (outputTokens > 0) {
                    this.outputTokens[block] += outputTokens;
                }
            }
        }

        private Stratum stratum(int workers) {
            for (Stratum s : strata) {
                if (key(s.bucket) == workers) {
                    return s;
                }
            }
            return null;
        }

        private void put(int block, double latencyMs, long quantizedMicros, boolean success) {
            requests[block]++;
            if (success) {
                successes[block]++;
            }
            latencySumMs[block] += latencyMs;
            raw[0][block].add(quantizedMicros);
        }

        /** Requests of the log at a level the result has no bucket for (not counted). */
        long outside() {
            return outside;
        }

        Blocks build() {
            return new Blocks(this, true);
        }
    }

    /** A growable array of longs. */
    private static final class LongList {
        private long[] a = new long[16];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] sorted() {
            long[] out = Arrays.copyOf(a, n);
            Arrays.sort(out);
            a = null;
            return out;
        }
    }
}
