package io.benchsuite.cli;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.ComparisonTable;
import io.benchsuite.result.compare.RegressionThreshold;
import io.benchsuite.result.compare.RunComparison;
import io.benchsuite.report.HtmlReport;
import io.benchsuite.report.IndexPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench report <run> [-o FILE]}, {@code bench report --compare <base> <current> [-o FILE]} (or
 * {@code <current> --compare <base>}), {@code bench report --index DIR}; {@code --format markdown} for the short table
 * of a CI job summary. A run is a run id (looked up in {@code DIR}), a run directory, a {@code result.json}, a
 * repetition group or a baseline ({@link RunRefs}). Prints the path of the page it wrote, or the markdown.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the self-contained HTML report of a saved run (see docs/report.md), or with --format "
                + "markdown the short table of a CI job summary (verdict, p50, p99, throughput, success rate).",
                "A run is a run id (looked up in the results directory), latest, a run directory or a result.json, a "
                        + "repetition group, or a baseline (baseline, baseline:NAME).",
                "Default output: report.html next to the run's result.json; with --compare, "
                        + "compare-<base run id>.html next to the current run's result.json; markdown: stdout.",
                "Exit codes: 0 written, 2 bad usage or unreadable input."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "Run id, run directory or result.json.")
    String run;

    @Option(names = "--compare", arity = "1..2", paramLabel = "RUN",
            description = "Compare two runs: BASE CURRENT, or BASE alone with RUN as the current run.")
    List<String> compare;

    @Option(names = "--format", paramLabel = "html|markdown", defaultValue = "html",
            description = "html (default: the page) or markdown (the short table, for $GITHUB_STEP_SUMMARY).")
    String format;

    @Option(names = "--index", paramLabel = "DIR",
            description = "Write DIR/index.html linking the report of every result.json under DIR "
                    + "(missing reports are written).")
    Path index;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the page.")
    Path output;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Results directory where run ids are looked up (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        try {
            String written = write();
            spec.commandLine().getOut().print(written);
            spec.commandLine().getOut().flush();
            return BenchCli.OK;
        } catch (UserError | IllegalArgumentException | java.util.NoSuchElementException e) {
            spec.commandLine().getErr().println("bench report: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return BenchCli.USAGE;
        }
    }

    /** Writes what was asked; returns what to print: the page's path, or the markdown. */
    private String write() {
        boolean markdown = switch (format) {
            case "html" -> false;
            case "markdown" -> true;
            default -> throw new UserError("--format \"" + format + "\" is not known; use html or markdown");
        };
        boolean pair = compare != null && (compare.size() == 2) == (run == null);
        int modes = (run != null && compare == null ? 1 : 0) + (pair ? 1 : 0) + (index != null ? 1 : 0);
        if (modes != 1 || compare != null && !pair) {
            throw new UserError("give exactly one of: RUN, RUN --compare BASE, --compare BASE CURRENT, --index DIR "
                    + "(e.g. bench report 20261128-031500-orders)");
        }
        if (index != null) {
            if (markdown) {
                throw new UserError("--format markdown does not apply to --index; give a RUN");
            }
            if (output != null) {
                throw new UserError("-o/--output does not apply to --index: the index is always DIR/"
                        + IndexPage.INDEX_FILE);
            }
            if (!Files.isDirectory(index)) {
                throw new UserError(index + " is not a directory; pass the directory that holds the runs "
                        + "(e.g. target/benchsuite)");
            }
            return io(() -> IndexPage.write(index), index) + System.lineSeparator();
        }
        RunRefs refs = new RunRefs(Sources.files(out));
        RunRefs.Ref current = resolve(refs, compare == null ? run : compare.size() == 2 ? compare.get(1) : run, null);
        RunResult result = current.runs().getFirst();
        if (compare == null) {
            if (markdown) {
                return output(ComparisonTable.markdown(result, title(result)));
            }
            Path html = output != null ? output : current.dir().resolve(HtmlReport.REPORT_FILE);
            io(() -> {
                HtmlReport.write(result, html);
                return html;
            }, html);
            return html + System.lineSeparator();
        }
        RunRefs.Ref base = resolve(refs, compare.getFirst(), result);
        RunComparison c = RunComparison.of(base.compared(), current.compared(),
                RegressionThreshold.configuredIn(result, List.of()));
        if (markdown) {
            return output(ComparisonTable.markdown(c, title(result)));
        }
        Path html = output != null ? output
                : current.dir().resolve("compare-" + safe(c.base().id()) + ".html");
        io(() -> {
            HtmlReport.compare(c, base.runs().getFirst(), result, html);
            return html;
        }, html);
        return html + System.lineSeparator();
    }

    private RunRefs.Ref resolve(RunRefs refs, String ref, RunResult other) {
        try {
            return refs.resolve(ref, other);
        } catch (RunRefs.NoSuchRun e) {
            throw new UserError("no run '" + ref + "': it is neither a file, a run directory, a run id with "
                    + out.resolve("<run_id>").resolve(io.benchsuite.result.ResultJson.RESULT_FILE) + ", a repetition "
                    + "group nor a baseline (set the results directory with --out DIR)");
        }
    }

    /** How the markdown names a run: its name, else its id. */
    private static String title(RunResult r) {
        return r.name() == null || r.name().isBlank() ? r.runId() : r.name();
    }

    /** The markdown, or with -o the file it was written to. */
    private String output(String markdown) {
        if (output == null) {
            return markdown;
        }
        io(() -> {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(output, markdown);
            return output;
        }, output);
        return output + System.lineSeparator();
    }

    private interface IoAction {
        Path run() throws IOException;
    }

    private static Path io(IoAction action, Path target) {
        try {
            return action.run();
        } catch (IOException | UncheckedIOException e) {
            throw new UserError("cannot write " + target + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static String safe(String runId) {
        return runId == null ? "base" : runId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** A problem with the user's input: one line on stderr, exit code 2. */
    private static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message, null, false, false);
        }
    }
}
