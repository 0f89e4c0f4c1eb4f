package io.benchsuite.engine.run;

import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.result.Distribution;
import io.benchsuite.result.Environment;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.ShardInfo;
import io.benchsuite.result.Stats;
import io.benchsuite.result.TimelineEntry;
import io.benchsuite.result.Validity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@link RunResult} of a run, from what it recorded: each level's statistics over its window (from the instant
 * the level was raised to the instant the next one was, or the load stopped), the overall statistics over the
 * load window, the error samples and the notes. After the drain, on the controller thread.
 */
final class ResultAssembly {

    private final RunSpec spec;
    private final Levels levels;
    private final Workers workers;

    ResultAssembly(RunSpec spec, Levels levels, Workers workers) {
        this.workers = workers;
        this.spec = spec;
        this.levels = levels;
    }

    /**
     * @param loadEndNanos the instant no new request could start, nanoseconds after the start
     * @param logFailure   the first error a request-log sink threw (a note of the result), or null
     * @param used         what generating the load cost this process, for the validity verdict
     * @param startOffsetNanos how much later than the shared start the load started, or null without one
     */
    RunResult result(Instant startedAt, long loadEndNanos, List<TimelineEntry> timeline,
                     Map<String, List<String>> errorSamples, WorkerThreads threads, Throwable logFailure,
                     GeneratorLoad.Used used, Long startOffsetNanos) {
        Instant finishedAt = Instant.now();
        boolean streaming = spec.streaming;
        boolean open = spec.rates != null;
        double loadEnd = loadEndNanos / 1e9;
        List<Stats> bucketStats = new ArrayList<>();
        Totals all = new Totals(streaming, open);
        long inputTokens = 0;
        long good = 0;
        long usageStreams = 0;
        long chunkStreams = 0;
        for (int i = 0; i < levels.count(); i++) {
            Bucket b = levels.byIndex(i);
            if (b == null) {
                continue;
            }
            // the level's window: when the engine actually raised it, to when it raised the next one
            double start = Math.min(levels.raisedAtNanos(i) / 1e9, loadEnd);
            double end = i + 1 < levels.count() && levels.raisedAtNanos(i + 1) >= 0
                    ? levels.raisedAtNanos(i + 1) / 1e9 : loadEnd;
            end = Math.min(end, loadEnd);
            long abandoned = Math.max(0, b.started.sum() - b.completed());
            Stats s = b.stats(start, Math.max(start, end), abandoned, workers.interruptedClass());
            if (s.requests() == 0 && b.workers != levels.first()) {
                continue; // a level the ramp passed in less time than a request takes to start
            }
            bucketStats.add(s);
            all.add(b.totals);
            good += b.good.sum();
            if (streaming) {
                inputTokens += b.inputTokens.sum();
                usageStreams += b.usageStreams.sum();
                chunkStreams += b.chunkStreams.sum();
            }
        }
        long requests = bucketStats.stream().mapToLong(Stats::requests).sum();
        long ok = bucketStats.stream().mapToLong(Stats::successes).sum();
        Long outTokens = streaming ? bucketStats.stream().mapToLong(s -> s.outputTokens() == null ? 0
                : s.outputTokens()).sum() : null;
        Stats overall = new Stats(null, null, requests, ok, requests - ok, Bucket.rate(ok, requests),
                loadEnd > 0 ? Bucket.round3(requests / loadEnd) : 0, Distribution.ofMicros(all.latency),
                Bucket.mergeErrors(bucketStats),
                streaming ? Distribution.ofMicros(all.ttft) : null,
                streaming ? Distribution.ofMicros(all.tpot) : null,
                streaming ? Distribution.ofMicros(all.itl) : null,
                outTokens, streaming ? inputTokens : null,
                streaming ? (loadEnd > 0 ? Bucket.round3(outTokens / loadEnd) : 0.0) : null, null, null,
                open ? Distribution.ofMicros(all.service) : null, null, null, null, null,
                spec.slo == null ? null : good, spec.slo == null ? null : loadEnd > 0 ? Bucket.round3(good / loadEnd)
                : 0.0, streaming ? Distribution.ofMicros(all.ttfo) : null, null,
                streaming ? sum(bucketStats, Stats::reasoningTokens) : null,
                streaming ? sum(bucketStats, Stats::cachedTokens) : null,
                streaming ? Bucket.tokenSource(usageStreams, chunkStreams) : null, null);
        io.benchsuite.result.Prices prices = prices();
        if (prices != null) {
            bucketStats.replaceAll(s -> s.withCostUsd(prices.cost(s)));
            overall = overall.withCostUsd(prices.cost(overall));
        }
        RunResult.Status status = spec.control.aborted() ? RunResult.Status.aborted : RunResult.Status.completed;
        boolean inProcess;
        try {
            inProcess = spec.target.runsInProcess();
        } catch (RuntimeException e) {
            inProcess = false;
        }
        Validity validity = Verdict.of(workers instanceof OpenWorkers o ? o.measures() : null, loadEnd, used,
                inProcess, overall.errors(), open ? spec.rates.maxInFlight() : 0);
        return new RunResult(RunResult.SCHEMA_VERSION, spec.runId, spec.orgId, spec.benchmarkType, spec.name, status,
                spec.targetDescription, startedAt, finishedAt,
                Bucket.round3((finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0), spec.redactedConfig,
                Environment.current(threads.configName()), overall, bucketStats, List.of(), timeline, errorSamples,
                notes(logFailure, startOffsetNanos), open ? RunResult.OPEN : RunResult.CLOSED, validity,
                shard(startOffsetNanos), null, null, null, null);
    }

    private io.benchsuite.result.Prices prices() {
        try {
            return spec.target.prices();
        } catch (RuntimeException e) {
            return null; // a target's bug must not lose the measurements
        }
    }

    /** The sum of {@code field} over the buckets that have it, null when none does. */
    static Long sum(List<Stats> buckets, java.util.function.Function<Stats, Long> field) {
        Long total = null;
        for (Stats s : buckets) {
            Long v = field.apply(s);
            if (v != null) {
                total = total == null ? v : total + v;
            }
        }
        return total;
    }

    /** The result's {@code "shard"}: null for the whole run. */
    private ShardInfo shard(Long startOffsetNanos) {
        if (spec.shard.whole()) {
            return null;
        }
        return new ShardInfo(spec.shard.index(), spec.shard.count(), spec.startAt,
                startOffsetNanos == null ? null : Math.round(startOffsetNanos / 1e3) / 1e3);
    }

    private List<String> notes(Throwable logFailure, Long startOffsetNanos) {
        List<String> notes = new ArrayList<>();
        if (startOffsetNanos != null && startOffsetNanos > SharedStart.TOLERANCE.toNanos()) {
            notes.add("the load started " + SharedStart.seconds(java.time.Duration.ofNanos(startOffsetNanos))
                    + " after the shared start " + spec.startAt + " (the warm-up's last requests kept it): its "
                    + "levels were raised that much later than planned");
        }
        try {
            notes.addAll(spec.target.notes());
        } catch (RuntimeException e) {
            // a target's bug must not lose the measurements
        }
        if (logFailure != null) {
            notes.add("the per-request log is incomplete: writing it failed (" + describe(logFailure) + "), so "
                    + "requests.jsonl.gz or the MongoDB request documents lack the requests after that; the "
                    + "numbers of this result are complete (the recorders do not depend on the log); free disk "
                    + "space or raise the open-file limit (ulimit -n) before the next run");
        }
        return notes.stream().map(spec.secrets::scrub).toList();
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
