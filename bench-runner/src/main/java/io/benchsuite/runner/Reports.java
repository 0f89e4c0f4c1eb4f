package io.benchsuite.runner;

import io.benchsuite.report.HtmlReport;
import io.benchsuite.report.IndexPage;
import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Writes the HTML pages of saved results: a run's {@code report.html} and a results directory's
 * {@code index.html}. A page that cannot be written is a problem to show, never a failed run: the result files
 * are what counts, and {@code bench report} rebuilds the pages from them.
 */
public final class Reports {

    private Reports() {
    }

    /** Writes {@code result}'s report to {@code htmlFile}; why it was not written, or empty. */
    public static Optional<String> write(RunResult result, Path htmlFile) {
        try {
            HtmlReport.write(result, htmlFile);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(problem(e));
        }
    }

    /**
     * Rewrites {@code outputDir/index.html}, marking the runs started before {@code buildStart} (may be null) as
     * from earlier builds; why it was not written, or empty.
     */
    public static Optional<String> writeIndex(Path outputDir, java.time.Instant buildStart) {
        try {
            IndexPage.write(outputDir, buildStart);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(problem(e));
        }
    }

    private static String problem(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
