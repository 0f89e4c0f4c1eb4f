package io.benchsuite.runner;

import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.dataset.Dataset;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.Progress;
import io.benchsuite.engine.run.RequestLogFile;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunSpec;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.report.HtmlReport;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.ComparedRun;
import io.benchsuite.result.compare.RunComparison;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One run, in stages, the same for {@code bench run} and {@code @LoadTest}:
 * <ol>
 *   <li>{@link #prepare}: the settings are already checked ({@link RunSettings}); the dataset is read and its
 *       records checked, the run directory created, so nothing is measured before every mistake was found;</li>
 *   <li>{@link #load}: the warm-up, then the load, every request into the request log and the database's
 *       sink;</li>
 *   <li>{@link #evaluate}: the thresholds; {@link #compare}: the comparison with a baseline, when there is one;</li>
 *   <li>{@link #write}: {@code result.json};</li>
 *   <li>{@link #store}: the run document in the database;</li>
 *   <li>{@link #report}: {@code report.html}.</li>
 * </ol>
 * {@link #run} drives them in that order; another run mode (a sweep of several loads, a shard of one) is another
 * driver of the same stages. A front-end keeps only its own concerns: reading arguments or annotations into
 * {@link RunSettings}, opening the {@link ResultsDatabase}, printing, and exit codes or assertions.
 *
 * <pre>{@code
 * RunSettings settings = RunSettings.of(ConfigLoader.load(file, List.of()));
 * try (BenchRun run = BenchRun.prepare(settings, Path.of("bench-results"),
 *         () -> ResultsDatabase.open(Optional.empty(), System.err::println))) {
 *     BenchRun.Outcome outcome = run.run(new RunControl(), progress -> { });
 * }
 * }</pre>
 */
public final class BenchRun implements AutoCloseable {

    private final RunSettings settings;
    private final Dataset dataset;
    private final RunFiles files;
    private final ResultsDatabase database;

    private BenchRun(RunSettings settings, Dataset dataset, RunFiles files, ResultsDatabase database) {
        this.settings = settings;
        this.dataset = dataset;
        this.files = files;
        this.database = database;
    }

    /**
     * Stage 1: reads the dataset (checking each record for the target), then opens the database and creates
     * {@code outDir/<run_id>/}: in this order, so that a mistake in the dataset is reported alone, and nothing is
     * left behind by a run that could not start.
     *
     * @param database opens where the run also goes ({@link ResultsDatabase#none()} for files only); the run closes it
     * @throws ConfigException on a missing or malformed dataset, a bad database URI, or an output directory that
     *                         cannot hold the run
     */
    public static BenchRun prepare(RunSettings settings, Path outDir, Supplier<ResultsDatabase> database) {
        TargetFactory factory = settings.factory();
        Dataset dataset = settings.config().dataset()
                .map(p -> Dataset.load(p, factory.recordCheck(settings.config())))
                .orElseGet(() -> {
                    if (factory.datasetRequired()) {
                        throw new ConfigException(settings.config().source() + ": missing required field \"dataset\" "
                                + "for benchmark_type \"" + factory.benchmarkType() + "\"; see docs/config.md");
                    }
                    return Dataset.empty();
                });
        Dataset records = factory.records(dataset, settings.config());
        RunFiles.checkOutDir(outDir);
        ResultsDatabase db = Objects.requireNonNull(database.get(), "database");
        try {
            return new BenchRun(settings, records, RunFiles.create(outDir, settings.identity().runId()), db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The database this run goes to (closed with the run). */
    public ResultsDatabase database() {
        return database;
    }

    /** Closes the database. */
    @Override
    public void close() {
        database.close();
    }

    public RunSettings settings() {
        return settings;
    }

    /** The run's directory: {@code <out>/<run_id>/}. */
    public Path dir() {
        return files.dir();
    }

    /** The run's files. */
    public RunFiles files() {
        return files;
    }

    /** The plan as one line for people: {@code ramp 1→10 workers over 20s, hold 0s}. */
    public String planDescription() {
        return PlanDescription.of(settings);
    }

    /**
     * Stage 2: creates the target, runs the warm-up (if any) and the load, and closes the target. Blocks until the
     * load ended (or was aborted through {@code control}).
     *
     * @param progress called about once a second on the run's collector thread
     */
    public RunResult load(RunControl control, Consumer<Progress> progress) {
        Target target;
        try {
            target = settings.factory().create(settings.config());
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(settings.config().source() + ": cannot create the "
                    + settings.factory().benchmarkType() + " target: " + settings.secrets().scrub(
                    String.valueOf(e.getMessage())), e);
        }
        try (Target t = target; RequestLogFile log = new RequestLogFile(files.requestLog())) {
            RunSpec.Builder spec = RunSpec.builder(t, settings.plan())
                    .withRunId(settings.identity().runId())
                    .withOrgId(settings.identity().orgId())
                    .withName(settings.identity().name())
                    .withBenchmarkType(settings.factory().benchmarkType())
                    .withTargetDescription(settings.targetDescription())
                    .withTimeout(settings.timeout())
                    .withDataset(dataset)
                    .withStreaming(settings.factory().streaming())
                    .withRedactedConfig(settings.config().redacted(settings.factory().secretKeys()))
                    .withSecrets(settings.secrets())
                    .withRequestLog(log)
                    .withProgress(progress)
                    .withControl(control)
                    .withWorkerThreads(settings.workerThreads())
                    .withWarmup(settings.warmup());
            database.sinks(settings.identity().runId(), files.dir(), settings.requestLog(), java.util.List.of())
                    .forEach(spec::withRequestLog);
            return LoadEngine.run(spec.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException | UncheckedIOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the target failed: " + e.getMessage(), e);
        }
    }

    /** Stage 3: the result with its thresholds evaluated. */
    public RunResult evaluate(RunResult result) {
        return result.withThresholds(ThresholdEvaluator.evaluate(settings.thresholds(), result));
    }

    /**
     * Stage 3, with a baseline: {@code result} compared with {@code baseline} by the settings' minimum effects
     * ({@code regression_threshold}, thresholds such as {@code p99 regression < 10%}), from the run's request log.
     */
    public RunResult compare(RunResult result, ComparedRun baseline) {
        ComparedRun current = ComparedRun.of(result, files.requestLog());
        return result.withComparison(RunComparison.of(baseline, current, settings.regression()));
    }

    /** Stage 4: writes {@code result.json} (to a temporary file, then renamed). */
    public void write(RunResult result) {
        try {
            ResultJson.write(result, files.resultFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stage 5: stores the run document; what became of it, or empty without a database. */
    public Optional<StoreOutcome> store(RunResult result) {
        return database.store(result, files.dir());
    }

    /**
     * Stage 6: writes {@code report.html} beside {@code result.json}. A report that cannot be written never fails
     * the run (the result files are what counts, and {@code bench report} rebuilds it): the problem is returned.
     *
     * @return why the report was not written, or empty
     */
    public Optional<String> report(RunResult result) {
        return Reports.write(result, files.dir().resolve(HtmlReport.REPORT_FILE));
    }

    /**
     * Runs every stage in order: load, evaluate, write, store, report.
     *
     * @param progress called about once a second during the load
     */
    public Outcome run(RunControl control, Consumer<Progress> progress) {
        RunResult result = evaluate(load(control, progress));
        write(result);
        Optional<StoreOutcome> stored = store(result);
        Optional<String> reportProblem = report(result);
        return new Outcome(result, files, stored, reportProblem);
    }

    /**
     * What a run left behind.
     *
     * @param result        the result, thresholds evaluated
     * @param files         the run directory ({@code result.json}, {@code requests.jsonl.gz}, {@code report.html})
     * @param stored        what became of the database documents, empty without a database
     * @param reportProblem why {@code report.html} was not written, empty when it was
     */
    public record Outcome(RunResult result, RunFiles files, Optional<StoreOutcome> stored,
                          Optional<String> reportProblem) {

        /** The run directory. */
        public Path dir() {
            return files.dir();
        }
    }
}
