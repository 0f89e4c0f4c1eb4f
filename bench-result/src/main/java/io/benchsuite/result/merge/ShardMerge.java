package io.benchsuite.result.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.Environment;
import io.benchsuite.result.MergedShards;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.ShardInfo;
import io.benchsuite.result.Stats;
import io.benchsuite.result.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One result for a whole distributed run, from the results of its shards ({@code bench merge}). Every shard ran its
 * share of the same levels at the same instants and kept its buckets under the global level, so the merge adds
 * buckets by level: counts are summed and each level's percentiles come from the sum of the shards' HdrHistograms,
 * which is exact (the shards recorded with the same precision, so adding their counts loses nothing). The formulas
 * are in {@code docs/distributed.md}.
 *
 * <pre>{@code
 * RunResult whole = ShardMerge.merge(List.of(Input.of("a/result.json", jsonA), Input.of("b/result.json", jsonB)));
 * }</pre>
 *
 * <p>Shards that do not belong together are refused with an {@link IllegalArgumentException} naming what differs:
 * a result that is no shard, different run ids, shard counts, shared starts, benchmark types or configs, a shard
 * given twice or missing. Thresholds are not evaluated here (the merged result has none): the run pipeline does it.
 */
public final class ShardMerge {

    /** Error samples kept per error class, as the engine does. */
    static final int SAMPLES_PER_CLASS = 5;

    private ShardMerge() {
    }

    /**
     * One shard's result.
     *
     * @param origin   where it came from, for messages ({@code out-1/r.shard-1/result.json}, {@code MongoDB ...})
     * @param result   the result
     */
    public record Input(String origin, RunResult result) {

        public Input {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(result, "result");
        }

        /**
         * The shard result {@code document} holds (a {@code result.json} document, or a database's copy of one).
         *
         * @throws IllegalArgumentException when it is not a result document
         */
        public static Input of(String origin, JsonNode document) {
            RunResult result;
            try {
                result = ResultJson.mapper().treeToValue(document, RunResult.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(origin + ": not a BenchSuite result.json ("
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
            }
            if (result.runId() == null || result.overall() == null) {
                throw new IllegalArgumentException(origin + ": not a BenchSuite result.json (no run_id or overall)");
            }
            return new Input(origin, result);
        }
    }

    /**
     * The result of the whole run.
     *
     * @throws IllegalArgumentException when the inputs are not every shard of one run, naming what differs
     */
    public static RunResult merge(List<Input> inputs) {
        List<Input> shards = check(inputs);
        RunResult first = shards.getFirst().result();
        int n = shards.size();
        double[] offsetMs = new double[n];
        for (int i = 0; i < n; i++) {
            Double off = shards.get(i).result().shard().startOffsetMs();
            offsetMs[i] = off == null ? 0 : off;
        }
        double earliest = min(offsetMs);
        // the merged run's time axis starts with the earliest shard; each shard's seconds are shifted onto it
        double[] shiftSeconds = new double[n];
        for (int i = 0; i < n; i++) {
            shiftSeconds[i] = (offsetMs[i] - earliest) / 1000.0;
        }
        Instant sharedStart = first.shard().startAt();
        Instant startedAt = sharedStart != null ? sharedStart.plusNanos(Math.round(earliest * 1e6))
                : shards.stream().map(s -> s.result().startedAt()).filter(Objects::nonNull)
                        .min(Comparator.naturalOrder()).orElse(null);
        Instant finishedAt = shards.stream().map(s -> s.result().finishedAt()).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);

        List<String> notes = new ArrayList<>();
        Levels levels = new Levels();
        double loadEnd = 0;
        for (int i = 0; i < n; i++) {
            RunResult r = shards.get(i).result();
            double shardEnd = 0;
            for (Stats b : r.buckets()) {
                levels.add(b, shiftSeconds[i], shards.get(i).origin());
                shardEnd = Math.max(shardEnd, b.windowSeconds() == null ? 0 : b.windowSeconds().get(1));
            }
            loadEnd = Math.max(loadEnd, shiftSeconds[i] + shardEnd);
        }
        List<Stats> buckets = levels.stats(notes);
        Stats overall = levels.overall(loadEnd);

        // a note every shard has (a warning about the plan) is kept once; the others say whose they are
        Set<String> common = new LinkedHashSet<>(first.notes());
        shards.forEach(in -> common.retainAll(in.result().notes()));
        List<String> shardNotes = new ArrayList<>(common);
        List<MergedShards.Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Input in = shards.get(i);
            RunResult r = in.result();
            String who = "shard " + r.shard().index() + "/" + n;
            r.notes().stream().filter(note -> !common.contains(note)).forEach(note -> shardNotes.add(who + ": " + note));
            if (r.status() != RunResult.Status.completed) {
                shardNotes.add(who + " ended " + r.status() + "; the merged result holds what it measured");
            }
            members.add(new MergedShards.Member(r.shard().index(),
                    r.environment() == null ? null : r.environment().host(), r.startedAt(),
                    r.shard().startOffsetMs(), r.overall().requests(), r.status(), r.validity()));
        }
        notes.addAll(0, shardNotes);
        double skew = round3(max(offsetMs) - earliest);
        return new RunResult(RunResult.SCHEMA_VERSION, first.runId(), first.orgId(), first.benchmarkType(),
                first.name(), status(shards), first.target(), startedAt, finishedAt,
                startedAt == null || finishedAt == null ? 0
                        : round3(Duration.between(startedAt, finishedAt).toNanos() / 1e9),
                first.config(), environment(shards), overall, buckets, List.of(), timeline(shards),
                errorSamples(shards), notes, first.loadModel(), validity(shards), null,
                new MergedShards(n, skew, members), null, null, null);
    }

