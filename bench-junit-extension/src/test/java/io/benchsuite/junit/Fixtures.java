package io.benchsuite.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs fixture test methods through the JUnit Platform and reads what they left behind. */
final class Fixtures {

    private Fixtures() {
    }

    /** Runs {@code Class#method} with results under {@code out} and the extra configuration parameters. */
    static EngineExecutionResults run(Class<?> fixture, String method, Path out, Map<String, String> parameters) {
        return run(fixture, method, out, parameters, false);
    }

    /**
     * {@link #run(Class, String, Path, Map)}, with JUnit also reading system properties and
     * {@code junit-platform.properties}, as a build's launcher does (the test kit reads neither by default).
     */
    static EngineExecutionResults runAsInABuild(Class<?> fixture, String method, Path out,
                                                Map<String, String> parameters) {
        return run(fixture, method, out, parameters, true);
    }

    private static EngineExecutionResults run(Class<?> fixture, String method, Path out, Map<String, String> parameters,
                                              boolean implicitParameters) {
        return EngineTestKit.engine("junit-jupiter")
                .enableImplicitConfigurationParameters(implicitParameters)
                .configurationParameter(FixtureOnly.PARAMETER, "true")
                .configurationParameter(LoadTest.OUTPUT_DIR_PROPERTY, out.toString())
                .configurationParameters(parameters)
                .selectors(selectMethod(fixture, find(fixture, method)))
                .execute();
    }

    private static java.lang.reflect.Method find(Class<?> fixture, String name) {
        for (java.lang.reflect.Method m : fixture.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException(fixture.getSimpleName() + " has no method " + name);
    }

    static EngineExecutionResults run(Class<?> fixture, String method, Path out) {
        return run(fixture, method, out, Map.of());
    }

    /** The throwable the single failed test failed with. */
    static Throwable failure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        if (failed.size() != 1) {
            throw new AssertionError("expected exactly one failed test, got " + failed.size() + ": "
                    + results.testEvents().list());
        }
        return failed.getFirst().getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    /** The report entries published during the run. */
    static List<Map<String, String>> reportEntries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .toList();
    }

    /** The run directories under {@code out/<class>/<method>}. */
    static List<Path> runDirs(Path out, Class<?> fixture, String method) {
        Path dir = out.resolve(fixture.getSimpleName()).resolve(method);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result of the single run of {@code Class#method}. */
    static RunResult result(Path out, Class<?> fixture, String method) throws IOException {
        List<Path> dirs = runDirs(out, fixture, method);
        if (dirs.size() != 1) {
            throw new AssertionError("expected one run directory, got " + dirs);
        }
        return ResultJson.read(dirs.getFirst());
    }
}
