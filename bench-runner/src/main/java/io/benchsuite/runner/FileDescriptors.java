package io.benchsuite.runner;

import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.RunSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * The generator's own limit on open files, checked before the load: a run of more workers than the process may hold
 * connections for would measure "Too many open files" rather than the target (with {@code ulimit -n 1024} and 2,000
 * workers, 97 % of the requests failed that way).
 */
final class FileDescriptors {

    /** Files the process holds besides the workers' connections: the JVM's jars, the result and log files, spares. */
    static final int RESERVE = 64;

    private FileDescriptors() {
    }

    /** Refuses {@code settings} when its workers' connections cannot fit in what the process may still open. */
    static void check(RunSettings settings) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!(os instanceof com.sun.management.UnixOperatingSystemMXBean unix)) {
            return; // not a Unix: no limit to read
        }
        check(settings, unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
    }

    static void check(RunSettings settings, long max, long open) {
        long needed = (long) settings.plan().maxWorkers() * settings.factory().connectionsPerWorker();
        if (needed == 0 || max <= 0 || needed + open + RESERVE <= max) {
            return;
        }
        long fit = Math.max(0, (max - open - RESERVE) / settings.factory().connectionsPerWorker());
        String key = settings.open() ? "max_in_flight" : "max_load";
        throw settings.config().error(key, String.format(Locale.ROOT, "(%d) needs %d open connections, but "
                + "this process may open %d files and %d are open already (ulimit -n): at most %d %s fit; raise "
                + "the limit (e.g. ulimit -n %d before bench run) or lower %s", settings.plan().maxWorkers(), needed,
                max, open, fit, settings.open() ? "requests in flight" : "workers",
                Math.max(4096, Long.highestOneBit(needed + open + RESERVE) * 2), settings.config().name(key)));
    }
}