    /** The inputs by shard index, after every check; or the reason they do not make one run. */
    private static List<Input> check(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge: give the result of every shard of the run");
        }
        for (Input in : inputs) {
            if (in.result().shard() == null) {
                throw new IllegalArgumentException(in.origin() + " is not a shard's result (it has no \"shard\"; "
                        + "it was not run with bench run --shard I/N): merge the results of the shards of one run");
            }
        }
        Input first = inputs.getFirst();
        for (Input in : inputs.subList(1, inputs.size())) {
            same("run ids", first, in, RunResult::runId);
            same("shard counts", first, in, r -> r.shard().count());
            same("shared starts (shard.start_at)", first, in, r -> r.shard().startAt());
            same("benchmark types", first, in, RunResult::benchmarkType);
            same("load models", first, in, r -> r.openModel() ? RunResult.OPEN : RunResult.CLOSED);
            sameConfig(first, in);
        }
        int count = first.result().shard().count();
        Map<Integer, Input> byIndex = new TreeMap<>();
        for (Input in : inputs) {
            Input earlier = byIndex.putIfAbsent(in.result().shard().index(), in);
            if (earlier != null) {
                throw new IllegalArgumentException("shard " + in.result().shard().index() + " of run "
                        + first.result().runId() + " is given twice: " + earlier.origin() + " and " + in.origin()
                        + "; give each shard's result once");
            }
        }
        Set<Integer> missing = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("run " + first.result().runId() + " has " + count + " shards, but "
                    + (missing.size() == 1 ? "shard " + missing.iterator().next() + " is" : "shards " + join(missing)
                    + " are") + " missing (given: " + join(byIndex.keySet()) + "); give the result of every shard");
        }
        return List.copyOf(byIndex.values());
    }

    private static void same(String what, Input a, Input b, Function<RunResult, Object> value) {
        Object x = value.apply(a.result());
        Object y = value.apply(b.result());
        if (!Objects.equals(x, y)) {
            throw new IllegalArgumentException("different " + what + ": " + x + " (" + a.origin() + ") and " + y
                    + " (" + b.origin() + "); merge the shards of one run");
        }
    }

    /** The configs must be equal: the shards ran one benchmark (shard-specific settings are not in the config). */
    private static void sameConfig(Input a, Input b) {
        ObjectNode x = a.result().config();
        ObjectNode y = b.result().config();
        if (Objects.equals(x, y)) {
            return;
        }
        Set<String> keys = new TreeSet<>();
        if (x != null) {
            x.fieldNames().forEachRemaining(keys::add);
        }
        if (y != null) {
            y.fieldNames().forEachRemaining(keys::add);
        }
        for (String key : keys) {
            JsonNode vx = x == null ? null : x.get(key);
            JsonNode vy = y == null ? null : y.get(key);
            if (!Objects.equals(vx, vy)) {
                throw new IllegalArgumentException("different configs: \"" + key + "\" is " + show(vx) + " in "
                        + a.origin() + " and " + show(vy) + " in " + b.origin() + "; every shard must run the "
                        + "same config");
            }
        }
        throw new IllegalArgumentException("different configs in " + a.origin() + " and " + b.origin()
                + "; every shard must run the same config");
    }

    private static String show(JsonNode v) {
        return v == null ? "absent" : v.toString();
    }

    /**
     * The buckets of every shard, by global level: the worker level, or in the open model the shard's rate of the
     * level (every shard runs the same share of each rate, so the same key), whose merged rate is the shards' sum.
     */
    private static final class Levels {
        private final TreeMap<Double, StatsSum> byWorkers = new TreeMap<>();
        private final StatsSum all = new StatsSum(null);

        void add(Stats bucket, double shiftSeconds, String origin) {
            byWorkers.computeIfAbsent(Math.round(bucket.level() * 1e6) / 1e6, k -> new StatsSum(bucket.workers()))
                    .add(bucket, shiftSeconds, origin);
            all.add(bucket, shiftSeconds, origin);
        }

        List<Stats> stats(List<String> notes) {
            List<Stats> out = new ArrayList<>();
            Set<String> unmerged = new TreeSet<>();
            for (StatsSum l : byWorkers.values()) {
                out.add(l.stats(unmerged));
            }
            if (!unmerged.isEmpty()) {
                notes.add(String.join(", ", unmerged) + " are left out: some shard results have no "
                        + "ttft_histogram_us, tpot_histogram_us or itl_histogram_us (they were written before "
                        + "BenchSuite kept them), and their percentiles cannot be merged exactly");
            }
            return out;
        }

        Stats overall(double loadEnd) {
            return all.overall(loadEnd);
        }
    }

    /**
     * Second {@code i} of the merged timeline adds second {@code i} of every shard (the shards started within the
     * skew of each other, well inside a second): counts are summed, {@code workers} is the level (the same global
     * level on every shard), {@code p50_ms} the mean of the shards' p50s weighted by their completed requests, and
     * {@code p99_ms} the highest shard p99: per-second histograms are not stored, so these two are not exact;
     * {@code rate_limited} is summed, the rate limits' remaining counts are the lowest, and the server's series are
     * the mean of the shards' scrapes (every shard scraped the same server).
     */
    private static List<TimelineEntry> timeline(List<Input> shards) {
        TreeMap<Integer, List<TimelineEntry>> bySecond = new TreeMap<>();
        for (Input in : shards) {
            for (TimelineEntry e : in.result().timeline()) {
                bySecond.computeIfAbsent(e.second(), k -> new ArrayList<>()).add(e);
            }
        }
        List<TimelineEntry> out = new ArrayList<>();
        bySecond.forEach((second, entries) -> {
            int workers = 0;
            long started = 0;
            long completed = 0;
            long failures = 0;
            double p50Weighted = 0;
            double p99 = 0;
            Long tokens = null;
            Double rate = null;
            for (TimelineEntry e : entries) {
                workers = Math.max(workers, e.workers());
                if (e.rate() != null) {
                    rate = (rate == null ? 0 : rate) + e.rate();
                }
                started += e.started();
                completed += e.completed();
                failures += e.failures();
                p50Weighted += e.p50Ms() * e.completed();
                p99 = Math.max(p99, e.p99Ms());
                if (e.outputTokens() != null) {
                    tokens = (tokens == null ? 0 : tokens) + e.outputTokens();
                }
            }
            TimelineEntry.RateLimits limits = TimelineEntry.RateLimits.of(entries);
            out.add(new TimelineEntry(second, workers, started, completed, failures,
                    completed == 0 ? 0 : round3(p50Weighted / completed), p99, tokens,
                    rate == null ? null : round3(rate), limits.rateLimited(), limits.remainingRequests(),
                    limits.remainingTokens(), TimelineEntry.meanServer(entries), limits.retryAfterS()));
        });
        return out;
    }

    /** Each class's distinct samples over the shards, in shard order, at most {@value #SAMPLES_PER_CLASS}. */
    private static Map<String, List<String>> errorSamples(List<Input> shards) {
        Map<String, LinkedHashSet<String>> samples = new TreeMap<>();
        for (Input in : shards) {
            in.result().errorSamples().forEach((cls, list) -> {
                LinkedHashSet<String> kept = samples.computeIfAbsent(cls, k -> new LinkedHashSet<>());
                for (String s : list) {
                    if (kept.size() < SAMPLES_PER_CLASS) {
                        kept.add(s);
                    }
                }
            });
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        samples.forEach((cls, kept) -> out.put(cls, List.copyOf(kept)));
        return out;
    }

    /**
     * The whole run's verdict: valid when every shard's was (a shard without one counts as valid), each shard's
     * reasons prefixed with the shard; rates and counts added up, the p99s and the CPU, GC figures the worst
     * shard's (each shard ran on its own machine, so its own limits apply). Null when no shard had a verdict.
     */
    static io.benchsuite.result.Validity validity(List<Input> shards) {
        List<io.benchsuite.result.Validity> all = shards.stream().map(in -> in.result().validity())
                .filter(Objects::nonNull).toList();
        if (all.isEmpty()) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        for (Input in : shards) {
            io.benchsuite.result.Validity v = in.result().validity();
            if (v != null) {
                v.reasons().forEach(r -> reasons.add("shard " + in.result().shard().index() + "/" + shards.size()
                        + ": " + r));
            }
        }
        boolean open = all.stream().anyMatch(v -> v.targetRps() != null);
        return new io.benchsuite.result.Validity(reasons.isEmpty(), reasons,
                open ? round3(all.stream().mapToDouble(v -> v.targetRps() == null ? 0 : v.targetRps()).sum()) : null,
                open ? round3(all.stream().mapToDouble(v -> v.achievedRps() == null ? 0 : v.achievedRps()).sum()) : null,
                open ? all.stream().mapToDouble(v -> v.schedulingLagP99Ms() == null ? 0 : v.schedulingLagP99Ms())
                        .max().orElse(0) : null,
                open ? all.stream().mapToLong(v -> v.waitedForSlot() == null ? 0 : v.waitedForSlot()).sum() : null,
                open ? all.stream().mapToDouble(v -> v.slotWaitP99Ms() == null ? 0 : v.slotWaitP99Ms()).max()
                        .orElse(0) : null,
                all.stream().mapToDouble(io.benchsuite.result.Validity::generatorCpuPercent).max().orElse(0),
                all.stream().mapToDouble(io.benchsuite.result.Validity::gcPauseMs).max().orElse(0),
                all.stream().mapToLong(io.benchsuite.result.Validity::clientErrors).sum());
    }

    /** Failed if a shard failed, else aborted if a shard was aborted, else completed. */
    private static RunResult.Status status(List<Input> shards) {
        RunResult.Status worst = RunResult.Status.completed;
        for (Input in : shards) {
            RunResult.Status s = in.result().status();
            if (s == RunResult.Status.failed || (s == RunResult.Status.aborted && worst == RunResult.Status.completed)) {
                worst = s;
            }
        }
        return worst;
    }

    /**
     * Where the shards ran: their distinct hosts joined, their processors and heaps added up; the rest (operating
     * system, JDK, version, worker threads) from the first shard, or every distinct value joined when they differ.
     */
    private static Environment environment(List<Input> shards) {
        List<Environment> envs = shards.stream().map(in -> in.result().environment()).filter(Objects::nonNull)
                .toList();
        if (envs.isEmpty()) {
            return null;
        }
        return new Environment(distinct(envs, Environment::host), distinct(envs, Environment::os),
                distinct(envs, Environment::jdk), envs.stream().mapToInt(Environment::cpus).sum(),
                envs.stream().mapToLong(Environment::maxHeapMb).sum(), distinct(envs, Environment::toolVersion),
                distinct(envs, Environment::workerThreads));
    }

    private static String distinct(List<Environment> envs, Function<Environment, String> field) {
        Set<String> values = new LinkedHashSet<>();
        envs.forEach(e -> {
            String v = field.apply(e);
            if (v != null) {
                values.add(v);
            }
        });
        return values.isEmpty() ? null : String.join(", ", values);
    }

    private static String join(Set<Integer> indexes) {
        return String.join(", ", indexes.stream().map(String::valueOf).toList());
    }

    private static double min(double[] values) {
        double m = Double.MAX_VALUE;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] values) {
        double m = -Double.MAX_VALUE;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double rate(long ok, long requests) {
        return requests == 0 ? 0 : round3(ok * 100.0 / requests);
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
