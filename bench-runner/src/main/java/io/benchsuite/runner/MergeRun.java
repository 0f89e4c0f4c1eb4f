package io.benchsuite.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.merge.ShardMerge;
import io.benchsuite.result.threshold.Threshold;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code bench merge}: the driver of the pipeline's later stages for a distributed run. Instead of a load, the
 * results of the run's shards ({@link ShardMerge}: buckets by global level, exact percentiles from the summed
 * histograms); then the stages every run has: the thresholds of the shards' config evaluated on the merged result,
 * {@code result.json} in {@code <out>/<run_id>/}, the run document in the database ({@code runs}, as for any run),
 * {@code report.html}.
 *
 * <pre>{@code
 * try (MergeRun merge = MergeRun.prepare(inputs, Path.of("bench-results"), ResultsDatabase::none)) {
 *     BenchRun.Outcome outcome = merge.run();
 * }
 * }</pre>
 */
public final class MergeRun implements AutoCloseable {

    private final RunResult merged;
    private final RunFiles files;
    private final ResultsDatabase database;
    private final ResultStages stages;

    private MergeRun(RunResult merged, List<Threshold> thresholds, RunFiles files, ResultsDatabase database) {
        this.merged = merged;
        this.files = files;
        this.database = database;
        this.stages = new ResultStages(thresholds, List.of(), files, database);
    }

    /**
     * Merges the shards' results, reads the thresholds of their config, opens the database and creates
     * {@code outDir/<run_id>/}, in this order, so that inputs that do not make one run are refused before anything
     * is left behind.
     *
     * @throws ConfigException naming what differs when the inputs are not every shard of one run, or when the run
     *                         directory cannot be created (a run with that id exists there already)
     */
    public static MergeRun prepare(List<ShardMerge.Input> inputs, Path outDir, Supplier<ResultsDatabase> database) {
        RunResult merged;
        List<Threshold> thresholds;
        try {
            merged = ShardMerge.merge(inputs);
            thresholds = thresholds(merged);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage(), e);
        }
        RunFiles.checkOutDir(outDir);
        ResultsDatabase db = Objects.requireNonNull(database.get(), "database");
        try {
            return new MergeRun(merged, thresholds, RunFiles.create(outDir, merged.runId()), db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The thresholds the shards were given ({@code "thresholds"} of their config), to evaluate on the merge. */
    private static List<Threshold> thresholds(RunResult merged) {
        List<String> expressions = new ArrayList<>();
        JsonNode given = merged.config() == null ? null : merged.config().get("thresholds");
        if (given != null && given.isArray()) {
            given.forEach(t -> expressions.add(t.asText()));
        }
        try {
            return ThresholdEvaluator.parseAll(expressions);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the shards' config of run " + merged.runId() + ": \"thresholds\": "
                    + e.getMessage(), e);
        }
    }

    /** The merged result, thresholds not yet evaluated. */
    public RunResult merged() {
        return merged;
    }

    /** The merged run's directory: {@code <out>/<run_id>/}. */
    public Path dir() {
        return files.dir();
    }

    /** The database the merged run goes to (closed with this). */
    public ResultsDatabase database() {
        return database;
    }

    /**
     * Whether an invalid merged run fails ({@code fail_on_invalid} of the shards' config): the merged run is invalid
     * when any shard was.
     */
    public boolean failOnInvalid() {
        return merged.config() != null && merged.config().path("fail_on_invalid").asBoolean(false);
    }

    /** Evaluates the thresholds, writes {@code result.json}, stores the run document and writes the report. */
    public BenchRun.Outcome run() {
        return stages.finish(merged, () -> false);
    }

    @Override
    public void close() {
        database.close();
    }
}
