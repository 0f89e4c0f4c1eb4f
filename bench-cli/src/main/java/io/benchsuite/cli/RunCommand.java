package io.benchsuite.cli;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.result.BucketTable;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.report.HtmlReport;
import io.benchsuite.runner.BenchRun;
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
                "Exit codes: 0 completed, 1 a threshold failed or every request failed, 2 bad usage or config,",
                "130 interrupted."})
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
        RunSettings settings = RunSettings.of(cfg);
        try (BenchRun run = BenchRun.prepare(settings, out, () -> RunStore.open(mongodbUri, err))) {
            return execute(spec, run, out);
        }
    }

    private static int execute(CommandSpec spec, BenchRun run, Path out) {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        RunControl control = new RunControl();
        Interrupts.install(control, err);
        ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal());
        err.printf("bench: run %s: %s, %s%n", run.settings().identity().runId(), run.settings().targetDescription(),
                run.planDescription());
        run.warnings().forEach(w -> err.println("bench: warning: " + w));
        RunResult result;
        try {
            result = run.evaluate(run.load(control, progress));
        } finally {
            progress.finish();
        }
        // the table first: it needs no disk, so a full disk loses no number
        stdout.println();
        stdout.print(BucketTable.format(result));
        stdout.println();
        stdout.println(BucketTable.summary(result));
        result.thresholds().forEach(t -> stdout.printf("  %s %s (%s): actual %s%s, limit %s%s%n",
                t.passed() ? "PASS" : "FAIL", t.expression(), t.scope(), fmt(t.actual()), t.unit(), fmt(t.limit()),
                t.unit()));
        BucketTable.validityWarning(result).ifPresent(w -> err.println("bench: " + w));
        stdout.flush();
        result = run.write(result);
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
        if (result.overall().requests() > 0 && result.overall().successes() == 0) {
            err.println("bench: every request failed (" + causes(result) + ") against "
                    + run.settings().targetDescription() + "; check that the server is up and the endpoint is right");
            return BenchCli.THRESHOLDS_FAILED;
        }
        if (!result.valid() && run.settings().failOnInvalid()) {
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
