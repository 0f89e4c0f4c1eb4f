package io.benchsuite.result;

/**
 * Where a run was measured.
 *
 * @param host        host name
 * @param os          operating system name, version and architecture
 * @param jdk         Java runtime vendor and version
 * @param cpus        available processors
 * @param maxHeapMb   maximum heap in MiB
 * @param toolVersion BenchSuite version
 * @param workerThreads what ran the workers: {@code platform} or {@code virtual} threads, or {@code event_loop} (null in results
 *                    written before this was recorded)
 */
public record Environment(String host, String os, String jdk, int cpus, long maxHeapMb, String toolVersion,
                          String workerThreads) {

    /** The environment of this JVM, for a run whose workers ran on {@code workerThreads} threads. */
    public static Environment current(String workerThreads) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown");
        }
        Runtime rt = Runtime.getRuntime();
        String version = Environment.class.getPackage().getImplementationVersion();
        return new Environment(host,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
                rt.availableProcessors(), rt.maxMemory() / (1024 * 1024),
                version == null ? "0.1.0-SNAPSHOT" : version, workerThreads);
    }
}
