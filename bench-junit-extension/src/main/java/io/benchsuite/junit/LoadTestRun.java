package io.benchsuite.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.engine.dataset.Dataset;
import io.benchsuite.result.BucketTable;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.ConfiguredRun;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RequestLogFile;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.engine.run.RunFiles;
import io.benchsuite.engine.run.RunSpec;
import io.benchsuite.engine.store.RequestLogMode;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.result.threshold.Threshold;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/** One execution of a {@link LoadTest} method: settings, validation, the load, the files, the verdict. */
final class LoadTestRun {

    /** {@code benchmark_type} of method-as-request runs in {@code result.json}. */
    static final String METHOD_BENCHMARK_TYPE = "java_method";
    /** The file JUnit reads configuration parameters from, at the root of the class path. */
    private static final String JUNIT_PROPERTIES = "junit-platform.properties";

    private final ExtensionContext context;
    private final Method method;
    private final Object instance;
    private final Object[] arguments;
    private final Class<?> testClass;
    private final String testName;
    private LoadSettings settings;

    LoadTestRun(ExtensionContext context, Method method, Object instance, Object[] arguments) {
        this.context = context;
        this.method = method;
        this.instance = instance;
        this.arguments = arguments;
        this.testClass = context.getRequiredTestClass();
        this.testName = testClass.getSimpleName() + "#" + method.getName();
    }

    /** What a finished load left behind. */
    private record Finished(RunResult result, Path dir, String reportProblem) {
    }

    /** A validated load, ready to run on another thread. */
    private record Prepared(Callable<Finished> work, RunControl control, ProgressPrinter progress, Duration timeout,
                            Path dir) {
    }

    void run() throws Throwable {
        settings = LoadSettings.resolve(context, method);
        List<Threshold> thresholds = parseThresholds();
        Path testDir = settings.outputDir().resolve(testClass.getSimpleName()).resolve(method.getName());
        Prepared prepared;
        try {
            prepared = settings.config() == null ? prepareMethodForm(thresholds, testDir) : prepareConfigForm(testDir);
        } catch (ConfigException e) {
            throw configError(e.getMessage());
        }
        boolean interrupted = false;
        Finished finished;
        CompletableFuture<Finished> future = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().name("benchsuite-" + method.getName()).daemon(true).unstarted(() -> {
            try {
                future.complete(prepared.work().call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        });
        Duration grace = prepared.timeout().plusSeconds(10);
        Thread hook = new Thread(() -> {
            prepared.control().abort("the JVM is shutting down");
            try {
                future.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                // the JVM is going down; what was written is all there is
            }
        }, "benchsuite-shutdown-" + method.getName());
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runner.start();
            try {
                finished = future.get();
            } catch (InterruptedException e) {
                interrupted = true;
                prepared.control().abort("the test thread was interrupted (JUnit @Timeout or cancellation)");
                finished = awaitAfterAbort(future, prepared.control(), grace);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) {
                throw configError(ce.getMessage());
            }
            throw cause;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: nothing to remove
            }
        }
        publish(finished);
        verdict(finished, prepared.progress(), interrupted);
    }

    // ------------------------------------------------------------------ preparation

    private List<Threshold> parseThresholds() {
        List<Threshold> out = new ArrayList<>();
        for (String expression : settings.thresholds()) {
            try {
                out.add(Threshold.parse(expression));
            } catch (IllegalArgumentException e) {
                throw configError("@Threshold(\"" + expression + "\"): " + e.getMessage());
            }
        }
        return out;
    }

