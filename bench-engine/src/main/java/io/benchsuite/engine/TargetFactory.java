package io.benchsuite.engine;

import io.benchsuite.engine.config.BenchConfig;
import java.util.Set;

/**
 * Creates the {@link Target} for one {@code benchmark_type}. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.benchsuite.engine.TargetFactory}), so a module
 * on the class path adds a target type (e.g. {@code bench-llm} adds {@code llm_api}).
 */
public interface TargetFactory {

    /** The {@code benchmark_type} this factory serves, e.g. {@code system_api}. */
    String benchmarkType();

    /** The config keys this target reads, besides the common ones of {@link BenchConfig#COMMON_KEYS}. */
    Set<String> configKeys();

    /** Keys whose values are secrets: replaced by {@code ***} wherever the config is shown or stored. */
    default Set<String> secretKeys() {
        return Set.of("auth_token", "api_key");
    }

    /** Whether this target streams tokens (records TTFT/TPOT/ITL). */
    default boolean streaming() {
        return false;
    }

    /**
     * Validates the target-specific part of {@code config}, throwing
     * {@link io.benchsuite.engine.config.ConfigException} with a message naming the field and the fix.
     * Called before any dataset is read or request sent.
     */
    void validate(BenchConfig config);

    /** Creates the target. {@link #validate(BenchConfig)} has passed. */
    Target create(BenchConfig config) throws Exception;

    /** A one-line description of what is measured, e.g. {@code POST https://api.example.com/v1/orders}. */
    String describe(BenchConfig config);

    /**
     * Whether the target {@link #create} makes for {@code config} runs its requests on its own event loop (an
     * {@link EventLoopTarget}), which {@code worker_threads: event_loop} requires and {@code auto} prefers.
     */
    default boolean eventLoop(BenchConfig config) {
        return false;
    }

    /**
     * Open files (connections) each worker holds: a run of {@code max_load} workers needs that many times
     * {@code max_load} file descriptors, which is checked against the process's limit before the load.
     */
    default int connectionsPerWorker() {
        return 0;
    }

    /** How messages name this kind of target: {@code this system_api target}. */
    default String kind() {
        return "this " + benchmarkType() + " target";
    }

    /**
     * The records the requests are built from, given the dataset as read (default: as read). A target that uses
     * only a part of each record may select it here, once, before the load.
     */
    default io.benchsuite.engine.dataset.Dataset records(io.benchsuite.engine.dataset.Dataset loaded,
                                                         BenchConfig config) {
        return loaded;
    }

    /** Whether a run of this type needs a {@code dataset}; without one, each request gets an empty object. */
    default boolean datasetRequired() {
        return false;
    }

    /** Checks each dataset record as it is read (e.g. that it has a {@code prompt}); null for no check. */
    default io.benchsuite.engine.dataset.Dataset.RecordCheck recordCheck(BenchConfig config) {
        return null;
    }

    /**
     * The secret values in {@code config} (tokens, keys, secret headers, URL passwords and secret query
     * parameters) that must never reach any output; see {@link io.benchsuite.engine.config.Secrets}.
     */
    default io.benchsuite.engine.config.Secrets secrets(BenchConfig config) {
        return config.secrets(secretKeys());
    }
}
