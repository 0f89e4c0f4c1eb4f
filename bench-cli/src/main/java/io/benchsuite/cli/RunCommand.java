package io.benchsuite.cli;

import io.benchsuite.engine.Shard;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.result.BucketTable;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.run.SharedStart;
import io.benchsuite.report.HtmlReport;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.result.RepetitionSummary;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.runner.Repetitions;
import io.benchsuite.runner.ShardRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code bench run --config F [--out DIR] [--set key=value ...] [--repeat N]}, and a shard of a distributed run:
 * {@code --shard I/N [--start-at TIME]} (see {@code docs/distributed.md}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a benchmark described by a JSON config (see docs/config.md).",
                "Writes DIR/<run_id>/result.json, requests.jsonl.gz and report.html",
                "(a shard: DIR/<run_id>.shard-<I>/, see docs/distributed.md); with --repeat N (or \"repeat\" in",
                "the config), N such runs DIR/<run_id>-r1 ... and DIR/<run_id>/repetitions.json.",
                "Exit codes: 0 completed, 1 a threshold failed or every request failed, 2 bad usage or config,",
                "130 interrupted."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoadOptions load;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Runs the load N times (like \"repeat\": N in the config) and prints the spread between the "
                    + "runs; comparisons of repeated runs use every repetition.")
    Integer repeat;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run shard I of N of a distributed run (I from 0): its share of every level's workers and "
                    + "of the dataset; merge the shards with bench merge. Default: from $JOB_COMPLETION_INDEX and "
                    + "--shard-count or $BENCH_SHARDS when set. See docs/distributed.md.")
    String shard;

    @Option(names = "--shard-count", paramLabel = "N",
            description = "The number of shards, when the index comes from $JOB_COMPLETION_INDEX (default: "
                    + "$BENCH_SHARDS).")
    Integer shardCount;

    @Option(names = "--start-at", paramLabel = "TIME",
            description = "Start the load at TIME (RFC 3339, e.g. 2026-12-06T10:00:00Z), after preparing everything: "
                    + "every shard of a run starts together. Without it, shards meet at a barrier in MongoDB.")
    String startAt;

    @Option(names = "--barrier-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long a shard waits at the MongoDB barrier for the others (default: ${DEFAULT-VALUE}).")
    long barrierTimeoutSeconds;

    @Override
    public Integer call() {
        ShardRun shardRun = ShardOptions.resolve(shard, shardCount, startAt, barrierTimeoutSeconds, System.getenv());
        BenchConfig cfg = ShardOptions.withRunId(load.load(), shardRun);
        if (repeat != null) {
            ObjectNode value = JsonNodeFactory.instance.objectNode().put("repeat", repeat);
            cfg = cfg.with(BenchConfig.Layer.overrides(load.config.toString(), "--repeat", value,
                    key -> key.equals("repeat") ? "--repeat " + repeat : null));
        }
        RunFiles.checkOutDir(load.out); // before anything else happens; the run checks it again, and writing
        shardRun.startAt().ifPresent(at -> SharedStart.check(at, java.time.Duration.ZERO, java.time.Instant.now(),
                "--start-at " + at)); // the warm-up is counted once the config is read
        return execute(spec, cfg, load.out, Optional.ofNullable(load.mongodbUri), shardRun);
    }

    /** Runs a prepared config; shared by {@code run} and {@code demo}. */
    static int execute(CommandSpec spec, BenchConfig cfg, Path out) {
        return execute(spec, cfg, out, Optional.empty());
    }

    /** Runs a prepared config, storing the results in MongoDB too when there is one (see {@link RunStore}). */
    static int execute(CommandSpec spec, BenchConfig cfg, Path out, Optional<String> mongodbUri) {
        return execute(spec, cfg, out, mongodbUri, ShardRun.WHOLE);
    }

    private static int execute(CommandSpec spec, BenchConfig cfg, Path out, Optional<String> mongodbUri,
                               ShardRun shardRun) {
        var err = spec.commandLine().getErr();
        RunSettings settings = RunSettings.of(cfg);
        if (settings.repeat() > 1) {
            if (!shardRun.shard().whole()) {
                throw new io.benchsuite.engine.config.ConfigException("--shard " + shardRun.shard() + " runs one shard "
                        + "of one run; \"repeat\" (" + settings.repeat() + ") repeats whole runs: repeat the "
                        + "distributed run instead, each with its own benchmark_run_id");
            }
            try (ResultsDatabase db = RunStore.open(mongodbUri, err)) {
                return repeated(spec, settings, out, db);
            }
        }
        try (BenchRun run = BenchRun.prepare(settings, shardRun, out, () -> RunStore.open(mongodbUri, err))) {
            return execute(spec, run, out);
        }
    }

    /** The load {@code repeat} times: a line per repetition, then the spread between them. */
    private static int repeated(CommandSpec spec, RunSettings settings, Path out, ResultsDatabase db) {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        RunControl control = new RunControl();
        Interrupts.install(control, err);
        ProgressLine[] progress = {null};
        boolean[] thresholdsFailed = {false};
        Repetitions.Outcome outcome = Repetitions.run(settings, out, db, control, p -> progress[0].accept(p),
                new Repetitions.Listener() {
                    @Override
                    public void started(int index, int count, BenchRun run) {
                        if (index == 1) {
                            err.printf("bench: %d repetitions of run %s: %s, %s each%n", count,
                                    settings.identity().runId(), settings.targetDescription(), run.planDescription());
                        }
                        err.printf("bench: repetition %d/%d: run %s%n", index, count,
                                run.settings().identity().runId());
                        progress[0] = new ProgressLine(err, ProgressLine.stderrIsTerminal());
                    }

                    @Override
                    public void finished(int index, int count, BenchRun run, RunResult result,
                                         Optional<StoreOutcome> stored, Optional<String> reportProblem) {
                        progress[0].finish();
                        stdout.printf("repetition %d/%d: %s%n  results: %s%n", index, count,
                                BucketTable.summary(result), run.dir());
                        result.thresholds().stream().filter(t -> !t.passed()).forEach(t -> stdout.printf(
                                "  FAIL %s (%s): actual %s%s, limit %s%s%n", t.expression(), t.scope(),
                                fmt(t.actual()), t.unit(), fmt(t.limit()), t.unit()));
                        thresholdsFailed[0] |= !result.thresholdsPassed();
                        reportProblem.ifPresent(problem -> err.println("bench: could not write the HTML report of "
                                + run.dir() + ": " + problem));
                        stored.filter(s -> !s.stored()).ifPresent(s -> err.println("bench: " + s.message()));
                    }
                });
        stdout.println();
        stdout.print(outcome.summary().table());
        stdout.println("summary: " + outcome.dir().resolve(RepetitionSummary.FILE));
        stdout.println("compare: bench analyze --compare BASE " + outcome.group());
        db.syncPending(out).filter(sync -> sync.files() > 0 || !sync.complete())
                .ifPresent(sync -> stdout.println("bench sync: " + sync.message()));
        stdout.flush();
        if (control.aborted()) {
            err.println("bench: aborted (" + control.reason() + ") after " + outcome.results().size() + " of "
                    + settings.repeat() + " repetitions; results so far written");
            return BenchCli.INTERRUPTED;
        }
        return thresholdsFailed[0] ? BenchCli.THRESHOLDS_FAILED : BenchCli.OK;
    }

    private static int execute(CommandSpec spec, BenchRun run, Path out) {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        Shard shard = run.shardRun().shard();
        err.printf("bench: run %s%s: %s, %s%n", run.settings().identity().runId(),
                shard.whole() ? "" : ", shard " + shard + " (its share of each level's workers)",
                run.settings().targetDescription(), run.planDescription());
        run.warnings().forEach(w -> err.println("bench: warning: " + w));
        if (!shard.whole() && !run.settings().thresholds().isEmpty()) {
            err.println("bench: the thresholds are evaluated on the whole run, by bench merge");
        }
        run.agreeOnStart(line -> err.println("bench: " + line));
        RunControl control = new RunControl();
        Interrupts.install(control, err);
        ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal());
        RunResult result;
        try {
            result = run.evaluate(run.load(control, progress));
        } finally {
            progress.finish();
        }
        // the table first: it needs no disk, so a full disk loses no number
        printTable(stdout, err, result);
        result = run.write(result);
        printWhere(stdout, result, run.dir());
        printReport(run.report(result), run.dir(), stdout, err);
        RunStore.finish(run.store(result), run.database(), out, stdout, err);
        stdout.flush();
        if (result.status() == RunResult.Status.aborted) {
            err.println("bench: run aborted (" + control.reason() + "); results so far written to "
                    + run.files().resultFile());
            return BenchCli.INTERRUPTED;
        }
        return exitCode(result, run.settings().targetDescription(), run.settings().failOnInvalid(), err);
    }

    /**
     * The per-level table, the summary and the thresholds on standard output, and the warning of an invalid run on
     * standard error: what needs no disk, printed before anything is written.
     */
    static void printTable(PrintWriter stdout, PrintWriter err, RunResult result) {
        stdout.println();
        stdout.print(BucketTable.format(result));
        stdout.println();
        stdout.println(BucketTable.summary(result));
        result.thresholds().forEach(t -> stdout.printf("  %s %s (%s): actual %s%s, limit %s%s%n",
                t.passed() ? "PASS" : "FAIL", t.expression(), t.scope(), fmt(t.actual()), t.unit(), fmt(t.limit()),
                t.unit()));
        stdout.flush();
        BucketTable.validityWarning(result).ifPresent(w -> err.println("bench: " + w));
        err.flush();
    }

    /** The result's notes and where its files are, after they were written. */
    static void printWhere(PrintWriter stdout, RunResult result, Path dir) {
        result.notes().forEach(n -> stdout.println("note: " + n));
        stdout.println("results: " + dir);
    }

    /** Where the report went, or why it was not written. */
    static void printReport(Optional<String> problem, Path dir, PrintWriter stdout, PrintWriter err) {
        Path report = dir.resolve(HtmlReport.REPORT_FILE);
        problem.ifPresentOrElse(
                p -> err.println("bench: could not write the HTML report " + report + ": " + p
                        + " (rebuild it later with: bench report " + dir + ")"),
                () -> stdout.println("report:  " + report));
    }

    /**
     * 1 when every request failed (said on {@code err}), a threshold failed, or the run is invalid and
     * {@code failOnInvalid}; else 0.
     */
    static int exitCode(RunResult result, String target, boolean failOnInvalid, PrintWriter err) {
        if (result.overall().requests() > 0 && result.overall().successes() == 0) {
            err.println("bench: every request failed (" + causes(result) + ") against " + target
                    + "; check that the server is up and the endpoint is right");
            return BenchCli.THRESHOLDS_FAILED;
        }
        if (!result.valid() && failOnInvalid) {
            err.println("bench: failing the run: it is invalid and fail_on_invalid is set (see the warning above)");
            return BenchCli.THRESHOLDS_FAILED;
        }
        return result.thresholdsPassed() ? BenchCli.OK : BenchCli.THRESHOLDS_FAILED;
    }

    /** The failures by class, most frequent first, with the first error sample: {@code connect_error 120: ...}. */
    private static String causes(RunResult result) {
        var errors = result.overall().errors().entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).toList();
        StringBuilder b = new StringBuilder();
        for (var e : errors) {
            b.append(b.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
        }
        if (!errors.isEmpty()) {
            List<String> samples = result.errorSamples().get(errors.getFirst().getKey());
            if (samples != null && !samples.isEmpty()) {
                b.append(": ").append(samples.getFirst());
            }
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }
}