    private Prepared prepareMethodForm(List<Threshold> thresholds, Path testDir) {
        for (Class<?> type : method.getParameterTypes()) {
            if (type == LoadTestResult.class) {
                throw configError("a LoadTestResult parameter needs a config (@LoadTest(config = \"...\")), with "
                        + "which the method runs once after the load; a method-as-request load test is one request: "
                        + "remove the parameter and check the result with @Threshold");
            }
        }
        for (Threshold t : thresholds) {
            if (t.needsTokens()) {
                throw configError("@Threshold(\"" + t.expression() + "\") needs token metrics, which a "
                        + "method-as-request load test does not record; use it with @LoadTest(config = ...) and "
                        + "an llm_api config");
            }
        }
        ObjectNode cfg = JsonNodeFactory.instance.objectNode();
        cfg.put("benchmark_type", METHOD_BENCHMARK_TYPE);
        cfg.put("name", testName);
        cfg.setAll(settings.values());
        LoadSettings.scaleDurations(cfg, settings.timeScale());
        LoadPlan plan = MethodPlan.plan(cfg, this::configError);
        Duration timeout = MethodPlan.seconds(cfg, "timeout", 30, this::configError);
        Duration warmup = MethodPlan.secondsOrZero(cfg, "warmup_seconds", this::configError);
        WorkerThreads threads = MethodPlan.workerThreads(cfg, this::configError);
        Dataset dataset = Dataset.empty();
        if (cfg.has("dataset")) {
            Path file = resolve(cfg.get("dataset").asText(), "dataset");
            cfg.put("dataset", file.toString());
            dataset = Dataset.load(file, null);
            if (cfg.has("json_path")) {
                dataset = select(dataset, cfg.get("json_path").asText());
            }
        } else if (cfg.has("json_path")) {
            throw configError("jsonPath = \"" + cfg.get("json_path").asText() + "\" selects a part of each dataset "
                    + "record, but there is no dataset; add dataset = \"records.json\" or remove jsonPath");
        }
        String runId = cfg.has("benchmark_run_id") ? cfg.get("benchmark_run_id").asText() : BenchConfig.generateRunId();
        RunFiles files = RunFiles.create(testDir, runId);
        RunControl control = new RunControl();
        ProgressPrinter progress = new ProgressPrinter(testName, System.err,
                settings.abortOnThresholdFailure() ? thresholds : List.of(), plan.totalRequests(), control);
        MethodTarget target = new MethodTarget(method, instance, arguments);
        Dataset records = dataset;
        ResultsDatabase database = openDatabase();
        Callable<Finished> work = () -> {
            RunResult result;
            try (RequestLogFile log = new RequestLogFile(files.requestLog()); ResultsDatabase db = database) {
                RunSpec.Builder spec = RunSpec.builder(target, plan)
                        .withRunId(runId)
                        .withOrgId(cfg.has("org_id") ? cfg.get("org_id").asText() : "default")
                        .withName(cfg.get("name").asText())
                        .withBenchmarkType(METHOD_BENCHMARK_TYPE)
                        .withTargetDescription(testClass.getName() + "#" + method.getName())
                        .withTimeout(timeout)
                        .withDataset(records)
                        .withRedactedConfig(cfg)
                        .withRequestLog(log)
                        .withProgress(progress)
                        .withControl(control)
                        .withWorkerThreads(threads)
                        .withWarmup(warmup);
                db.sinks(runId, files.dir(), RequestLogMode.ALL, List.of()).forEach(spec::withRequestLog);
                result = LoadEngine.run(spec.build());
                result = result.withThresholds(ThresholdEvaluator.evaluate(thresholds, result));
                ResultJson.write(result, files.resultFile());
                db.store(result, files.dir()).ifPresent(outcome -> notice(outcome.message()));
            }
            return new Finished(result, files.dir(), Reports.writeReport(result, files.dir()));
        };
        return new Prepared(work, control, progress, timeout, files.dir());
    }

