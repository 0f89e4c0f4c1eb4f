package io.benchsuite.cli;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.result.BucketTable;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.ConfiguredRun;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.report.HtmlReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench run --config F [--out DIR] [--set key=value ...]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a benchmark described by a JSON config (see docs/config.md).",
                "Writes DIR/<run_id>/result.json, requests.jsonl.gz and report.html.",
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

    @Option(names = "--mongodb-uri", paramLabel = "URI",
            description = "Also store the results in MongoDB (default: $MONGODB_URI; else mongodb://localhost:27017 "
                    + "if a server answers within 1 s). See docs/storage.md.")
    String mongodbUri;

    @Override
    public Integer call() {
        BenchConfig cfg = ConfigLoader.load(config, overrides);
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
        ConfiguredRun run = ConfiguredRun.prepare(cfg);
        try (RunStore store = RunStore.open(mongodbUri, cfg, err)) {
            return execute(spec, run, out, store.sinks(run.runId(), out.resolve(run.runId())), store);
        }
    }

    private static int execute(CommandSpec spec, ConfiguredRun run, Path out, List<RequestLogSink> storeSinks,
                               RunStore store) {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        BenchConfig cfg = run.config();
        RunControl control = new RunControl();
        Interrupts.install(control, err);
        ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal());
        err.printf("bench: run %s: %s, %s%n", run.runId(), run.targetDescription(), describe(run));
        ConfiguredRun.Outcome outcome;
        try {
            outcome = run.execute(out, progress, control, storeSinks);
        } finally {
            progress.finish();
        }
        RunResult result = outcome.result();
        stdout.println();
        stdout.print(BucketTable.format(result));
        stdout.println();
        stdout.println(BucketTable.summary(result));
        result.thresholds().forEach(t -> stdout.printf("  %s %s (%s): actual %s%s, limit %s%s%n",
                t.passed() ? "PASS" : "FAIL", t.expression(), t.scope(), fmt(t.actual()), t.unit(), fmt(t.limit()),
                t.unit()));
        result.notes().forEach(n -> stdout.println("note: " + n));
        stdout.println("results: " + outcome.files().dir());
        Path report = outcome.files().dir().resolve(HtmlReport.REPORT_FILE);
        try {
            HtmlReport.write(result, report);
            stdout.println("report:  " + report);
        } catch (java.io.IOException | RuntimeException e) {
            err.println("bench: could not write the HTML report " + report + ": " + e.getMessage()
                    + " (rebuild it later with: bench report " + outcome.files().dir() + ")");
        }
        store.finish(result, outcome.files().dir(), out, stdout);
        stdout.flush();
        if (result.status() == RunResult.Status.aborted) {
            err.println("bench: run aborted (" + control.reason() + "); results so far written to "
                    + outcome.files().resultFile());
            return BenchCli.INTERRUPTED;
        }
        return result.thresholdsPassed() ? BenchCli.OK : BenchCli.THRESHOLDS_FAILED;
    }

    private static String describe(ConfiguredRun run) {
        var p = run.plan();
        String load = p.ramping()
                ? String.format("ramp %d→%d workers over %ss, hold %ss", p.minWorkers(), p.maxWorkers(),
                fmt(p.rampDuration().toMillis() / 1000.0), fmt(p.holdDuration().toMillis() / 1000.0))
                : String.format("%d workers for %ss", p.maxWorkers(), fmt(p.duration().toMillis() / 1000.0));
        double warmup = run.config().warmup().toMillis() / 1000.0;
        return load + (p.totalRequests() > 0 ? ", at most " + p.totalRequests() + " requests" : "")
                + (warmup > 0 ? ", after a " + fmt(warmup) + "s warm-up at " + p.maxWorkers() + " workers (not measured)"
                : "");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3f", v)
                .replaceAll("0+$", "");
    }
}
