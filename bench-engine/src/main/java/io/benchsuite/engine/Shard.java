package io.benchsuite.engine;

/**
 * Shard {@code index} of {@code count}: the part of a run one generator sends when the run is split over several
 * ({@code bench run --shard I/N}). Every shard follows the same schedule from the same start; at each moment it
 * runs its share of the global level, and the shares of all shards add up to the level exactly, as k6's execution
 * segments split a load.
 *
 * <table>
 *   <caption>The split</caption>
 *   <tr><th>what</th><th>shard {@code i} of {@code n} gets</th></tr>
 *   <tr><td>closed model: workers at level {@code L}</td>
 *       <td>{@code floor((L + n - 1 - i) / n)}: the run's workers are dealt like cards, worker {@code w} (0-based,
 *       in the order the ramp adds them) to shard {@code w mod n}</td></tr>
 *   <tr><td>open model: a rate {@code R}</td><td>{@code R / n}, from an arrival stream of its own
 *       ({@link #seed(long)})</td></tr>
 *   <tr><td>dataset records</td><td>those whose index {@code k} has {@code k % n == i}</td></tr>
 *   <tr><td>a request cap {@code C} ({@code total_requests})</td><td>{@link #share}{@code (C)}, dealt as the
 *       workers are</td></tr>
 * </table>
 *
 * <p>Why dealt, and not cut into contiguous segments ({@code floor(L(i+1)/n) - floor(Li/n)}, k6's segment
 * formula applied to a count): that share is not monotone in {@code L} (shard 2 of 5 has 1 worker at level 2 and 0
 * at level 3), so a shard would have to stop a worker while the level rises; k6 stripes its segments for the same
 * reason. Dealt shares add up to {@code L}, never fall as {@code L} rises (a shard only ever starts workers), and
 * differ by at most one, the lower indexes holding the extra ones. A shard of 1 ({@link #WHOLE}) is the whole run.
 *
 * <pre>{@code
 * Shard s = Shard.parse("1/3");
 * s.workers(9);   // 3
 * s.workers(4);   // 1: workers 0..3 go to shards 0, 1, 2, 0
 * }</pre>
 *
 * @param index 0 to {@code count - 1} (as Kubernetes' {@code JOB_COMPLETION_INDEX})
 * @param count how many shards the run is split into, at least 1
 */
public record Shard(int index, int count) {

    /** The whole run: one shard of one. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1) {
            throw new IllegalArgumentException("the shard count (" + count + ") must be at least 1");
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("the shard index (" + index + ") must be from 0 to " + (count - 1)
                    + " for " + count + " shard" + (count == 1 ? "" : "s") + " (shards are numbered from 0)");
        }
    }

    /**
     * The shard {@code text} names: {@code I/N}, e.g. {@code 0/3}.
     *
     * @throws IllegalArgumentException when it is not {@code I/N} with {@code 0 <= I < N}, saying why
     */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + t + "\" is not a shard: write INDEX/COUNT, e.g. 0/3 for the "
                    + "first of three shards");
        }
        int index;
        int count;
        try {
            index = Integer.parseInt(t.substring(0, slash).strip());
            count = Integer.parseInt(t.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + t + "\" is not a shard: INDEX and COUNT must be whole numbers, "
                    + "e.g. 0/3 for the first of three shards");
        }
        return new Shard(index, count);
    }

    /** Whether this is the whole run ({@code count == 1}). */
    public boolean whole() {
        return count == 1;
    }

    /** This shard's workers at global level {@code level}: {@code floor((L + n - 1 - i) / n)}. */
    public int workers(int level) {
        return (int) share(level);
    }

    /**
     * This shard's part of {@code total} things dealt in turn, {@code floor((total + n - 1 - i) / n)}: of the
     * workers of a level ({@link #workers}), of a run-wide request cap ({@code total_requests}).
     */
    public long share(long total) {
        if (total < 0) {
            throw new IllegalArgumentException("cannot share " + total + " (must be >= 0)");
        }
        return total / count + (index < total % count ? 1 : 0);
    }

    /** This shard's part of a run-wide rate (requests per second, say): {@code rate / count}. */
    public double rate(double rate) {
        return rate / count;
    }

    /**
     * The seed of this shard's own random stream (an open model's arrivals) from the run's {@code seed}: the same
     * for the same run and shard, different for each shard, so that the shards' streams are independent rather
     * than the same arrivals {@code count} times. The whole run keeps {@code seed}.
     */
    public long seed(long seed) {
        if (whole()) {
            return seed;
        }
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1); // SplitMix64's step and finaliser
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Whether the dataset record at {@code recordIndex} is this shard's: {@code recordIndex % count == index}. */
    public boolean holdsRecord(long recordIndex) {
        return recordIndex % count == index;
    }

    /**
     * Where this shard's results of run {@code runId} are kept apart from the other shards': the name of its run
     * directory and its id in a database ({@code <run_id>.shard-<index>}); the run id itself for the whole run.
     */
    public String key(String runId) {
        return whole() ? runId : io.benchsuite.result.ShardInfo.key(runId, index);
    }

    /** {@code I/N}. */
    @Override
    public String toString() {
        return index + "/" + count;
    }
}
