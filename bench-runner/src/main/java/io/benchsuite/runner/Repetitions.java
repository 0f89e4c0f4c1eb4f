package io.benchsuite.runner;

import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.RunIdentity;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.Progress;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.result.RepetitionSummary;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The same load {@code n} times ({@code repeat: n}): another driver of {@link BenchRun}'s stages. Repetition {@code i}
 * is a complete run {@code <group>-r<i>} (its own directory, result, request log, report and database document, with
 * {@code "repetition"} in its result); after the last, {@code <out>/<group>/}{@value RepetitionSummary#FILE} holds the
 * spread between them. A comparison of two groups resamples the repetitions first: they carry the run-to-run noise
 * that no single run can show.
 *
 * <pre>{@code
 * try (ResultsDatabase db = ResultsDatabase.open(Optional.empty(), System.err::println)) {
 *     Repetitions.Outcome o = Repetitions.run(settings, Path.of("bench-results"), db, new RunControl(),
 *             progress -> { }, new Repetitions.Listener() { });
 *     System.out.print(o.summary().table());
 * }
 * }</pre>
 */
public final class Repetitions {

    private Repetitions() {
    }

    /** What a front-end shows between the stages. */
    public interface Listener {
        /** Repetition {@code index} (1-based) is about to load. */
        default void started(int index, int count, BenchRun run) {
        }

        /** Repetition {@code index} was written, stored and reported. */
        default void finished(int index, int count, BenchRun run, RunResult result, Optional<StoreOutcome> stored,
                              Optional<String> reportProblem) {
        }
    }

    /**
     * What the repetitions left behind.
     *
     * @param group   the id they share
     * @param results each repetition's result, thresholds evaluated, in order (fewer than planned when aborted)
     * @param summary the spread between them, also in {@code <out>/<group>/repetitions.json}
     * @param dir     the summary's directory
     */
    public record Outcome(String group, List<RunResult> results, RepetitionSummary summary, Path dir) {
        public Outcome {
            results = List.copyOf(results);
        }
    }

    /** The run id of repetition {@code index} of {@code group}. */
    public static String runId(String group, int index) {
        return group + "-r" + index;
    }

    /**
     * Runs {@code settings.repeat()} repetitions of the load one after another, each through every stage, and writes
     * the summary. Stops after the repetition during which {@code control} was aborted.
     *
     * @throws ConfigException when a repetition's run id is taken in {@code outDir}, before any load
     */
    public static Outcome run(RunSettings settings, Path outDir, ResultsDatabase database, RunControl control,
                              Consumer<Progress> progress, Listener listener) {
        String group = settings.identity().runId();
        int count = settings.repeat();
        Path summaryDir = outDir.resolve(group);
        checkFree(outDir, group, count);
        List<RunResult> results = new ArrayList<>();
        for (int i = 1; i <= count && !control.aborted(); i++) {
            RunIdentity identity = new RunIdentity(runId(group, i), settings.identity().name(),
                    settings.identity().orgId());
            try (BenchRun run = BenchRun.prepare(settings.withIdentity(identity), outDir, database::borrowed)) {
                listener.started(i, count, run);
                RunResult result = run.evaluate(run.load(control, progress))
                        .withRepetition(new RunResult.Repetition(group, i, count));
                run.write(result);
                Optional<StoreOutcome> stored = run.store(result);
                Optional<String> reportProblem = run.report(result);
                results.add(result);
                listener.finished(i, count, run, result, stored, reportProblem);
            }
        }
        RepetitionSummary summary = RepetitionSummary.of(group, count, results);
        try {
            Files.createDirectories(summaryDir);
            summary.write(summaryDir);
        } catch (IOException e) {
            throw new UncheckedIOException(summaryDir + ": cannot write " + RepetitionSummary.FILE + ": "
                    + e.getMessage(), e);
        }
        return new Outcome(group, results, summary, summaryDir);
    }

    /** Refuses, before any load, a group whose summary or any repetition's run already exists. */
    private static void checkFree(Path outDir, String group, int count) {
        RunFiles.checkOutDir(outDir);
        String problem = RunIdentity.runIdProblem(runId(group, count));
        if (problem != null) {
            throw new ConfigException("the run id of repetition " + count + ", \"" + runId(group, count) + "\", "
                    + problem + "; choose a shorter benchmark_run_id");
        }
        Path summary = outDir.resolve(group).resolve(RepetitionSummary.FILE);
        List<String> taken = new ArrayList<>();
        if (Files.exists(summary) || Files.exists(outDir.resolve(group).resolve(ResultJson.RESULT_FILE))) {
            taken.add(group);
        }
        for (int i = 1; i <= count; i++) {
            if (Files.exists(outDir.resolve(runId(group, i)).resolve(ResultJson.RESULT_FILE))) {
                taken.add(runId(group, i));
            }
        }
        if (!taken.isEmpty()) {
            throw new ConfigException(outDir + ": runs of \"" + group + "\" already exist there (" + String.join(", ",
                    taken) + "); choose another benchmark_run_id (or --set benchmark_run_id=...), another --out, or "
                    + "remove the old runs");
        }
    }
}
