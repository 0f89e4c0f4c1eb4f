package io.benchsuite.report;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.ComparedRun;
import io.benchsuite.result.compare.RunComparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * Renders saved run results as one self-contained HTML page: header and verdict, thresholds, a table per worker
 * level, charts (latency, throughput with the ideal linear line and the saturation level, success rate, timeline,
 * latency distribution, LLM token metrics), errors with samples, the redacted configuration and the environment.
 * The page inlines its styles, the uPlot charting library and the chart data; it loads nothing from the network.
 *
 * <p>The page is built from the result document only ({@code result.json}), so it can be rebuilt from any stored
 * run. Its size does not grow with the number of requests: the result holds per-level statistics, compact
 * histograms and one timeline entry per second, never per-request data.
 *
 * <pre>{@code
 * RunResult result = ResultJson.read(runDir);
 * HtmlReport.write(result, runDir.resolve(HtmlReport.REPORT_FILE));
 * HtmlReport.compare(RunComparison.of(ComparedRun.read(baseDir), ComparedRun.read(runDir)),
 *         ResultJson.read(baseDir), result, Path.of("compare.html"));
 * }</pre>
 *
 * <p>See {@code docs/report.md}.
 */
public final class HtmlReport {

    /** The file name of a run's report, next to its {@code result.json}. */
    public static final String REPORT_FILE = "report.html";

    private HtmlReport() {
    }

    /** The report page of {@code result}. */
    public static String render(RunResult result) {
        return new RunPage(Objects.requireNonNull(result, "result")).render();
    }

    /**
     * The page that compares {@code current} with {@code base} from their histograms alone: without the request logs
     * the intervals treat requests as independent, which the page notes; {@link #renderComparison(RunComparison,
     * RunResult, RunResult)} with a comparison made from the request logs is the honest one.
     */
    public static String renderComparison(RunResult base, RunResult current) {
        return renderComparison(RunComparison.of(ComparedRun.of(Objects.requireNonNull(base, "base")),
                ComparedRun.of(Objects.requireNonNull(current, "current"))), base, current);
    }

    /**
     * The page that shows {@code comparison}: its verdicts, intervals and notes, per level, and the runs {@code base}
     * and {@code current} (the first run of each side) on the same charts.
     */
    public static String renderComparison(RunComparison comparison, RunResult base, RunResult current) {
        return new ComparePage(Objects.requireNonNull(base, "base"), Objects.requireNonNull(current, "current"),
                Objects.requireNonNull(comparison, "comparison")).render();
    }

    /** Writes the report page of {@code result} to {@code htmlFile} (parent directories are created). */
    public static void write(RunResult result, Path htmlFile) throws IOException {
        writeAtomically(render(result), htmlFile);
    }

    /** Writes the comparison of {@code current} with {@code base}, from their histograms alone, to {@code htmlFile}. */
    public static void compare(RunResult base, RunResult current, Path htmlFile) throws IOException {
        writeAtomically(renderComparison(base, current), htmlFile);
    }

    /** Writes the page of {@code comparison} (of {@code base} and {@code current}) to {@code htmlFile}. */
    public static void compare(RunComparison comparison, RunResult base, RunResult current, Path htmlFile)
            throws IOException {
        writeAtomically(renderComparison(comparison, base, current), htmlFile);
    }

    /** Writes through a temporary file and a rename, so a browser or CI upload never sees half a page. */
    static void writeAtomically(String html, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // not Files.createTempFile: its owner-only permissions would stick to a page meant to be shared
        Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().threadId() + ".tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
