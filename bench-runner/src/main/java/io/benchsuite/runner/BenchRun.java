package io.benchsuite.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.Shard;
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
import io.benchsuite.engine.run.SharedStart;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.ComparedRun;
import io.benchsuite.result.compare.RunComparison;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * {@link #run} drives them in that order; another run mode (a sweep of several loads, a merge of shards:
 * {@link MergeRun}) is another driver of the same stages. A shard of a distributed run ({@link ShardRun}) is this
 * pipeline with its share of the load: the shard's records, its own run directory {@code <run_id>.shard-<i>}, a
 * shared start agreed on before the load ({@link #agreeOnStart}), and no thresholds (its merge is checked). A front-end keeps only its own concerns: reading arguments or annotations into
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
    private final ShardRun shardRun;
    private final Dataset dataset;
    private final RunFiles files;
    private final ResultsDatabase database;
    private final ResultStages stages;
    /** The control of the last load: a second abort also stops the waiting for the database. */
    private volatile RunControl control = new RunControl();
    /** The shared start the load waits for, once agreed on; null for none (yet). */
    private Instant startAt;

    private BenchRun(RunSettings settings, ShardRun shardRun, Dataset dataset, RunFiles files,
                     ResultsDatabase database) {
        this.settings = settings;
        this.shardRun = shardRun;
        this.dataset = dataset;
        this.files = files;
        this.database = database;
        this.stages = new ResultStages(shardRun.shard().whole() ? settings.thresholds() : List.of(),
                PlanDescription.warnings(settings), files, database);
    }

    /**
     * Stage 1: reads the dataset (checking each record for the target), then opens the database and creates
     * {@code outDir/<run_id>/}: in this order, so that a mistake in the dataset is reported alone, and nothing is
     * left behind by a run that could not start.
     *
     * @param database opens where the run also goes ({@link ResultsDatabase#none()} for files only); the run closes it
     * @throws ConfigException on more workers than the process may open connections for ({@code ulimit -n}), a
     *                         missing or malformed dataset, a bad database URI, or an output directory that cannot
     *                         hold the run
     */
    public static BenchRun prepare(RunSettings settings, Path outDir, Supplier<ResultsDatabase> database) {
        return prepare(settings, ShardRun.WHOLE, outDir, database);
    }

    /**
     * Stage 1 for a shard of a distributed run (or a run with a start time): as {@link #prepare(RunSettings, Path,
     * Supplier)}, with the shard's records ({@link Dataset#partition}), its run directory
     * {@code outDir/<run_id>.shard-<i>/}, and its start checked: a {@code --start-at} the load can no longer keep,
     * or a barrier without a database to meet in, fails here, before the run directory exists.
     *
     * @throws ConfigException also when the shard's part of the dataset is empty (fewer records than shards)
     */
    public static BenchRun prepare(RunSettings settings, ShardRun shardRun, Path outDir,
                                   Supplier<ResultsDatabase> database) {
        TargetFactory factory = settings.factory();
        FileDescriptors.check(settings);
        Shard shard = shardRun.shard();
        Dataset dataset = settings.config().dataset()
                .map(p -> partition(Dataset.load(p, factory.recordCheck(settings.config())), shard, p))
                .orElseGet(() -> {
                    if (factory.datasetRequired()) {
                        throw new ConfigException(settings.config().source() + ": missing required field \"dataset\" "
                                + "for benchmark_type \"" + factory.benchmarkType() + "\"; see docs/config.md");
                    }
                    return Dataset.empty();
                });
        Dataset records = factory.records(dataset, settings.config());
        RunFiles.checkOutDir(outDir);
        shardRun.startAt().ifPresent(at -> SharedStart.check(at, settings.warmup(), Instant.now(), "--start-at " + at));
        ResultsDatabase db = Objects.requireNonNull(database.get(), "database");
        try {
            if (shardRun.barrier() && db.barrier().isEmpty()) {
                throw new ConfigException("--shard " + shard + ": the shards of run " + settings.identity().runId()
                        + " need a shared start: give every shard the same --start-at TIME (e.g. --start-at "
                        + Instant.now().plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                        + "), or a reachable MongoDB (--mongodb-uri or MONGODB_URI) where they meet at a barrier");
            }
            return new BenchRun(settings, shardRun, records,
                    RunFiles.create(outDir, shard.key(settings.identity().runId())), db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** {@code shard}'s records of {@code all}, read from {@code file}. */
    private static Dataset partition(Dataset all, Shard shard, Path file) {
        return all.partition(shard).orElseThrow(() -> new ConfigException(file + ": " + all.size() + " record"
                + (all.size() == 1 ? "" : "s") + " cannot be split over " + shard.count() + " shards: shard " + shard
                + " gets none (shard i sends the records whose index % " + shard.count() + " == i); give the dataset "
                + "at least " + shard.count() + " records, or run fewer shards"));
    }

    /** This run's shard and start ({@link ShardRun#WHOLE} for a run of its own). */
    public ShardRun shardRun() {
        return shardRun;
    }

    /**
     * Between stages 1 and 2: the instant the load starts at, for a shard (or a run given a start time): the
     * {@code --start-at} (checked again: preparing may have taken a while), or, without one, the instant the shards
     * agree on at the database's barrier, which waits until every shard has registered. Empty for a run that starts
     * at once. {@link #load} calls it if the front-end did not.
     *
     * @param say one-line messages for the user (waiting for the barrier, for the start)
     * @throws ConfigException when the start cannot be kept, or the other shards did not come in time
     */
    public Optional<Instant> agreeOnStart(Consumer<String> say) {
        if (startAt != null || (shardRun.startAt().isEmpty() && !shardRun.barrier())) {
            return Optional.ofNullable(startAt);
        }
        String runId = settings.identity().runId();
        Instant at;
        String what;
        if (shardRun.startAt().isPresent()) {
            at = shardRun.startAt().get();
            what = "--start-at " + at;
        } else {
            at = database.barrier().orElseThrow(() -> new ConfigException("--shard " + shardRun.shard()
                            + ": the database went away before the shards of run " + runId + " could meet at its "
                            + "barrier; give every shard the same --start-at TIME instead"))
                    .await(runId, shardRun.shard(), settings.warmup(), shardRun.barrierTimeout(), say);
            what = "the start agreed at the barrier, " + at + ",";
        }
        Instant now = Instant.now();
        SharedStart.check(at, settings.warmup(), now, what);
        say.accept((shardRun.shard().whole() ? "run " : "shard " + shardRun.shard() + " of run ") + runId
                + ": the load starts at " + at + " (in " + String.format(java.util.Locale.ROOT, "%.1f s",
                Duration.between(now, at).toMillis() / 1000.0) + (settings.warmup().isZero() ? ""
                : ", after the warm-up") + ")");
        startAt = at;
        return Optional.of(at);
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

    /**
     * The plan as one line for people: {@code ramp 1→10 workers over 20s (2s per level), hold 0s}, with where the
     * overridden settings came from.
     */
    public String planDescription() {
        return PlanDescription.of(settings);
    }

    /**
     * What the plan cannot measure well (levels too short to hold enough requests, say): to print before the load;
     * {@link #evaluate} keeps them as notes of the result.
     */
    public List<String> warnings() {
        return PlanDescription.warnings(settings);
    }

    /**
     * Stage 2: creates the target, runs the warm-up (if any) and the load, and closes the target. Blocks until the
     * load ended (or was aborted through {@code control}).
     *
     * @param progress called about once a second on the run's collector thread
     */
    public RunResult load(RunControl control, Consumer<Progress> progress) {
        this.control = control;
        agreeOnStart(line -> { });
        try (Target t = createTarget(); RequestLogFile log = new RequestLogFile(files.requestLog())) {
            RunSpec.Builder spec = (settings.open() ? RunSpec.builder(t, settings.rates())
                    : RunSpec.builder(t, settings.plan()));
            describe(spec, control, progress)
                    .withRequestLog(log)
                    .withWarmup(settings.warmup())
                    .withShard(shardRun.shard());
            if (startAt != null) {
                spec.withStartAt(startAt);
            }
            database.sinks(shardRun.shard().key(settings.identity().runId()), files.dir(), settings.requestLog(),
                    List.of()).forEach(spec::withRequestLog);
            return LoadEngine.run(spec.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException | UncheckedIOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing the target failed: " + e.getMessage(), e);
        }
    }

    /**
     * Stage 3, with a baseline: {@code result} compared with {@code baseline} by the settings' minimum effects
     * ({@code regression_threshold}, thresholds such as {@code p99 regression < 10%}), from the run's request log.
     */
    public RunResult compare(RunResult result, ComparedRun baseline) {
        ComparedRun current = ComparedRun.of(result, files.requestLog());
        return result.withComparison(RunComparison.of(baseline, current, settings.regression()));
    }

    /** The configured target, created (a failure is the user's config: one clear message). */
    Target createTarget() {
        try {
            return settings.factory().create(settings.config());
        } catch (ConfigException e) {
            throw e;
        } catch (Exception e) {
            throw new ConfigException(settings.config().source() + ": cannot create the "
                    + settings.factory().benchmarkType() + " target: " + settings.secrets().scrub(
                    String.valueOf(e.getMessage())), e);
        }
    }

    /**
     * {@code spec} with what every load of this run shares: its names, target description, timeout, records,
     * streaming, stored config (with the seed of an open model, drawn or given), secrets, SLO, threads, progress and
     * control.
     */
    RunSpec.Builder describe(RunSpec.Builder spec, RunControl control, Consumer<Progress> progress) {
        ObjectNode config = settings.config().redacted(settings.factory().secretKeys());
        if (settings.open() && !config.has("seed")) {
            config.put("seed", settings.rates().seed()); // the random seed drawn, so the schedule can be repeated
        }
        return spec.withRunId(settings.identity().runId())
                .withOrgId(settings.identity().orgId())
                .withName(settings.identity().name())
                .withBenchmarkType(settings.factory().benchmarkType())
                .withTargetDescription(settings.targetDescription())
                .withTimeout(settings.timeout())
                .withDataset(dataset)
                .withStreaming(settings.factory().streaming())
                .withRedactedConfig(config)
                .withSecrets(settings.secrets())
                .withSlo(io.benchsuite.engine.Slo.of(settings.thresholds()))
                .withProgress(progress)
                .withControl(control)
                .withWorkerThreads(settings.workerThreads());
    }

    /** Remembers the control of the load a driver runs, so {@link #store} can be stopped by its second abort. */
    void loading(RunControl control) {
        this.control = control;
    }

    /**
     * Stage 3: the result with its thresholds evaluated (a shard's are not: they are evaluated on the merged
     * result), and the plan's warnings as notes.
     */
    public RunResult evaluate(RunResult result) {
        return stages.evaluate(result);
    }

    /**
     * Stage 4: writes {@code result.json} (to a temporary file, then renamed), the file that matters most. When the
     * disk is full, the request log (much larger, and cut short by the same full disk) is removed to make room, and
     * the result says so in its notes; the written result is returned.
     *
     * @throws ResultFilesException when {@code result.json} cannot be written even then
     */
    public RunResult write(RunResult result) {
        return stages.write(result);
    }

    /**
     * Stage 5: stores the run document, after {@code result.json} was written; a second abort of the load's control
     * (a second Ctrl-C) stops the waiting for the database, what is pending then stays in the run directory for
     * {@code bench sync}. What became of it, or empty without a database.
     */
    public Optional<StoreOutcome> store(RunResult result) {
        RunControl c = control;
        return stages.store(result, c::abortedTwice);
    }

    /**
     * Stage 6: writes {@code report.html} beside {@code result.json}. A report that cannot be written never fails
     * the run (the result files are what counts, and {@code bench report} rebuilds it): the problem is returned.
     *
     * @return why the report was not written, or empty
     */
    public Optional<String> report(RunResult result) {
        return stages.report(result);
    }

    /**
     * Runs every stage in order: load, evaluate, write, store, report.
     *
     * @param progress called about once a second during the load
     */
    public Outcome run(RunControl control, Consumer<Progress> progress) {
        RunResult loaded = load(control, progress);
        return stages.finish(loaded, control::abortedTwice);
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
