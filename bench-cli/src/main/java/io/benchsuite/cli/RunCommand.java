package io.benchsuite.cli;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.result.BucketTable;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.report.HtmlReport;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.engine.store.StoreOutcome;
import io.benchsuite.result.RepetitionSummary;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.runner.Repetitions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench run --config F [--out DIR] [--set key=value ...] [--repeat N]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a benchmark described by a JSON config (see docs/config.md).",
                "Writes DIR/<run_id>/result.json, requests.jsonl.gz and report.html; with --repeat N (or \"repeat\" "
                        + "in the config), N such runs DIR/<run_id>-r1 ... and DIR/<run_id>/repetitions.json.",
                "Exit codes: 0 completed, 1 a threshold failed, 2 bad usage or config, 130 interrupted."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "Benchmark config (JSON).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Overrides a config field, e.g. --set max_load=50 (value parsed as JSON when it can be).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--repeat", paramLabel = "N",
            description = "Runs the load N times (like \"repeat\": N in the config) and prints the spread between the "
                    + "runs; comparisons of repeated runs use every repetition.")
    Integer repeat;

    @Option(names = "--mongodb-uri", paramLabel = "URI",
            description = "Also store the results in MongoDB (default: $MONGODB_URI; else mongodb://localhost:27017 "
                    + "if a server answers within 1 s). See docs/storage.md.")
    String mongodbUri;

    @Override
    public Integer call() {
        BenchConfig cfg = ConfigLoader.load(config, overrides);
        if (repeat != null) {
            ObjectNode value = JsonNodeFactory.instance.objectNode().put("repeat", repeat);
            cfg = cfg.with(BenchConfig.Layer.overrides(config.toString(), "--repeat", value,
                    key -> key.equals("repeat") ? "--repeat " + repeat : null));
        }
        RunFiles.checkOutDir(out); // before anything else happens; the run checks it again, and writing
        return execute(spec, cfg, out, Optional.ofNullable(mongodbUri));
    }

    /** Runs a prepared config; shared by {@code run} and {@code demo}. */
    static int execute(CommandSpec spec, BenchConfig cfg, Path out) {
        return execute(spec, cfg, out, Optional.empty());
    }

    /** Runs a prepared config, storing the results in MongoDB too when there is one (see {@link RunStore}). */
    static int execute(CommandSpec spec, BenchConfig cfg, Path out, Optional<String> mongodbUri) {
        var err = spec.commandLine().getErr();
        RunSettings settings = RunSettings.of(cfg);
        if (settings.repeat() > 1) {
            try (ResultsDatabase db = RunStore.open(mongodbUri, err)) {
                return repeated(spec, settings, out, db);
            }
        }
        try (BenchRun run = BenchRun.prepare(settings, out, () -> RunStore.open(mongodbUri, err))) {
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
        RunControl control = new RunControl();
        Interrupts.install(control, err);
        ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal());
        err.printf("bench: run %s: %s, %s%n", run.settings().identity().runId(), run.settings().targetDescription(),
                run.planDescription());
        RunResult result;
        try {
            result = run.evaluate(run.load(control, progress));
        } finally {
            progress.finish();
        }
        run.write(result);
        stdout.println();
        stdout.print(BucketTable.format(result));
        stdout.println();
        stdout.println(BucketTable.summary(result));
        result.thresholds().forEach(t -> stdout.printf("  %s %s (%s): actual %s%s, limit %s%s%n",
                t.passed() ? "PASS" : "FAIL", t.expression(), t.scope(), fmt(t.actual()), t.unit(), fmt(t.limit()),
                t.unit()));
        result.notes().forEach(n -> stdout.println("note: " + n));
        stdout.println("results: " + run.dir());
        Path report = run.dir().resolve(HtmlReport.REPORT_FILE);
        run.report(result).ifPresentOrElse(
                problem -> err.println("bench: could not write the HTML report " + report + ": " + problem
                        + " (rebuild it later with: bench report " + run.dir() + ")"),
                () -> stdout.println("report:  " + report));
        RunStore.finish(run.store(result), run.database(), out, stdout, err);
        stdout.flush();
        if (result.status() == RunResult.Status.aborted) {
            err.println("bench: run aborted (" + control.reason() + "); results so far written to "
                    + run.files().resultFile());
            return BenchCli.INTERRUPTED;
        }
        return result.thresholdsPassed() ? BenchCli.OK : BenchCli.THRESHOLDS_FAILED;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }
}
