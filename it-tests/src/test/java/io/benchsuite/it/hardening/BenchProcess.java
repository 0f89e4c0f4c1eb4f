package io.benchsuite.it.hardening;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code bench} command line in its own JVM (this JVM's java binary and class path, which hold
 * bench-cli and everything it needs), with stdout and stderr captured to files.
 */
final class BenchProcess {

    final Process process;
    final Path stdout;
    final Path stderr;

    private BenchProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static BenchProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** With extra JVM options (e.g. {@code -Djdk.net.hosts.file=...}). */
    static BenchProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.benchsuite.cli.BenchCli"));
        cmd.addAll(List.of(args));
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("MONGODB_URI");
        return new BenchProcess(pb.start(), out, err);
    }

    /**
     * Whether SIGINT is ignored in this JVM, and so in every process it starts: a shell without job control ignores
     * it for what it starts in the background ({@code nohup mvn verify &} in a script), and a JVM leaves an ignored
     * SIGINT ignored, as a user's {@code bench} would. Read from {@code SigIgn} of {@code /proc/self/status}; false
     * where that file does not exist.
     */
    static boolean sigintIgnored() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
                    return (mask & (1L << (2 - 1))) != 0; // SIGINT is signal 2
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux: assume the default disposition
        }
        return false;
    }

    /** Sends {@code signal} (e.g. {@code INT}, {@code TERM}) the way a terminal or an orchestrator would. */
    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits for the exit code; destroys the process and fails when it does not exit in time. */
    int waitFor(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bench did not exit within " + seconds + " s; stderr: "
                    + java.nio.file.Files.readString(stderr));
        }
        return process.exitValue();
    }

    void kill() {
        process.destroyForcibly();
    }
}
