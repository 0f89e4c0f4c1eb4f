package io.benchsuite.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * The settings of one load test after applying the precedence of {@link LoadTest}: configuration parameters,
 * then method annotation, then class annotation (the config file and defaults are applied by the caller).
 *
 * @param where       {@code @LoadTest on method [Class#method]}, the prefix of every error message
 * @param values      config keys ({@code min_load}, ...) that annotations or parameters set, as JSON values
 * @param config      the config resource or file, or null for the method-as-request form
 * @param timeScale   multiplier of every duration
 * @param outputDir   root of the result files
 * @param mongodbUri  MongoDB connection string, or null (a secret: never printed)
 * @param databaseName MongoDB database name, or null
 * @param thresholds  the class's and the method's {@link Threshold} expressions, class first
 */
record LoadSettings(String where, ObjectNode values, String config, double timeScale, Path outputDir,
                    String mongodbUri, String databaseName, boolean abortOnThresholdFailure, List<String> thresholds) {

    /** Resolves the settings of {@code method} in {@code context}. */
    static LoadSettings resolve(ExtensionContext context, Method method) {
        Class<?> testClass = context.getRequiredTestClass();
        String where = "@LoadTest on method [" + testClass.getSimpleName() + "#" + method.getName() + "]";
        LoadTest onClass = AnnotationSupport.findAnnotation(testClass, LoadTest.class).orElse(null);
        LoadTest onMethod = AnnotationSupport.findAnnotation(method, LoadTest.class).orElseThrow();
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        String config = null;
        boolean abort = false;
        for (LoadTest a : onClass == null ? List.of(onMethod) : List.of(onClass, onMethod)) {
            putInt(values, "min_load", a.minLoad());
            putInt(values, "max_load", a.maxLoad());
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
            putText(values, "dataset", a.dataset());
            putText(values, "json_path", a.jsonPath());
            putText(values, "name", a.name());
            putText(values, "org_id", a.orgId());
            putText(values, "benchmark_run_id", a.runId());
            if (!a.config().isBlank()) {
                config = a.config();
            }
            abort |= a.abortOnThresholdFailure();
        }
        Function<String, Optional<String>> params = context::getConfigurationParameter;
        property(params, where, LoadTest.MIN_LOAD_PROPERTY, "min_load", LoadSettings::wholeNumber, values);
        property(params, where, LoadTest.MAX_LOAD_PROPERTY, "max_load", LoadSettings::wholeNumber, values);
        property(params, where, LoadTest.RAMP_SECONDS_PROPERTY, "ramp_duration_seconds", LoadSettings::number, values);
        property(params, where, LoadTest.HOLD_SECONDS_PROPERTY, "hold_seconds", LoadSettings::number, values);
        property(params, where, LoadTest.DURATION_SECONDS_PROPERTY, "duration_seconds", LoadSettings::number, values);
        property(params, where, LoadTest.TIMEOUT_SECONDS_PROPERTY, "timeout", LoadSettings::number, values);
        property(params, where, LoadTest.TOTAL_REQUESTS_PROPERTY, "total_requests", LoadSettings::wholeNumber, values);
        property(params, where, LoadTest.ENABLE_RAMPING_PROPERTY, "enable_ramping", LoadSettings::bool, values);
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
        List<String> thresholds = new ArrayList<>();
        if (onClass != null || AnnotationSupport.isAnnotated(testClass, Threshold.class)) {
            AnnotationSupport.findRepeatableAnnotations(testClass, Threshold.class).forEach(t -> thresholds.add(t.value()));
        }
        AnnotationSupport.findRepeatableAnnotations(method, Threshold.class).forEach(t -> thresholds.add(t.value()));
        return new LoadSettings(where, values, config, timeScale, outputDir, mongodbUri, databaseName, abort,
                List.copyOf(thresholds));
    }

    /** The values with every duration multiplied by {@link #timeScale()} ({@code root} holds the file's values). */
    static void scaleDurations(ObjectNode root, double timeScale) {
        if (timeScale == 1.0) {
            return;
        }
        if (!root.has("ramp_duration_seconds")) {
            root.put("ramp_duration_seconds", 60.0);
        }
        for (String key : List.of("ramp_duration_seconds", "hold_seconds", "duration_seconds")) {
            JsonNode n = root.get(key);
            if (n != null && n.isNumber()) {
                root.put(key, n.asDouble() * timeScale);
            }
        }
    }

    private static void putInt(ObjectNode values, String key, int v) {
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
                                 Function<String, JsonNode> parser, ObjectNode values) {
        Optional<String> raw = params.apply(name).map(String::strip).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return;
        }
        JsonNode parsed = parser.apply(raw.get());
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

    /** The names JUnit configuration parameters use for the config keys, for messages. */
    static final Map<String, String> ATTRIBUTES = Map.of(
            "min_load", "minLoad", "max_load", "maxLoad", "ramp_duration_seconds", "rampSeconds",
            "hold_seconds", "holdSeconds", "duration_seconds", "durationSeconds", "timeout", "timeoutSeconds",
            "total_requests", "totalRequests", "enable_ramping", "enableRamping", "warmup_seconds", "warmupSeconds",
            "worker_threads", "workerThreads");
}
