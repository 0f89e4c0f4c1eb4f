package io.benchsuite.engine;

import java.util.Locale;

/**
 * What kind of thread runs each worker ({@code worker_threads} in a config, {@code workerThreads} on
 * {@code @LoadTest}).
 *
 * <p>Why it matters (measured in docs/performance.md): a worker blocked on a platform thread is woken by the
 * kernel straight from its socket, so the latency we measure stays within a few tenths of a millisecond of
 * {@code wrk}'s even in the tail; a virtual thread is woken through the JDK's poller and a carrier thread, which
 * on 2 cores added 0.3–0.5 ms at p50 and 1–2 ms at p99 against a 50 ms server. Virtual threads, on the other
 * hand, cost almost nothing each (10,000 workers are fine) and switch faster when a very fast server keeps
 * every worker busy (about 1.3× the requests per second of platform threads at 32 workers against an
 * {@code nginx} {@code return 200}).
 */
public enum WorkerThreads {

    /** Platform threads up to {@value #AUTO_PLATFORM_MAX} workers (accurate latency), virtual threads above. */
    AUTO,
    /** One platform (operating-system) thread per worker. */
    PLATFORM,
    /** One virtual thread per worker. */
    VIRTUAL;

    /** The largest {@code max_load} for which {@link #AUTO} chooses platform threads. */
    public static final int AUTO_PLATFORM_MAX = 256;

    /** Whether a run with at most {@code maxWorkers} workers uses platform threads. */
    public boolean platformFor(int maxWorkers) {
        return this == PLATFORM || (this == AUTO && maxWorkers <= AUTO_PLATFORM_MAX);
    }

    /** The config spelling: {@code auto}, {@code platform} or {@code virtual}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value (case-insensitive); null when it is none of the three. */
    public static WorkerThreads parse(String value) {
        for (WorkerThreads w : values()) {
            if (w.configName().equalsIgnoreCase(value.strip())) {
                return w;
            }
        }
        return null;
    }
}
