package io.benchsuite.junit;

import io.benchsuite.result.RunResult;
import io.benchsuite.report.HtmlReport;
import io.benchsuite.report.IndexPage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@code report.html} next to a run's result and refreshes {@code index.html} of the output directory.
 * A report that cannot be written is reported on standard error, never fails the test: the result files are
 * what counts, and the report can be rebuilt from them ({@code bench report}).
 */
final class Reports {

    private Reports() {
    }

    /** Writes {@code runDir/report.html}; returns null on success, else why it was not written. */
    static String writeReport(RunResult result, Path runDir) {
        try {
            HtmlReport.write(result, runDir.resolve(HtmlReport.REPORT_FILE));
            return null;
        } catch (IOException | RuntimeException e) {
            return problem(e);
        }
    }

    /** Rewrites {@code outputDir/index.html}; returns null on success, else why it was not written. */
    static String writeIndex(Path outputDir) {
        try {
            IndexPage.write(outputDir);
            return null;
        } catch (IOException | RuntimeException e) {
            return problem(e);
        }
    }

    private static String problem(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
