package io.benchsuite.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out} on a file system with 48 KB free, which the request log fills during the run (a 1 MB tmpfs mounted
 * for the test, mostly filled beforehand; it needs root, which CI has): the table still reaches stdout, {@code result.json} is written (the cut request log
 * gives way to it if it must, and the result says so), no stack trace, and the exit code is a documented one.
 */
class DiskFullIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_disk_that_fills_up_during_the_run_keeps_the_table_and_result_json() throws Exception {
        // given a 1 MB file system for the results
        Path small = Files.createDirectory(dir.resolve("small"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0,
                "needs root to mount a small tmpfs (CI runs as root)");
        mount = small;
        // leave 48 KB: room for result.json, not for the request log of a few seconds at full speed
        Files.write(small.resolve("filler"), new byte[1024 * 1024 - 48 * 1024]);
        try (LoopbackServer server = new LoopbackServer(0)) {
            Path cfg = dir.resolve("c.json");
            Files.writeString(cfg, """
                    {"benchmark_type": "system_api", "endpoint": "%s", "benchmark_run_id": "full",
                     "min_load": 8, "max_load": 8, "enable_ramping": false, "duration_seconds": 5, "timeout": 5}
                    """.formatted(server.url()));

            // when
            BenchProcess bench = BenchProcess.start(dir, "run", "--config", cfg.toString(), "--out", small.toString());
            int code = bench.waitFor(120);

            // then
            String stdout = Files.readString(bench.stdout);
            String stderr = Files.readString(bench.stderr);
            assertThat(code).as(stderr).isIn(0, 1, 4);
            assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in thread");
            assertThat(stdout).contains("workers  requests").contains("all ");
            Path result = small.resolve("full/result.json");
            assertThat(result).as("result.json on the full disk; stderr: %s", stderr).exists();
            JsonNode r = JSON.readTree(result.toFile());
            assertThat(r.get("overall").get("requests").asLong()).isPositive();
            assertThat(String.valueOf(r.get("notes"))).as("the result says its request log is not whole; %s requests, "
                    + "stdout: %s, stderr: %s", r.get("overall").get("requests"), stdout, stderr)
                    .containsAnyOf("per-request log is incomplete", "was removed to make room for result.json");
        }
    }
}
