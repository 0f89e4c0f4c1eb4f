package io.benchsuite.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.RunSettings;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The settings of one load test, as layers of the run's {@link BenchConfig} in {@link LoadTest}'s precedence
 * (lowest first): the config file (read by the caller), the class's {@code @LoadTest}, the method's, the
 * {@code benchsuite.*} configuration parameters, and {@value LoadTest#TIME_SCALE_PROPERTY} applied to the
 * durations. Annotation values keep their types and are named as attributes in messages ({@code maxLoad}); the
 * rules about them are those of every run ({@link io.benchsuite.engine.LoadPlan#from}, {@link RunSettings#of}).
 *
 * @param where        {@code @LoadTest on method [Class#method]}, the prefix of every error message
 * @param layers       the annotation and parameter layers, lowest first, the time-scale layer last
 * @param config       the config resource or file, or null for the method-as-request form
 * @param timeScale    multiplier of every duration
 * @param outputDir    root of the result files
 * @param mongodbUri   MongoDB connection string, or null (a secret: never printed)
 * @param databaseName MongoDB database name, or null
 * @param thresholds   the class's and the method's {@link Threshold} expressions, class first
 * @param baseline     the {@link Baseline} of the method or else the class ({@code ""}: the run's own name), or null
 *                     without one
 * @param baselineDir  where baselines are looked for without MongoDB ({@value Baseline#BASELINE_DIR_PROPERTY})
 * @param stepSummary  the file each load test appends its markdown summary to, or null
 * @param sweep        a capacity test ({@link LoadTest#sweep()} on the method or the class)
 * @param sweepBudget  its time budget ({@link LoadTest#sweepMaxSeconds()}), or null for none
 */
record LoadTestSettings(String where, List<BenchConfig.Layer> layers, String config, double timeScale,
                        Path outputDir, String mongodbUri, String databaseName, boolean abortOnThresholdFailure,
                        List<RunSettings.GivenThreshold> thresholds, String baseline, Path baselineDir,
                        Path stepSummary, boolean sweep, java.time.Duration sweepBudget) {

    /** The names annotation attributes give config keys, for messages. */
    static final Map<String, String> ATTRIBUTES = Map.ofEntries(
            Map.entry("min_load", "minLoad"), Map.entry("max_load", "maxLoad"),
            Map.entry("ramp_duration_seconds", "rampSeconds"), Map.entry("hold_seconds", "holdSeconds"),
            Map.entry("duration_seconds", "durationSeconds"), Map.entry("timeout", "timeoutSeconds"),
            Map.entry("total_requests", "totalRequests"), Map.entry("enable_ramping", "enableRamping"),
            Map.entry("warmup_seconds", "warmupSeconds"), Map.entry("worker_threads", "workerThreads"),
            Map.entry("dataset", "dataset"), Map.entry("json_path", "jsonPath"), Map.entry("name", "name"),
            Map.entry("org_id", "orgId"), Map.entry("benchmark_run_id", "runId"),
            Map.entry("load_model", "loadModel"), Map.entry("min_rate", "minRate"), Map.entry("max_rate", "maxRate"),
            Map.entry("rate_levels", "rateLevels"), Map.entry("arrival", "arrival"),
            Map.entry("burstiness", "burstiness"), Map.entry("max_in_flight", "maxInFlight"),
            Map.entry("seed", "seed"), Map.entry("fail_on_invalid", "failOnInvalid"));

    /** The configuration parameter of each config key that has one. */
    static final Map<String, String> PROPERTIES = Map.of(
            "min_load", LoadTest.MIN_LOAD_PROPERTY, "max_load", LoadTest.MAX_LOAD_PROPERTY,
            "min_rate", LoadTest.MIN_RATE_PROPERTY, "max_rate", LoadTest.MAX_RATE_PROPERTY,
            "ramp_duration_seconds", LoadTest.RAMP_SECONDS_PROPERTY, "hold_seconds", LoadTest.HOLD_SECONDS_PROPERTY,
            "duration_seconds", LoadTest.DURATION_SECONDS_PROPERTY, "timeout", LoadTest.TIMEOUT_SECONDS_PROPERTY,
            "total_requests", LoadTest.TOTAL_REQUESTS_PROPERTY, "enable_ramping", LoadTest.ENABLE_RAMPING_PROPERTY);

    private static final List<String> SCALED = List.of("ramp_duration_seconds", "hold_seconds", "duration_seconds");

    /** A key as an annotation names it. */
    static String attribute(String key) {
        return ATTRIBUTES.getOrDefault(key, key);
    }

    /** Resolves the settings of {@code method} in {@code context}. */
    static LoadTestSettings resolve(ExtensionContext context, Method method) {
        Class<?> testClass = context.getRequiredTestClass();
        String where = "@LoadTest on method [" + testName(testClass, method) + "]";
        LoadTest onClass = AnnotationSupport.findAnnotation(testClass, LoadTest.class).orElse(null);
        LoadTest onMethod = AnnotationSupport.findAnnotation(method, LoadTest.class).orElseThrow();
        List<BenchConfig.Layer> layers = new ArrayList<>();
        String config = null;
        boolean abort = false;
        boolean sweep = false;
        double sweepSeconds = LoadTest.UNSET;
        if (onClass != null) {
            layers.add(annotationLayer("@LoadTest on class " + testClass.getSimpleName(), onClass));
        }
        layers.add(annotationLayer("@LoadTest on method " + method.getName(), onMethod));
        for (LoadTest a : onClass == null ? List.of(onMethod) : List.of(onClass, onMethod)) {
            if (!a.config().isBlank()) {
                config = a.config();
            }
            abort |= a.abortOnThresholdFailure();
            sweep |= a.sweep();
            if (a.sweepMaxSeconds() != LoadTest.UNSET) {
                sweepSeconds = a.sweepMaxSeconds();
            }
        }
        if (sweepSeconds != LoadTest.UNSET && !(sweepSeconds > 0)) {
            throw new ExtensionConfigurationException(where + ": sweepMaxSeconds (" + sweepSeconds + ") must be a "
                    + "positive number of seconds");
        }
        Function<String, Optional<String>> params = context::getConfigurationParameter;
        setLayer(context, where, onClass, onMethod, params).ifPresent(layers::add);
        ObjectNode given = JsonNodeFactory.instance.objectNode();
        PROPERTIES.forEach((key, property) -> property(params, where, property, key, given));
        if (!given.isEmpty()) {
            layers.add(new BenchConfig.Layer("", "configuration parameters", given, LoadTestSettings::attribute,
                    key -> given.has(key) ? PROPERTIES.get(key) : null));
        }
        double timeScale = params.apply(LoadTest.TIME_SCALE_PROPERTY).map(v -> {
            JsonNode n = number(v);
            if (n == null || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
                throw new ExtensionConfigurationException(where + ": " + LoadTest.TIME_SCALE_PROPERTY + "=" + v
                        + " must be a positive number, e.g. 0.1 to run every load ten times shorter");
            }
            return n.asDouble();
        }).orElse(1.0);
        Path outputDir = Path.of(params.apply(LoadTest.OUTPUT_DIR_PROPERTY).filter(s -> !s.isBlank())
                .orElse(LoadTest.DEFAULT_OUTPUT_DIR));
        String mongodbUri = params.apply(LoadTest.MONGODB_URI_PROPERTY).filter(s -> !s.isBlank())
                .orElseGet(() -> env("MONGODB_URI"));
        String databaseName = params.apply(LoadTest.DATABASE_NAME_PROPERTY).filter(s -> !s.isBlank())
                .orElseGet(() -> env("DATABASE_NAME"));
        List<RunSettings.GivenThreshold> thresholds = new ArrayList<>();
        if (onClass != null || AnnotationSupport.isAnnotated(testClass, Threshold.class)) {
            AnnotationSupport.findRepeatableAnnotations(testClass, Threshold.class).forEach(t -> thresholds.add(given(t)));
        }
        AnnotationSupport.findRepeatableAnnotations(method, Threshold.class).forEach(t -> thresholds.add(given(t)));
        String baseline = AnnotationSupport.findAnnotation(method, Baseline.class)
                .or(() -> AnnotationSupport.findAnnotation(testClass, Baseline.class)).map(Baseline::value)
                .map(String::strip).orElse(null);
        Path baselineDir = params.apply(Baseline.BASELINE_DIR_PROPERTY).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(outputDir);
        Path stepSummary = params.apply(Baseline.STEP_SUMMARY_PROPERTY).filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(env("GITHUB_STEP_SUMMARY"))).map(Path::of).orElse(null);
        if (sweep && baseline != null) {
            throw new ExtensionConfigurationException(where + ": a capacity test (sweep = true) has no @Baseline: "
                    + "assert its capacity instead, e.g. assertThat(result).capacity().isAtLeast(150)");
        }
        return new LoadTestSettings(where, List.copyOf(layers), config, timeScale, outputDir, mongodbUri, databaseName,
                abort, List.copyOf(thresholds), baseline, baselineDir, stepSummary, sweep,
                sweepSeconds == LoadTest.UNSET ? null : java.time.Duration.ofMillis(Math.round(sweepSeconds * 1000)));
    }

    /**
     * {@code base} with these settings' layers on top, then {@code more} (the {@code benchsuite.set.*} parameters),
     * and the durations scaled by {@link #timeScale()} (a last layer, so the run says where they came from).
     */
    BenchConfig applyTo(BenchConfig base, List<BenchConfig.Layer> more) {
        BenchConfig config = base;
        for (BenchConfig.Layer l : layers) {
            config = config.with(l);
        }
        for (BenchConfig.Layer l : more) {
            config = config.with(l);
        }
        return scaled(config);
    }

    /** {@code config} with its durations multiplied by {@link #timeScale()}, unless it is 1. */
    BenchConfig scaled(BenchConfig config) {
        if (timeScale == 1.0) {
            return config;
        }
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        ObjectNode merged = config.json();
        if (!merged.has("ramp_duration_seconds")) {
            merged.put("ramp_duration_seconds", 60.0);
        }
        for (String key : SCALED) {
            JsonNode n = merged.get(key);
            if (n != null && n.isNumber()) {
                values.put(key, n.asDouble() * timeScale);
            }
        }
        String via = LoadTest.TIME_SCALE_PROPERTY + "=" + BenchConfig.formatNumber(timeScale);
        return config.with(new BenchConfig.Layer("", via, values, LoadTestSettings::attribute,
                key -> values.has(key) ? via : null));
    }

    private static BenchConfig.Layer annotationLayer(String description, LoadTest a) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        putWhole(values, "min_load", a.minLoad());
        putWhole(values, "max_load", a.maxLoad());
        putSeconds(values, "ramp_duration_seconds", a.rampSeconds());
        putSeconds(values, "hold_seconds", a.holdSeconds());
        putSeconds(values, "duration_seconds", a.durationSeconds());
        putSeconds(values, "timeout", a.timeoutSeconds());
        putSeconds(values, "warmup_seconds", a.warmupSeconds());
        putText(values, "worker_threads", a.workerThreads());
        if (a.totalRequests() != LoadTest.UNSET) {
            values.put("total_requests", a.totalRequests());
        }
        if (!a.enableRamping()) {
            values.put("enable_ramping", false);
        }
        if (a.loadModel() != LoadModel.UNSET) {
            values.put("load_model", a.loadModel().configName());
        }
        putSeconds(values, "min_rate", a.minRate());
        putSeconds(values, "max_rate", a.maxRate());
        putWhole(values, "rate_levels", a.rateLevels());
        if (a.arrival() != Arrival.UNSET) {
            values.put("arrival", a.arrival().configName());
        }
        putSeconds(values, "burstiness", a.burstiness());
        putWhole(values, "max_in_flight", a.maxInFlight());
        if (a.seed() != Long.MIN_VALUE) {
            values.put("seed", a.seed());
        }
        if (a.failOnInvalid()) {
            values.put("fail_on_invalid", true);
        }
        putText(values, "dataset", a.dataset());
        putText(values, "json_path", a.jsonPath());
        putText(values, "name", a.name());
        putText(values, "org_id", a.orgId());
        putText(values, "benchmark_run_id", a.runId());
        return new BenchConfig.Layer("", description, values, LoadTestSettings::attribute, key -> null);
    }

    /**
     * The {@link LoadTest#set()} assignments of the class and the method (the method's win key by key), with
     * {@code ${name}} replaced; empty when there are none.
     */
    private static Optional<BenchConfig.Layer> setLayer(ExtensionContext context, String where, LoadTest onClass,
                                                        LoadTest onMethod, Function<String, Optional<String>> params) {
        Map<String, String> assignments = new java.util.LinkedHashMap<>();
        for (LoadTest a : onClass == null ? List.of(onMethod) : List.of(onClass, onMethod)) {
            for (String assignment : a.set()) {
                int eq = assignment.indexOf('=');
                String key = eq < 0 ? "" : assignment.substring(0, eq).strip();
                if (key.isEmpty()) {
                    throw new ExtensionConfigurationException(where + ": set = \"" + (eq < 0 ? assignment : "=...")
                            + "\" must be key=value, e.g. set = \"endpoint=${orders.url}/orders\"");
                }
                assignments.put(key, assignment.substring(eq + 1));
            }
        }
        if (assignments.isEmpty()) {
            return Optional.empty();
        }
        LoadTestValues values = new LoadTestValues(context, where, params);
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        assignments.forEach((key, value) -> set.set(key, io.benchsuite.engine.config.ConfigLoader.value(
                values.substitute(key, value))));
        return Optional.of(new BenchConfig.Layer("", "@LoadTest(set)", set, k -> "\"" + k + "\"",
                key -> set.has(key) ? "set = \"" + key + "=...\"" : null));
    }

    private static RunSettings.GivenThreshold given(Threshold t) {
        return new RunSettings.GivenThreshold(t.value(), "@Threshold(\"" + t.value() + "\")");
    }

    /** {@code Class#method}, with the enclosing classes of a nested test class: {@code Outer.Inner#method}. */
    static String testName(Class<?> testClass, Method method) {
        return className(testClass) + "#" + method.getName();
    }

    /** The simple names of {@code c} and the classes enclosing it: {@code Outer.Inner}. */
    static String className(Class<?> c) {
        return c.getEnclosingClass() == null || !c.isMemberClass() || java.lang.reflect.Modifier.isStatic(c.getModifiers())
                ? c.getSimpleName() : className(c.getEnclosingClass()) + "." + c.getSimpleName();
    }

    private static void putWhole(ObjectNode values, String key, long v) {
        if (v != LoadTest.UNSET) {
            values.put(key, v);
        }
    }

    private static void putSeconds(ObjectNode values, String key, double v) {
        if (v != LoadTest.UNSET) {
            values.put(key, v);
        }
    }

    private static void putText(ObjectNode values, String key, String v) {
        if (!v.isBlank()) {
            values.put(key, v);
        }
    }

    private static void property(Function<String, Optional<String>> params, String where, String name, String key,
                                 ObjectNode values) {
        Optional<String> raw = params.apply(name).map(String::strip).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return;
        }
        JsonNode parsed = key.equals("enable_ramping") ? bool(raw.get())
                : key.equals("min_load") || key.equals("max_load") || key.equals("total_requests")
                ? wholeNumber(raw.get()) : number(raw.get());
        if (parsed == null) {
            String expected = key.equals("enable_ramping") ? "true or false"
                    : key.equals("min_load") || key.equals("max_load") || key.equals("total_requests")
                    ? "a whole number" : "a number of seconds";
            throw new ExtensionConfigurationException(where + ": " + name + "=" + raw.get() + " must be "
                    + expected + ", e.g. -D" + name + "=" + (expected.equals("true or false") ? "false" : "10"));
        }
        values.set(key, parsed);
    }

    private static JsonNode wholeNumber(String s) {
        try {
            return LongNode.valueOf(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode number(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? DoubleNode.valueOf(d) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> BooleanNode.TRUE;
            case "false" -> BooleanNode.FALSE;
            default -> null;
        };
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }
}
