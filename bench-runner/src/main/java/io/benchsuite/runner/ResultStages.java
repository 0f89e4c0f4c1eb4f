package io.benchsuite.runner;

import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.report.HtmlReport;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.threshold.Threshold;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The stages after a load, the same for every driver of the pipeline (a run, a shard of one, a merge of shards):
 * evaluate the thresholds, write {@code result.json}, store the run document, write {@code report.html}.
 */
final class ResultStages {

    private final List<Threshold> thresholds;
    private final List<String> notes;
    private final RunFiles files;
    private final ResultsDatabase database;

    /**
     * @param thresholds what {@link #evaluate} checks (none for a shard: its merge is checked)
     * @param notes      what {@link #evaluate} adds to the result's notes (the plan's warnings)
     */
    ResultStages(List<Threshold> thresholds, List<String> notes, RunFiles files, ResultsDatabase database) {
        this.thresholds = List.copyOf(thresholds);
        this.notes = List.copyOf(notes);
        this.files = files;
        this.database = database;
    }

    RunResult evaluate(RunResult result) {
        RunResult r = result.withThresholds(ThresholdEvaluator.evaluate(thresholds, result));
        return notes.isEmpty() ? r : r.withNotes(notes);
    }

    /**
     * Writes {@code result.json}; on a full disk the request log gives way (noted in the result), see
     * {@link BenchRun#write}. Returns the result as written.
     */
    RunResult write(RunResult result) {
        try {
            ResultJson.write(result, files.resultFile());
            return result;
        } catch (IOException first) {
            try {
                if (java.nio.file.Files.deleteIfExists(files.requestLog())) {
                    RunResult noted = result.withNotes(List.of(ResultJson.REQUEST_LOG_FILE + " was removed to make "
                            + "room for result.json (" + ResultFilesException.describe(first) + "); the numbers of "
                            + "this result are complete, the per-request lines are gone"));
                    ResultJson.write(noted, files.resultFile());
                    return noted;
                }
            } catch (IOException second) {
                first.addSuppressed(second);
            }
            throw new ResultFilesException(files.resultFile(), first);
        }
    }

    Optional<StoreOutcome> store(RunResult result, BooleanSupplier stopNow) {
        return database.store(result, files.dir(), stopNow);
    }

    Optional<String> report(RunResult result) {
        return Reports.write(result, files.dir().resolve(HtmlReport.REPORT_FILE));
    }

    /** Every stage in order: evaluate, write, store, report; what the run left behind. */
    BenchRun.Outcome finish(RunResult loaded, BooleanSupplier stopNow) {
        RunResult result = write(evaluate(loaded));
        Optional<StoreOutcome> stored = store(result, stopNow);
        Optional<String> reportProblem = report(result);
        return new BenchRun.Outcome(result, files, stored, reportProblem);
    }
}
