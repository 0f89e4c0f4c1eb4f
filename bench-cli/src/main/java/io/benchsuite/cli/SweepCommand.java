package io.benchsuite.cli;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.Progress;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.result.Capacity;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.runner.SweepRun;
import io.benchsuite.runner.SweepSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bench sweep --config F [--out DIR] [--max-seconds N]}: the highest load that meets the SLO. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Finds the highest load that meets every threshold of the config (the SLO):",
                "probes one load at a time, min_rate..max_rate (load_model open) or",
                "min_load..max_load, each for duration_seconds (default 20), and narrows the",
                "boundary to sweep_resolution (default 5 %%). Writes DIR/<run_id>/result.json",
                "(buckets: the probes; \"capacity\": the answer) and report.html.",
                "See docs/sweep.md.",
                "Exit codes: 0 capacity found, 1 even the lowest load fails the SLO,",
                "2 bad usage or config, 130 interrupted."})
final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoadOptions load;

    @Option(names = "--max-seconds", paramLabel = "N",
            description = "Stop probing before the sweep would take longer than N seconds; the answer is then the "
                    + "interval found so far.")
    Long maxSeconds;

    @Override
    public Integer call() {
        if (maxSeconds != null && maxSeconds <= 0) {
            throw new io.benchsuite.engine.config.ConfigException("--max-seconds " + maxSeconds
                    + " must be a positive number of seconds");
        }
        BenchConfig cfg = load.load();
        RunFiles.checkOutDir(load.out);
        return execute(spec, cfg, load.out, load.mongodbUri, maxSeconds);
    }

    /** Sweeps a prepared config; shared by {@code sweep} and {@code demo --sweep}. */
    static int execute(CommandSpec spec, BenchConfig cfg, Path out, String mongodbUri, Long maxSeconds) {
        var err = spec.commandLine().getErr();
        var stdout = spec.commandLine().getOut();
        RunSettings settings = RunSettings.of(cfg);
        try (SweepRun sweep = SweepRun.prepare(settings, out,
                () -> RunStore.open(Optional.ofNullable(mongodbUri), err),
                maxSeconds == null ? null : Duration.ofSeconds(maxSeconds))) {
            SweepSettings s = sweep.sweep();
            err.printf("bench: sweep %s: %s, %s to %s, probes of %s s%s, SLO %s, resolution %s %%%s%n",
                    settings.identity().runId(), settings.targetDescription(), s.format(s.lo()), s.format(s.hi()),
                    SweepSettings.DEFAULT_PROBE_SECONDS == s.probe().toSeconds() && !cfg.has("duration_seconds")
                            ? "20 (default)" : fmt(s.probe().toMillis() / 1000.0),
                    s.warmup().isZero() ? "" : " after " + fmt(s.warmup().toMillis() / 1000.0) + " s of warm-up",
                    String.join(", ", s.slo().stream().map(t -> t.expression()).toList()),
                    fmt(s.resolution() * 100), maxSeconds == null ? "" : ", at most " + maxSeconds + " s");
            RunControl control = new RunControl();
            Interrupts.install(control, err);
            ProgressLine progress = new ProgressLine(err, ProgressLine.stderrIsTerminal());
            BenchRun.Outcome outcome;
            try {
                outcome = sweep.run(control, new SweepRun.Listener() {
                    @Override
                    public void probeStarted(int number, double load, Duration length) {
                        progress.finish();
                        err.printf("bench: probe %d: %s for %s s%n", number, s.format(load),
                                fmt(length.toMillis() / 1000.0));
                    }

                    @Override
                    public void progress(Progress p) {
                        progress.accept(p);
                    }

                    @Override
                    public void probeEnded(int number, double load, Stats stats, boolean passed, List<String> failed,
                                           double lower, double upper) {
                        progress.finish();
                        err.printf(Locale.ROOT, "bench: probe %d: %s: p99 %.2f ms, %.2f%% ok: %s; capacity %s%n",
                                number, s.format(load), stats.latencyMs().p99(), stats.successRate(),
                                passed ? "meets the SLO" : "FAILS " + String.join(", ", failed),
                                SweepRun.interval(s, lower, upper));
                    }
                });
            } finally {
                progress.finish();
            }
            RunResult result = outcome.result();
            printProbes(stdout, result, s);
            RunCommand.printWhere(stdout, result, outcome.dir());
            RunCommand.printReport(outcome.reportProblem(), outcome.dir(), stdout, err);
            RunStore.finish(outcome.stored(), sweep.run().database(), out, stdout, err);
            stdout.flush();
            if (result.status() == RunResult.Status.aborted) {
                err.println("bench: sweep aborted (" + control.reason() + "); the probes so far were written to "
                        + outcome.files().resultFile());
                return BenchCli.INTERRUPTED;
            }
            return result.capacity().found() ? BenchCli.OK : BenchCli.THRESHOLDS_FAILED;
        }
    }

    /** The probes in order, then the answer in one line. */
    static void printProbes(PrintWriter stdout, RunResult result, SweepSettings s) {
        Capacity c = result.capacity();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"probe", s.open() ? "rate" : "workers", "requests", "req/s", "goodput", "success%",
                "p50 ms", "p99 ms", "verdict"});
        for (int i = 0; i < result.buckets().size() && i < c.verdicts().size(); i++) {
            Stats b = result.buckets().get(i);
            Capacity.ProbeVerdict v = c.verdicts().get(i);
            rows.add(new String[] {String.valueOf(i + 1), SweepSettings.number(v.load()), String.valueOf(b.requests()),
                    String.format(Locale.ROOT, "%.1f", b.throughputRps()),
                    b.goodputRps() == null ? "-" : String.format(Locale.ROOT, "%.1f", b.goodputRps()),
                    String.format(Locale.ROOT, "%.2f", b.successRate()),
                    String.format(Locale.ROOT, "%.2f", b.latencyMs().p50()),
                    String.format(Locale.ROOT, "%.2f", b.latencyMs().p99()),
                    v.passed() ? "meets SLO" : "FAILS " + String.join(", ", v.failed())});
        }
        int[] width = new int[rows.getFirst().length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        stdout.println();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : " ".repeat(width[i] - r[i].length()) + r[i] + "  ");
            }
            stdout.println(line);
            if (k == 0) {
                stdout.println("-".repeat(line.length()));
            }
        }
        stdout.println();
        stdout.println(SweepRun.answer(result));
    }

    private static String fmt(double v) {
        return SweepSettings.number(v);
    }
}
