package io.benchsuite.engine;

import java.util.Locale;

/**
 * What runs each worker ({@code worker_threads} in a config, {@code workerThreads} on {@code @LoadTest}).
 *
 * <p>Why it matters (measured in docs/performance.md): a worker blocked on a platform thread is woken by the
 * kernel straight from its socket, so the latency we measure stays within a few tenths of a millisecond of
 * {@code wrk}'s even in the tail; a virtual thread is woken through the JDK's poller and a carrier thread, which
 * on 2 cores added 0.3–0.5 ms at p50 and 1–2 ms at p99 against a 50 ms server. Virtual threads, on the other
 * hand, cost almost nothing each (10,000 workers are fine) and switch faster when a very fast server keeps
 * every worker busy. An event loop (a {@code system_api} target over {@code http://} only) needs no thread per
 * worker at all: one thread per core drives all connections, as {@code wrk} does, which is both the fastest and,
 * like {@code wrk}, accurate.
 */
public enum WorkerThreads {

    /**
     * {@link #EVENT_LOOP} where the target has one (over {@code http://}: {@code system_api}, {@code llm_api});
     * otherwise platform
     * threads up to {@value #AUTO_PLATFORM_MAX} workers (accurate latency), virtual threads above.
     */
    AUTO,
    /** One platform (operating-system) thread per worker. */
    PLATFORM,
    /** One virtual thread per worker. */
    VIRTUAL,
    /**
     * No thread per worker: the target's event-loop threads (one per core) send every worker's requests. Only
     * for targets that have one ({@code system_api}, {@code llm_api}; {@link #AUTO} chooses it over
     * {@code http://}, keeps {@code https://} on threads; see {@link EventLoopTarget}).
     */
    EVENT_LOOP;

    /** The largest {@code max_load} for which {@link #AUTO} chooses platform threads. */
    public static final int AUTO_PLATFORM_MAX = 256;

    /** Whether a run with at most {@code maxWorkers} workers on threads uses platform threads. */
    public boolean platformFor(int maxWorkers) {
        return this == PLATFORM || (this != VIRTUAL && maxWorkers <= AUTO_PLATFORM_MAX);
    }

    /** The config spelling: {@code auto}, {@code platform}, {@code virtual} or {@code event_loop}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value (case-insensitive); null when it is none of the four. */
    public static WorkerThreads parse(String value) {
        for (WorkerThreads w : values()) {
            if (w.configName().equalsIgnoreCase(value.strip())) {
                return w;
            }
        }
        return null;
    }

    /**
     * The {@code worker_threads} setting of {@code config} ({@link #AUTO} when unset); a value that is none of the
     * four is a {@link io.benchsuite.engine.config.ConfigException} naming the setting.
     */
    public static WorkerThreads from(io.benchsuite.engine.config.BenchConfig config) {
        return config.optionalString("worker_threads").map(v -> {
            WorkerThreads kind = parse(v);
            if (kind == null) {
                throw config.error("worker_threads", "must be " + choices() + ", got \"" + v + "\"");
            }
            return kind;
        }).orElse(AUTO);
    }

    /** The accepted values, for error messages: {@code "auto", "platform", "virtual" or "event_loop"}. */
    public static String choices() {
        return "\"auto\", \"platform\", \"virtual\" or \"event_loop\"";
    }
}
