package io.benchsuite.junit;

/**
 * How the open model spaces its requests ({@link LoadTest#arrival()}, config key {@code arrival}).
 */
public enum Arrival {

    /** Not set here: the config file's {@code arrival}, else {@link #POISSON}. */
    UNSET,

    /** Exactly {@code 1 / rate} apart. */
    CONSTANT,

    /** A Poisson process: exponential gaps of mean {@code 1 / rate}, as independent users arrive. */
    POISSON,

    /**
     * Gamma-distributed gaps of mean {@code 1 / rate} and shape {@link LoadTest#burstiness()}: below 1 burstier
     * than Poisson, above 1 more regular (vLLM's {@code --burstiness}).
     */
    GAMMA;

    /** The config spelling, or null for {@link #UNSET}. */
    String configName() {
        return this == UNSET ? null : name().toLowerCase(java.util.Locale.ROOT);
    }
}
