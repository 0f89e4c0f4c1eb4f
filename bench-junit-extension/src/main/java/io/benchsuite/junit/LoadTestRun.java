package io.benchsuite.junit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.engine.config.RunSettings;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.result.BucketTable;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.ComparisonTable;
import io.benchsuite.result.compare.RunComparison;
import io.benchsuite.result.threshold.ChangeThreshold;
import io.benchsuite.result.threshold.Criterion;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.runner.SweepRun;
import io.benchsuite.runner.SweepSettings;
import io.benchsuite.runner.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * One load of a {@link LoadTest} method, as the JUnit lifecycle needs it: its settings from the annotations and
 * configuration parameters, the run pipeline ({@link BenchRun}) on a thread of its own so that an interrupt of
 * the test thread (JUnit's {@code @Timeout}) stops the load and keeps what was measured, the table and the report
 * entry, and the thresholds' verdict.
 */
final class LoadTestRun {

    /** The file JUnit reads configuration parameters from, at the root of the class path. */
    private static final String JUNIT_PROPERTIES = "junit-platform.properties";

    private final ExtensionContext context;
    private final Method method;
    private final Class<?> testClass;
    private final String testName;
    private final LoadTestSettings settings;

    private LoadTestRun(ExtensionContext context, Method method, LoadTestSettings settings) {
        this.context = context;
        this.method = method;
        this.testClass = context.getRequiredTestClass();
        this.testName = LoadTestSettings.testName(testClass, method);
        this.settings = settings;
    }

    /**
     * What a finished load left behind.
     *
     * @param failOnInvalid an invalid run fails the test ({@code failOnInvalid})
     * @param baseline      what it was compared with, or null without {@link Baseline}
     */
    record Finished(RunResult result, Path dir, String abortReason, boolean interrupted, boolean failOnInvalid,
                    TestBaseline baseline) {
    }

    /** Resolves the settings of {@code method}; a mistake fails here, before anything else happens. */
    static LoadTestRun of(ExtensionContext context, Method method) {
        return new LoadTestRun(context, method, LoadTestSettings.resolve(context, method));
    }

    /** Whether the method is the request (no config file), else a built-in target sends them. */
    boolean methodForm() {
        return settings.config() == null;
    }

    LoadTestSettings settings() {
        return settings;
    }

    /**
     * Runs the load to its end (or until the test thread is interrupted), writes every file, prints the table and
     * publishes the report entry.
     *
     * @param instance  the test instance (method form: the requests are calls on it)
     * @param arguments the method's arguments as JUnit resolved them (method form: those besides the per-request
     *                  ones)
     */
    Finished load(Object instance, Object[] arguments) throws Throwable {
        BenchRun run;
        try {
            run = prepare(instance, arguments);
        } catch (ConfigException e) {
            throw configError(e.getMessage());
        }
        RunControl control = new RunControl();
        ProgressPrinter progress = new ProgressPrinter(testName, System.err,
                settings.abortOnThresholdFailure() ? run.settings().thresholds() : List.of(),
                run.settings().plan().totalRequests(), control);
        TestBaseline baseline = settings.baseline() == null ? null : baseline(run);
        System.out.println("[benchsuite] " + testName + ": " + run.settings().targetDescription() + ", "
                + run.planDescription() + ", run " + run.settings().identity().runId());
        run.warnings().forEach(w -> notice("warning: " + w));
        CompletableFuture<RunResult> future = new CompletableFuture<>();
        SweepRun sweep;
        try {
            sweep = settings.sweep() ? SweepRun.of(run, settings.sweepBudget()) : null;
        } catch (ConfigException e) {
            throw configError(e.getMessage());
        }
        Thread runner = Thread.ofPlatform().name("benchsuite-" + method.getName()).daemon(true).unstarted(() -> {
            if (sweep != null) {
                try (sweep) {
                    future.complete(sweep.run(control, sweepListener(sweep, progress)).result());
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
                return;
            }
            try (run) {
                RunResult result = run.evaluate(run.load(control, progress));
                if (baseline != null && baseline.runs() != null) {
                    result = compare(run, result, baseline);
                }
                result = run.write(result);
                run.store(result).ifPresent(stored -> notice(stored.message()));
                run.report(result).ifPresent(problem -> notice("report.html not written: " + problem));
                future.complete(result);
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        Duration grace = run.settings().timeout().plusSeconds(10);
        ActiveLoads.of(context).add(control, future, grace);
        boolean interrupted = false;
        RunResult result;
        runner.start();
        try {
            try {
                result = future.get();
            } catch (InterruptedException e) {
                interrupted = true;
                control.abort("the test thread was interrupted (JUnit @Timeout or cancellation)");
                result = awaitAfterAbort(future, control, grace);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw configError(ce.getMessage());
            }
            throw cause;
        }
        publish(result, run.dir(), baseline);
        return new Finished(result, run.dir(), progress.abortReason(), interrupted, run.settings().failOnInvalid(),
                baseline);
    }

    /** Probe lines on standard error, progress as for a run. */
    private SweepRun.Listener sweepListener(SweepRun sweep, ProgressPrinter progress) {
        SweepSettings s = sweep.sweep();
        return new SweepRun.Listener() {
            @Override
            public void probeStarted(int number, double load, Duration length) {
                notice("probe " + number + ": " + s.format(load) + " for " + SweepSettings.number(
                        length.toMillis() / 1000.0) + " s");
            }

            @Override
            public void progress(io.benchsuite.engine.run.Progress p) {
                progress.accept(p);
            }

            @Override
            public void probeEnded(int number, double load, io.benchsuite.result.Stats stats, boolean passed,
                                   List<String> failed, double lower, double upper) {
                notice(String.format(java.util.Locale.ROOT, "probe %d: %s: p99 %.2f ms: %s", number, s.format(load),
                        stats.latencyMs().p99(), passed ? "meets the SLO" : "fails " + String.join(", ", failed)));
            }
        };
    }

    /** The baseline of this load test ({@link Baseline}); a database that cannot answer is a note, not a failure. */
    private TestBaseline baseline(BenchRun run) {
        String name = settings.baseline().isEmpty() ? run.settings().identity().name() : settings.baseline();
        Path dir = settings.baselineDir().resolve(settings.baseline().isEmpty()
                ? LoadTestSettings.className(testClass) + "/" + method.getName() : settings.baseline());
        try {
            return TestBaseline.find(run.settings().identity().orgId(), name, dir, run.settings().identity().runId(),
                    run.database());
        } catch (RuntimeException e) {
            return new TestBaseline(null, "the baseline of \"" + name + "\" cannot be looked up (" + e.getMessage()
                    + ")");
        }
    }

    /** {@code result} with its comparison; a comparison that fails is a note, the result files are written anyway. */
    private RunResult compare(BenchRun run, RunResult result, TestBaseline baseline) {
        try {
            return run.compare(result, baseline.runs());
        } catch (RuntimeException e) {
            notice("the comparison with " + baseline.where() + " failed: " + e);
            return result;
        }
    }

    // ------------------------------------------------------------------ preparation

    private BenchRun prepare(Object instance, Object[] arguments) {
        Path testDir = settings.outputDir().resolve(LoadTestSettings.className(testClass)).resolve(method.getName());
        BenchConfig config;
        TargetFactory factory;
        if (methodForm()) {
            ObjectNode base = JsonNodeFactory.instance.objectNode();
            base.put("benchmark_type", MethodTargetFactory.BENCHMARK_TYPE);
            base.put("name", testName);
            config = settings.applyTo(BenchConfig.layered(null, List.of(new BenchConfig.Layer("", "@LoadTest", base,
                    LoadTestSettings::attribute, key -> null))), List.of());
            config = withResolvedDataset(config);
            factory = new MethodTargetFactory(method, instance, arguments);
        } else {
            Path file = resolve(settings.config(), "config");
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw configError("cannot read config " + file + " (" + e.getMessage() + ")");
            }
            ObjectNode root = ConfigLoader.parseObject(settings.config(), text);
            if (!root.has("name")) {
                root.put("name", testName);
            }
            BenchConfig base = BenchConfig.of(settings.config(), file.toAbsolutePath().getParent(), root);
            config = withResolvedDataset(settings.applyTo(base, setLayer(base)));
            factory = RunSettings.factoryFor(config);
        }
        if (settings.baseline() == null) {
            for (RunSettings.GivenThreshold t : settings.thresholds()) {
                if (changeThreshold(t.expression())) {
                    throw configError(t.where() + " limits the change against a baseline, which this load test has "
                            + "none of; add @Baseline to the method or the class (see its Javadoc), or remove it");
                }
            }
        }
        RunSettings runSettings = RunSettings.of(config, factory, settings.thresholds());
        if (runSettings.repeat() > 1) {
            throw runSettings.config().error("repeat", "(" + runSettings.repeat() + ") is for bench run; a @LoadTest "
                    + "is one load: run the config with bench run --repeat, and mark those runs as the baseline "
                    + "(bench baseline set) to compare the test with every repetition");
        }
        return BenchRun.prepare(runSettings, testDir,
                () -> ResultsDatabase.openIfConfigured(settings.mongodbUri(), settings.databaseName(), this::notice));
    }

    private static boolean changeThreshold(String expression) {
        try {
            return Criterion.parse(expression) instanceof ChangeThreshold;
        } catch (IllegalArgumentException e) {
            return false; // RunSettings reports it, with the rest of the settings
        }
    }

    /**
     * {@code config} with a {@code dataset} given by an annotation resolved as a file (relative to the working
     * directory) or a class path resource; a dataset of the config file (or of {@code benchsuite.set.dataset})
     * resolves against the file's directory, as with {@code bench run}.
     */
    private BenchConfig withResolvedDataset(BenchConfig config) {
        if (!config.has("dataset") || !config.origin("dataset").startsWith("@LoadTest")) {
            return config;
        }
        String given = config.optionalString("dataset").orElseThrow();
        ObjectNode resolved = JsonNodeFactory.instance.objectNode().put("dataset", resolve(given, "dataset").toString());
        return config.with(new BenchConfig.Layer("", config.origin("dataset"), resolved, LoadTestSettings::attribute,
                key -> null));
    }

    /**
     * The configuration parameters {@code benchsuite.set.<key>=<value>}, applied like {@code bench run --set
     * key=value} (value parsed as JSON when it parses); a key that only another {@code benchmark_type} on the
     * class path knows is left to the load tests of that type.
     */
    private List<BenchConfig.Layer> setLayer(BenchConfig base) {
        List<TargetFactory> factories = new ArrayList<>();
        ServiceLoader.load(TargetFactory.class, RunSettings.class.getClassLoader()).forEach(factories::add);
        Map<String, String> given = setParameters(factories);
        if (given.isEmpty()) {
            return List.of();
        }
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        given.forEach((key, value) -> values.set(key, ConfigLoader.value(value)));
        // the common keys first: benchmark_type decides which target, and so which keys, this is
        ObjectNode common = values.deepCopy();
        common.retain(BenchConfig.COMMON_KEYS);
        TargetFactory factory = RunSettings.factoryFor(base.with(BenchConfig.Layer.file(base.source(), common)));
        Set<String> otherTypesOnly = new HashSet<>();
        factories.forEach(f -> otherTypesOnly.addAll(f.configKeys()));
        otherTypesOnly.removeAll(factory.configKeys());
        otherTypesOnly.removeAll(BenchConfig.COMMON_KEYS);
        values.remove(otherTypesOnly);
        return List.of(BenchConfig.Layer.overrides(base.source(), "configuration parameters", values,
                key -> values.has(key) ? LoadTest.SET_PROPERTY_PREFIX + key : null));
    }

    /**
     * The {@code benchsuite.set.<key>} parameters of this test, by key. JUnit cannot list its parameters, so the
     * keys looked up are those of every target on the class path, plus those found in the sources that can be
     * listed: JVM system properties and {@code junit-platform.properties}. Each is read through JUnit, with its
     * precedence; a source the launcher ignores is ignored here too.
     */
    private Map<String, String> setParameters(List<TargetFactory> factories) {
        Set<String> keys = new TreeSet<>(BenchConfig.COMMON_KEYS);
        factories.forEach(f -> keys.addAll(f.configKeys()));
        addSetKeys(keys, System.getProperties());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL file = (loader != null ? loader : testClass.getClassLoader()).getResource(JUNIT_PROPERTIES);
        if (file != null) {
            Properties properties = new Properties();
            try (InputStream in = file.openStream()) {
                properties.load(in);
            } catch (IOException e) {
                // JUnit itself reports an unreadable junit-platform.properties
            }
            addSetKeys(keys, properties);
        }
        Map<String, String> given = new TreeMap<>();
        for (String key : keys) {
            context.getConfigurationParameter(LoadTest.SET_PROPERTY_PREFIX + key).ifPresent(v -> given.put(key, v));
        }
        return given;
    }

    private static void addSetKeys(Set<String> keys, Properties source) {
        for (String name : source.stringPropertyNames()) {
            if (name.startsWith(LoadTest.SET_PROPERTY_PREFIX)
                    && name.length() > LoadTest.SET_PROPERTY_PREFIX.length()) {
                keys.add(name.substring(LoadTest.SET_PROPERTY_PREFIX.length()));
            }
        }
    }

    /** One line about this load test on standard error. */
    private void notice(String line) {
        System.err.println("[benchsuite " + testName + "] " + line);
    }

    /** A file path (relative to the working directory) or a class path resource, as a readable file. */
    private Path resolve(String name, String what) {
        Path path = Path.of(name);
        if (Files.isRegularFile(path)) {
            return path.toAbsolutePath();
        }
        ClassLoader loader = testClass.getClassLoader();
        URL url = loader.getResource(name.startsWith("/") ? name.substring(1) : name);
        if (url != null) {
            try {
                if ("file".equals(url.getProtocol())) {
                    return Path.of(url.toURI());
                }
                Path copy = Files.createTempFile("benchsuite-" + what + "-", "-" + path.getFileName());
                copy.toFile().deleteOnExit();
                try (InputStream in = url.openStream()) {
                    Files.write(copy, in.readAllBytes());
                }
                return copy;
            } catch (IOException | URISyntaxException e) {
                throw configError("cannot read " + what + " \"" + name + "\" from " + url + " (" + e.getMessage() + ")");
            }
        }
        throw configError(what + " \"" + name + "\" is neither a file (looked in " + Path.of("").toAbsolutePath()
                + ") nor a class path resource; put it under src/test/resources/ or give its path");
    }

    // ------------------------------------------------------------------ running

    private RunResult awaitAfterAbort(CompletableFuture<RunResult> future, RunControl control, Duration grace)
            throws ExecutionException {
        long deadline = System.nanoTime() + grace.toNanos();
        boolean secondAbort = false;
        while (true) {
            try {
                return future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException again) {
                if (!secondAbort) {
                    control.abort("interrupted again");
                    secondAbort = true;
                }
            } catch (TimeoutException e) {
                if (secondAbort) {
                    throw new AssertionFailedError(settings.where() + ": the load did not stop within "
                            + grace.toSeconds() + " s of being aborted; no result was written");
                }
                control.abort("did not stop in time");
                secondAbort = true;
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            }
        }
    }

    // ------------------------------------------------------------------ after the load

    private void publish(RunResult r, Path dir, TestBaseline baseline) {
        System.out.print("[benchsuite] " + testName + ": " + r.target() + ", run " + r.runId() + "\n"
                + BucketTable.format(r));
        context.publishReportEntry(LoadTest.REPORT_ENTRY_KEY, BucketTable.summary(r) + " | "
                + dir.toAbsolutePath());
        if (r.capacity() != null) {
            String answer = SweepRun.answer(r);
            System.out.println("[benchsuite] " + testName + ": " + answer);
            context.publishReportEntry(LoadTest.REPORT_ENTRY_KEY + ".capacity", answer);
        }
        if (baseline != null) {
            String line = r.comparison() == null ? "not compared: " + baseline.where()
                    : r.comparison().summary() + " (against " + r.comparison().base().id() + ", " + baseline.where()
                    + ")" + advice(r.comparison());
            System.out.println("[benchsuite] " + testName + ": " + line);
            context.publishReportEntry(Baseline.REPORT_ENTRY_KEY, line);
        }
        if (settings.stepSummary() != null) {
            StepSummary.append(settings.stepSummary(), r.comparison() != null
                    ? ComparisonTable.markdown(r.comparison(), testName) : ComparisonTable.markdown(r, testName))
                    .ifPresent(problem -> notice("the job summary " + settings.stepSummary() + " was not written: "
                            + problem));
        }
        Reports.writeIndex(settings.outputDir(), ActiveLoads.of(context).started())
                .ifPresent(problem -> notice("index.html not written: " + problem));
        BucketTable.validityWarning(r).ifPresent(this::notice);
    }

    /** What would decide the metrics the data could not: {@code ; p99: the interval straddles ...}. */
    private static String advice(RunComparison c) {
        StringBuilder b = new StringBuilder();
        c.metrics().stream().filter(m -> m.advice() != null).forEach(m -> b.append("; ").append(m.label()).append(": ")
                .append(m.advice()));
        return b.toString();
    }

    /**
     * The verdict of a finished load: an interrupted load fails the test; otherwise failed thresholds fail it, with
     * {@code userFailure} (the config form's method, run after the load) suppressed in that failure.
     */
    void verdict(Finished f, Throwable userFailure) throws Throwable {
        RunResult r = f.result();
        String results = "\n\nResults: " + f.dir().toAbsolutePath();
        boolean invalidFails = f.failOnInvalid() && !r.valid();
        String verdict = f.interrupted() || r.status() == RunResult.Status.aborted && r.thresholdsPassed()
                && userFailure == null ? "ABORTED" : r.thresholdsPassed() && userFailure == null && !invalidFails
                ? "PASSED" : "FAILED";
        // one line per load test where Maven and CI show test output (the console, the XML report's system-out)
        System.out.println("[benchsuite] " + testName + ": " + verdict + " | " + BucketTable.summary(r) + " | "
                + f.dir().toAbsolutePath());
        if (f.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError(settings.where() + ": the load was aborted ("
                    + r.status() + ", " + r.overall().requests() + " requests measured) because the test thread "
                    + "was interrupted (JUnit @Timeout or cancellation)" + results);
        }
        boolean regressed = r.comparison() != null && r.comparison().regressed();
        if (!r.thresholdsPassed() || regressed) {
            String aborted = f.abortReason() == null ? "" : "\n\nThe load was aborted early: " + f.abortReason();
            if (r.capacity() != null && !r.capacity().found()) {
                aborted = "\n\nNo load of the sweep met the SLO: the lowest, " + (r.capacity().verdicts().isEmpty()
                        ? "its first probe" : r.capacity().format(r.capacity().verdicts().getFirst().load()))
                        + ", failed it" + aborted;
            }
            String thresholds = r.thresholdsPassed() ? "" : ThresholdEvaluator.failureMessage(r.thresholds());
            String regression = !regressed ? "" : "regressed against its baseline " + r.comparison().base().id()
                    + " (" + f.baseline().where() + ")\n\n" + ComparisonTable.text(r.comparison()).stripTrailing();
            AssertionFailedError failure = new AssertionFailedError(settings.where() + ": " + thresholds
                    + (thresholds.isEmpty() || regression.isEmpty() ? "" : "\n\n") + regression + aborted + results);
            if (userFailure != null) {
                failure.addSuppressed(userFailure);
            }
            throw failure;
        }
        if (invalidFails) {
            AssertionFailedError failure = new AssertionFailedError(settings.where() + ": the run is invalid "
                    + "(failOnInvalid): its numbers measure more than the target:\n  "
                    + String.join("\n  ", r.validity().reasons()) + results);
            if (userFailure != null) {
                failure.addSuppressed(userFailure);
            }
            throw failure;
        }
        if (userFailure != null) {
            throw userFailure;
        }
    }

    ExtensionConfigurationException configError(String problem) {
        return new ExtensionConfigurationException(settings.where() + ": " + problem);
    }
}
