package io.benchsuite.cli;

import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.report.HtmlReport;
import io.benchsuite.report.IndexPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench report <run> [-o FILE]}, {@code bench report --compare <base> <current> [-o FILE]},
 * {@code bench report --index DIR}. A run is a run id (looked up as {@code DIR/<run_id>/result.json}), a run
 * directory, or a {@code result.json} file. Prints the path of the page it wrote.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the self-contained HTML report of a saved run (see docs/report.md).",
                "A run is a run id (looked up in the results directory), a run directory or a result.json.",
                "Default output: report.html next to the run's result.json; with --compare, "
                        + "compare-<base run id>.html next to the current run's result.json.",
                "Exit codes: 0 written, 2 bad usage or unreadable input."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "Run id, run directory or result.json.")
    String run;

    @Option(names = "--compare", arity = "2", paramLabel = "RUN",
            description = "Compare two runs: BASE CURRENT (run ids, run directories or result.json files).")
    List<String> compare;

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
            Path written = write();
            spec.commandLine().getOut().println(written);
            spec.commandLine().getOut().flush();
            return BenchCli.OK;
        } catch (UserError e) {
            spec.commandLine().getErr().println("bench report: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return BenchCli.USAGE;
        }
    }

    private Path write() {
        int modes = (run != null ? 1 : 0) + (compare != null ? 1 : 0) + (index != null ? 1 : 0);
        if (modes != 1) {
            throw new UserError("give exactly one of: RUN, --compare BASE CURRENT, --index DIR "
                    + "(e.g. bench report 20261128-031500-orders)");
        }
        if (compare != null && compare.size() != 2) {
            throw new UserError("--compare takes exactly two runs, BASE and CURRENT (got " + compare.size() + ")");
        }
        if (index != null) {
            if (output != null) {
                throw new UserError("-o/--output does not apply to --index: the index is always DIR/"
                        + IndexPage.INDEX_FILE);
            }
            if (!Files.isDirectory(index)) {
                throw new UserError(index + " is not a directory; pass the directory that holds the runs "
                        + "(e.g. target/benchsuite)");
            }
            return io(() -> IndexPage.write(index), index);
        }
        if (run != null) {
            Path file = resolve(run);
            RunResult result = read(file);
            Path html = output != null ? output : file.getParent().resolve(HtmlReport.REPORT_FILE);
            io(() -> {
                HtmlReport.write(result, html);
                return html;
            }, html);
            return html;
        }
        Path baseFile = resolve(compare.get(0));
        Path currentFile = resolve(compare.get(1));
        RunResult base = read(baseFile);
        RunResult current = read(currentFile);
        Path html = output != null ? output
                : currentFile.getParent().resolve("compare-" + safe(base.runId()) + ".html");
        io(() -> {
            HtmlReport.compare(base, current, html);
            return html;
        }, html);
        return html;
    }

    /** The result.json a run reference names. */
    private Path resolve(String ref) {
        Path given;
        try {
            given = Path.of(ref);
        } catch (InvalidPathException e) {
            given = null;
        }
        if (given != null && Files.isDirectory(given)) {
            Path f = given.resolve(ResultJson.RESULT_FILE);
            if (!Files.isRegularFile(f)) {
                throw new UserError(given + " is a directory without " + ResultJson.RESULT_FILE
                        + "; pass a run directory, a result.json or a run id");
            }
            return f.toAbsolutePath().normalize();
        }
        if (given != null && Files.isRegularFile(given)) {
            return given.toAbsolutePath().normalize();
        }
        if (!ref.contains("/") && !ref.contains("\\") && !ref.isBlank() && !ref.startsWith(".")) {
            Path f = out.resolve(ref).resolve(ResultJson.RESULT_FILE);
            if (Files.isRegularFile(f)) {
                return f.toAbsolutePath().normalize();
            }
        }
        throw new UserError("no run '" + ref + "': it is neither a file, a run directory, nor a run id with "
                + out.resolve("<run_id>").resolve(ResultJson.RESULT_FILE) + " (set the results directory with --out DIR)");
    }

    private static RunResult read(Path file) {
        try {
            return ResultJson.read(file);
        } catch (IOException | RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new UserError("cannot read " + file + ": " + msg + " (is it a BenchSuite result.json?)");
        }
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
