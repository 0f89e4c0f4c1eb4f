package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import io.benchsuite.result.compare.RunComparison;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result document of one run: what {@code result.json} holds, what MongoDB stores, what the report and
 * {@code bench analyze} read. Its JSON form is the contract described in {@code docs/results.md}; it only
 * grows (new optional fields), and {@code schema_version} changes when a field changes meaning.
 *
 * <p>{@code notes}: what the user must know about how the requests were sent (e.g. a {@code json_path} that
 * matched nothing in some records), from {@link io.benchsuite.engine.Target#notes()}; absent when empty.
 *
 * <p>{@code shard}: which part of a distributed run this result holds ({@code bench run --shard}), absent in a
 * whole run; {@code shards}: the shards a merged result was made of ({@code bench merge}), absent otherwise.
 * {@code capacity}: what {@code bench sweep} found (absent otherwise).
 *
 * <p>{@code repetition}: for one of the runs of {@code repeat: n}, which one (absent otherwise).
 * {@code comparison}: the comparison with a baseline, for a load test that has one (absent otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema_version", "run_id", "org_id", "benchmark_type", "name", "status", "target",
        "started_at", "finished_at", "duration_seconds", "config", "environment", "overall", "buckets",
        "thresholds", "timeline", "error_samples", "notes", "load_model", "validity", "shard", "shards", "capacity",
        "repetition", "comparison"})
public record RunResult(int schemaVersion, String runId, String orgId, String benchmarkType, String name,
                        Status status, String target, Instant startedAt, Instant finishedAt,
                        double durationSeconds, ObjectNode config, Environment environment, Stats overall,
                        List<Stats> buckets, List<ThresholdResult> thresholds, List<TimelineEntry> timeline,
                        Map<String, List<String>> errorSamples,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> notes, String loadModel,
                        Validity validity, ShardInfo shard, MergedShards shards, Capacity capacity,
                        Repetition repetition, RunComparison comparison) {

    /** The closed model's load: workers each waiting for their answer (the default). */
    public static final String CLOSED = "closed";
    /** The open model's load: requests at a target rate, whether or not earlier ones answered. */
    public static final String OPEN = "open";

    /**
     * A result without a load model, validity verdict or shard (as written before they existed: the closed model,
     * one generator).
     */
    public RunResult(int schemaVersion, String runId, String orgId, String benchmarkType, String name,
                     Status status, String target, Instant startedAt, Instant finishedAt,
                     double durationSeconds, ObjectNode config, Environment environment, Stats overall,
                     List<Stats> buckets, List<ThresholdResult> thresholds, List<TimelineEntry> timeline,
                     Map<String, List<String>> errorSamples, List<String> notes) {
        this(schemaVersion, runId, orgId, benchmarkType, name, status, target, startedAt, finishedAt, durationSeconds,
                config, environment, overall, buckets, thresholds, timeline, errorSamples, notes, null, null, null,
                null, null, null, null);
    }

    public static final int SCHEMA_VERSION = 1;


    /**
     * Which of the runs of {@code repeat: n} a run is: its {@code index} (1 to {@code count}) in the group whose id is
     * {@code group} (the run id the repetitions share; run {@code i} is {@code <group>-r<i>}).
     */
    public record Repetition(String group, int index, int count) {
        public Repetition {
            Objects.requireNonNull(group, "group");
            if (count < 1 || index < 1 || index > count) {
                throw new IllegalArgumentException("repetition " + index + " of " + count + " is not one of 1.."
                        + count);
            }
        }
    }

    /** How the run ended. */
    public enum Status {
        /** the load plan ran to its end (or to {@code total_requests}) */
        completed,
        /** stopped early: interrupted, cancelled, or a threshold aborted it; holds what was measured */
        aborted,
        /** the run could not be carried out (e.g. the target could not be created) */
        failed
    }

    public RunResult {
        buckets = buckets == null ? List.of() : List.copyOf(buckets);
        thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        errorSamples = errorSamples == null ? Map.of() : Map.copyOf(errorSamples);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** The bucket of {@code workers}, if the run reached that level. */
    public Optional<Stats> bucket(int workers) {
        return buckets.stream().filter(b -> b.workers() != null && b.workers() == workers).findFirst();
    }

    /**
     * The open model's bucket of target rate {@code rate} (requests per second; equal to the thousandth, as
     * {@code result.json} and the table print rates).
     */
    public Optional<Stats> bucketAtRate(double rate) {
        return buckets.stream().filter(b -> b.rate() != null && Math.abs(b.rate() - rate) < 0.0005).findFirst();
    }

    /** A copy with {@code thresholds} replaced. */
    public RunResult withThresholds(List<ThresholdResult> evaluated) {
        return new RunResult(schemaVersion, runId, orgId, benchmarkType, name, status, target, startedAt,
                finishedAt, durationSeconds, config, environment, overall, buckets, evaluated, timeline,
                errorSamples, notes, loadModel, validity, shard, shards, capacity, repetition, comparison);
    }

    /** A copy with {@code more} notes after the existing ones. */
    public RunResult withNotes(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new RunResult(schemaVersion, runId, orgId, benchmarkType, name, status, target, startedAt,
                finishedAt, durationSeconds, config, environment, overall, buckets, thresholds, timeline,
                errorSamples, all, loadModel, validity, shard, shards, capacity, repetition, comparison);
    }

    /** The open model's load (requests at a target rate), as opposed to the closed model's workers. */
    public boolean openModel() {
        return OPEN.equals(loadModel);
    }

    /** Whether the run is valid: true when it has no verdict (a result written before verdicts existed). */
    public boolean valid() {
        return validity == null || validity.valid();
    }

    /** A copy that is repetition {@code r}. */
    public RunResult withRepetition(Repetition r) {
        return new RunResult(schemaVersion, runId, orgId, benchmarkType, name, status, target, startedAt,
                finishedAt, durationSeconds, config, environment, overall, buckets, thresholds, timeline,
                errorSamples, notes, loadModel, validity, shard, shards, capacity, r, comparison);
    }

    /** A copy with its comparison with a baseline. */
    public RunResult withComparison(RunComparison c) {
        return new RunResult(schemaVersion, runId, orgId, benchmarkType, name, status, target, startedAt,
                finishedAt, durationSeconds, config, environment, overall, buckets, thresholds, timeline,
                errorSamples, notes, loadModel, validity, shard, shards, capacity, repetition, c);
    }

    /** True when every threshold passed (or there were none). */
    public boolean thresholdsPassed() {
        return thresholds.stream().allMatch(ThresholdResult::passed);
    }
}
