package io.benchsuite.engine.run;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;

/**
 * What generating the load cost this process over the load window: its CPU time (all threads, in percent of every
 * core the machine has) and the time its JVM spent in stop-the-world garbage-collection pauses. Read twice, at the
 * start and at the end of the load, by the controller: never on a request's path.
 *
 * <p>GC pauses are the collection times of the collectors that stop the application (G1's young and old
 * collections, Parallel, Serial; ZGC's and Shenandoah's pause beans), not those of concurrent cycles, which run
 * beside the application.
 */
final class GeneratorLoad {

    private final long wallNanos;
    private final long cpuNanos;
    private final long gcPauseMillis;

    private GeneratorLoad(long wallNanos, long cpuNanos, long gcPauseMillis) {
        this.wallNanos = wallNanos;
        this.cpuNanos = cpuNanos;
        this.gcPauseMillis = gcPauseMillis;
    }

    static GeneratorLoad now() {
        return new GeneratorLoad(System.nanoTime(), processCpuNanos(), gcPauseMillis());
    }

    /**
     * The load between {@code start} and now.
     *
     * @param cpuPercent process CPU time / (wall time x available processors) x 100; -1 when the JVM does not tell
     * @param gcPauseMs  stop-the-world collection time
     */
    record Used(double cpuPercent, double gcPauseMs, double seconds) {
    }

    static Used since(GeneratorLoad start) {
        GeneratorLoad end = now();
        long wall = end.wallNanos - start.wallNanos;
        double cpu = start.cpuNanos < 0 || end.cpuNanos < 0 || wall <= 0 ? -1
                : 100.0 * (end.cpuNanos - start.cpuNanos) / ((double) wall * Runtime.getRuntime().availableProcessors());
        return new Used(cpu, end.gcPauseMillis - start.gcPauseMillis, wall / 1e9);
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private static long gcPauseMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            String name = gc.getName().toLowerCase(Locale.ROOT);
            if (name.contains("concurrent") || name.contains("cycles")) {
                continue; // runs beside the application, does not stop it
            }
            long t = gc.getCollectionTime();
            if (t > 0) {
                total += t;
            }
        }
        return total;
    }
}
