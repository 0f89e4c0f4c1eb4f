package io.benchsuite.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.WorkerThreads;
import java.time.Duration;
import java.util.function.Function;

/**
 * The load plan of a method-as-request {@link LoadTest}, validated with messages in terms of the annotation's
 * attributes ({@code maxLoad}, not {@code max_load}). Same defaults and rules as a config file's plan.
 */
final class MethodPlan {

    private MethodPlan() {
    }

    static LoadPlan plan(ObjectNode cfg, Function<String, ? extends RuntimeException> error) {
        long min = whole(cfg, "min_load", 1);
        if (min < 1) {
            throw error.apply("minLoad (" + min + ") must be >= 1");
        }
        long max = whole(cfg, "max_load", Math.max(min, 10));
        if (max < min) {
            throw error.apply("maxLoad (" + max + ") must be >= minLoad (" + min + "); raise maxLoad or lower minLoad");
        }
        if (max > 100_000) {
            throw error.apply("maxLoad (" + max + ") must be <= 100000");
        }
        JsonNode rampingNode = cfg.get("enable_ramping");
        boolean ramping = rampingNode == null || rampingNode.asBoolean(true);
        Duration ramp = seconds(cfg, "ramp_duration_seconds", 60, error);
        Duration hold = secondsOrZero(cfg, "hold_seconds", error);
        Duration duration = cfg.has("duration_seconds") ? seconds(cfg, "duration_seconds", 0, error) : ramp;
        long total = whole(cfg, "total_requests", 0);
        if (total < 0) {
            throw error.apply("totalRequests (" + total + ") must be >= 1, or left out for no cap");
        }
        boolean climbs = ramping && max > min;
        Duration length = ramping ? ramp.plus(hold) : duration;
        return new LoadPlan((int) min, (int) max, climbs, ramp, climbs ? hold : Duration.ZERO, length, total);
    }

    /** A positive number of seconds ({@code key} absent: {@code defaultSeconds}). */
    static Duration seconds(ObjectNode cfg, String key, double defaultSeconds,
                            Function<String, ? extends RuntimeException> error) {
        double s = cfg.has(key) ? cfg.get(key).asDouble() : defaultSeconds;
        if (!(s > 0) || Double.isInfinite(s)) {
            throw error.apply(attribute(key) + " (" + number(s) + ") must be > 0 seconds");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /** The {@code worker_threads} setting ({@code auto} when unset). */
    static WorkerThreads workerThreads(ObjectNode cfg, Function<String, ? extends RuntimeException> error) {
        if (!cfg.has("worker_threads")) {
            return WorkerThreads.AUTO;
        }
        String value = cfg.get("worker_threads").asText();
        WorkerThreads kind = WorkerThreads.parse(value);
        if (kind == null || kind == WorkerThreads.EVENT_LOOP) {
            throw error.apply(attribute("worker_threads") + " = \"" + value
                    + "\" must be \"auto\", \"platform\" or \"virtual\""
                    + (kind == null ? "" : ": your method blocks, so it runs on a thread per worker (\"event_loop\" "
                    + "is for system_api and llm_api configs)"));
        }
        return kind;
    }

    static Duration secondsOrZero(ObjectNode cfg, String key, Function<String, ? extends RuntimeException> error) {
        double s = cfg.has(key) ? cfg.get(key).asDouble() : 0;
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw error.apply(attribute(key) + " (" + number(s) + ") must be >= 0 seconds");
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static long whole(ObjectNode cfg, String key, long defaultValue) {
        return cfg.has(key) ? cfg.get(key).asLong() : defaultValue;
    }

    private static String attribute(String key) {
        return LoadSettings.ATTRIBUTES.getOrDefault(key, key);
    }

    private static String number(double d) {
        return d == Math.rint(d) && !Double.isInfinite(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