    private Prepared prepareConfigForm(Path testDir) {
        for (Class<?> type : method.getParameterTypes()) {
            if (type == DatasetRecord.class || type == RequestContext.class) {
                throw configError(type.getSimpleName() + " parameters are for method-as-request load tests; with "
                        + "config = \"" + settings.config() + "\" the built-in target sends the requests and the "
                        + "method runs once after the load: take a LoadTestResult parameter instead");
            }
        }
        Path file = resolve(settings.config(), "config");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw configError("cannot read config " + file + " (" + e.getMessage() + ")");
        }
        ObjectNode root = ConfigLoader.parseObject(settings.config(), text);
        ObjectNode values = settings.values().deepCopy();
        if (values.has("dataset")) {
            values.put("dataset", resolve(values.get("dataset").asText(), "dataset").toString());
        }
        root.setAll(values);
        if (!root.has("name")) {
            root.put("name", testName);
        }
        if (!settings.thresholds().isEmpty()) {
            JsonNode existing = root.get("thresholds");
            ArrayNode all = existing instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
            settings.thresholds().forEach(all::add);
            if (existing == null || existing.isNull() || existing.isArray()) {
                root.set("thresholds", all);
            }
        }
        applySetParameters(root, file);
        LoadSettings.scaleDurations(root, settings.timeScale());
        BenchConfig config = BenchConfig.of(settings.config(), file.toAbsolutePath().getParent(), root);
        ConfiguredRun run = ConfiguredRun.prepare(config);
        List<Threshold> all = new ArrayList<>(run.thresholds());
        RunControl control = new RunControl();
        ProgressPrinter progress = new ProgressPrinter(testName, System.err,
                settings.abortOnThresholdFailure() ? all : List.of(), run.plan().totalRequests(), control);
        RequestLogMode mode = RequestLogMode.of(config);
        ResultsDatabase database = openDatabase();
        Callable<Finished> work = () -> {
            try (ResultsDatabase db = database) {
                Path runDir = testDir.resolve(run.runId());
                ConfiguredRun.Outcome outcome = run.execute(testDir, progress, control,
                        db.sinks(run.runId(), runDir, mode, List.of()));
                db.store(outcome.result(), outcome.files().dir()).ifPresent(stored -> notice(stored.message()));
                return new Finished(outcome.result(), outcome.files().dir(),
                        Reports.writeReport(outcome.result(), outcome.files().dir()));
            }
        };
        return new Prepared(work, control, progress, config.timeout(), testDir.resolve(run.runId()));
    }

    /**
     * Applies the configuration parameters {@code benchsuite.set.<key>=<value>} like {@code bench run --set
     * key=value} (value parsed as JSON when it parses), then checks their keys with the config's own check. A key
     * that only another {@code benchmark_type} on the class path knows is left to the load tests of that type.
     */
    private void applySetParameters(ObjectNode root, Path file) {
        Path dir = file.toAbsolutePath().getParent();
        List<TargetFactory> factories = new ArrayList<>();
        ServiceLoader.load(TargetFactory.class, ConfiguredRun.class.getClassLoader()).forEach(factories::add);
        Map<String, String> given = setParameters(factories);
        // the common keys first: benchmark_type decides which target, and so which keys, this is
        ConfigLoader.applyOverrides(settings.config(), root, assignments(given, BenchConfig.COMMON_KEYS::contains));
        TargetFactory factory = ConfiguredRun.factoryFor(BenchConfig.of(settings.config(), dir, root));
        Set<String> otherTypesOnly = new HashSet<>();
        factories.forEach(f -> otherTypesOnly.addAll(f.configKeys()));
        otherTypesOnly.removeAll(factory.configKeys());
        Set<String> targetKeys = new TreeSet<>(given.keySet());
        targetKeys.removeAll(BenchConfig.COMMON_KEYS);
        targetKeys.removeAll(otherTypesOnly);
        ConfigLoader.applyOverrides(settings.config(), root, assignments(given, targetKeys::contains));
        for (String key : targetKeys) {
            ObjectNode applied = JsonNodeFactory.instance.objectNode().put("benchmark_type", factory.benchmarkType());
            applied.set(key, root.get(key));
            BenchConfig.of(LoadTest.SET_PROPERTY_PREFIX + key, dir, applied).checkKnownKeys(factory.configKeys());
        }
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

    /** {@code key=value} of each given key that {@code take} accepts. */
    private static List<String> assignments(Map<String, String> given, Predicate<String> take) {
        List<String> out = new ArrayList<>();
        given.forEach((key, value) -> {
            if (take.test(key)) {
                out.add(key + "=" + value);
            }
        });
        return out;
    }

    /**
     * The MongoDB results database when a URI is configured ({@value LoadTest#MONGODB_URI_PROPERTY} or
     * {@code MONGODB_URI}); a load test never probes the default one. An unreachable database never fails the test:
     * the documents are kept in the run directory for {@code bench sync}, as with the CLI.
     */
    private ResultsDatabase openDatabase() {
        return ResultsDatabase.openIfConfigured(settings.mongodbUri(), settings.databaseName(), this::notice);
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

    /** Applies {@code jsonPath} to every record once, up front: the selected part, or the whole record. */
    private Dataset select(Dataset dataset, String jsonPath) {
        JsonPath path;
        try {
            path = JsonPath.compile(jsonPath);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw configError("jsonPath = \"" + jsonPath + "\" is not a valid JSONPath (" + e.getMessage()
                    + "); write e.g. \"$.data\"");
        }
        Configuration conf = Configuration.builder().jsonProvider(new JacksonJsonNodeJsonProvider())
                .mappingProvider(new JacksonMappingProvider()).options(Option.SUPPRESS_EXCEPTIONS).build();
        List<JsonNode> selected = new ArrayList<>(dataset.size());
        dataset.forEach(record -> {
            Object part = JsonPath.using(conf).parse(record).read(path);
            selected.add(part instanceof JsonNode n && !n.isMissingNode() && !n.isNull() ? n : record);
        });
        return Dataset.of(selected);
    }

    // ------------------------------------------------------------------ running

    private Finished awaitAfterAbort(CompletableFuture<Finished> future, RunControl control, Duration grace)
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

    private void publish(Finished f) {
        RunResult r = f.result();
        System.out.print("[benchsuite] " + testName + ": " + r.target() + ", run " + r.runId() + "\n"
                + BucketTable.format(r));
        String dir = f.dir().toAbsolutePath().toString();
        context.publishReportEntry(LoadTest.REPORT_ENTRY_KEY, BucketTable.summary(r) + " | " + dir);
        if (f.reportProblem() != null) {
            System.err.println("[benchsuite " + testName + "] report.html not written: " + f.reportProblem());
        }
        String indexProblem = Reports.writeIndex(settings.outputDir());
        if (indexProblem != null && f.reportProblem() == null) {
            System.err.println("[benchsuite " + testName + "] index.html not written: " + indexProblem);
        }
    }

    private void verdict(Finished f, ProgressPrinter progress, boolean interrupted) throws Throwable {
        RunResult r = f.result();
        String results = "\n\nResults: " + f.dir().toAbsolutePath();
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError(settings.where() + ": the load was aborted ("
                    + r.status() + ", " + r.overall().requests() + " requests measured) because the test thread "
                    + "was interrupted (JUnit @Timeout or cancellation)" + results);
        }
        Throwable userFailure = null;
        if (settings.config() != null) {
            Object[] args = arguments.clone();
            Class<?>[] types = method.getParameterTypes();
            for (int i = 0; i < types.length; i++) {
                if (types[i] == LoadTestResult.class) {
                    args[i] = new LoadTestResult(r, f.dir());
                }
            }
            try {
                method.setAccessible(true);
                method.invoke(instance, args);
            } catch (InvocationTargetException e) {
                userFailure = e.getCause() == null ? e : e.getCause();
            }
        }
        if (!r.thresholdsPassed()) {
            String aborted = progress.abortReason() == null ? ""
                    : "\n\nThe load was aborted early: " + progress.abortReason();
            AssertionFailedError failure = new AssertionFailedError(settings.where() + ": "
                    + ThresholdEvaluator.failureMessage(r.thresholds()) + aborted + results);
            if (userFailure != null) {
                failure.addSuppressed(userFailure);
            }
            throw failure;
        }
        if (userFailure != null) {
            throw userFailure;
        }
    }

    private ExtensionConfigurationException configError(String problem) {
        return new ExtensionConfigurationException(
                (settings == null ? "@LoadTest on method [" + testName + "]" : settings.where()) + ": " + problem);
    }
}
