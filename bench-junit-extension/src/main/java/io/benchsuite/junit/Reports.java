package io.benchsuite.junit;

import io.benchsuite.engine.result.RunResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Writes {@code report.html} next to a run's result and refreshes the index of all runs, with the
 * {@code bench-report} module.
 *
 * <p>CALL SITE TO MAKE DIRECT: {@code io.benchsuite.report.HtmlReport.write(RunResult, Path)} and
 * {@code io.benchsuite.report.IndexPage.write(Path)} were being written in {@code bench-report} when this was;
 * they are looked up reflectively so that this module compiles either way. Once they exist, replace the lookups
 * with direct calls.
 */
final class Reports {

    /** The report file inside a run directory. */
    static final String REPORT_FILE = "report.html";

    private Reports() {
    }

    /** Writes {@code runDir/report.html}; returns null on success, else why it was not written. */
    static String writeReport(RunResult result, Path runDir) {
        return call("io.benchsuite.report.HtmlReport", new Class<?>[] {RunResult.class, Path.class},
                result, runDir.resolve(REPORT_FILE));
    }

    /** Rewrites the index page of {@code outputDir}; returns null on success, else why it was not written. */
    static String writeIndex(Path outputDir) {
        return call("io.benchsuite.report.IndexPage", new Class<?>[] {Path.class}, outputDir);
    }

    private static String call(String className, Class<?>[] types, Object... args) {
        Method write;
        try {
            write = Class.forName(className, true, Reports.class.getClassLoader()).getMethod("write", types);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return className + ".write is not available in bench-report on the class path";
        }
        try {
            write.invoke(null, args);
            return null;
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
        } catch (IllegalAccessException e) {
            return className + ".write is not accessible: " + e.getMessage();
        }
    }
}
