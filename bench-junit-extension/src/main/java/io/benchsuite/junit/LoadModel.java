package io.benchsuite.junit;

/**
 * How a {@link LoadTest} sends its load ({@link LoadTest#loadModel()}, config key {@code load_model}).
 */
public enum LoadModel {

    /** Not set here: the config file's {@code load_model}, else {@link #CLOSED}. */
    UNSET,

    /**
     * Workers, ramped from {@link LoadTest#minLoad()} to {@link LoadTest#maxLoad()}, each sending one request at a
     * time and waiting for its answer: how the target behaves with N concurrent callers. Buckets by worker count.
     */
    CLOSED,

    /**
     * Requests at a target rate, ramped from {@link LoadTest#minRate()} to {@link LoadTest#maxRate()} requests per
     * second, each started at its scheduled time whether or not earlier ones answered (as production traffic
     * arrives), at most {@link LoadTest#maxInFlight()} at once. Latency runs from each request's intended start (no
     * coordinated omission), service time from its actual send. Buckets by target rate.
     */
    OPEN;

    /** The config spelling, or null for {@link #UNSET}. */
    String configName() {
        return this == UNSET ? null : name().toLowerCase(java.util.Locale.ROOT);
    }
}
