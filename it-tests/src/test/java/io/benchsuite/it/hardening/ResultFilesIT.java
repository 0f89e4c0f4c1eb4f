package io.benchsuite.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.it.TestRun;
import io.benchsuite.runner.BenchRun;
import io.benchsuite.engine.run.RunControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output directory: refused before the load when it cannot be written; no result file until the end. */
class ResultFilesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void an_output_directory_that_cannot_be_created_fails_before_any_request() throws Exception {
        try (LoopbackServer server = new LoopbackServer(0)) {
            // given: /proc refuses new directories even to root
            Path cfg = dir.resolve("c.json");
            Files.writeString(cfg, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"" + server.url() + "\"}");

            // when
            BenchProcess bench = BenchProcess.start(dir, "run", "--config", cfg.toString(), "--out",
                    "/proc/bench-results");
            int code = bench.waitFor(60);

            // then
            String stderr = Files.readString(bench.stderr);
            assertThat(code).as(stderr).isEqualTo(2);
            assertThat(stderr.lines().reduce((a, b) -> b).orElseThrow())
                    .startsWith("bench: /proc/bench-results/")
                    .endsWith("; choose a writable --out directory")
                    .contains("cannot write results there");
            assertThat(stderr).doesNotContain("\tat ");
            assertThat(server.arrivals.get()).isZero();
        }
    }

    @Test
    void no_result_file_exists_while_the_run_is_in_progress() throws Exception {
        try (LoopbackServer server = new LoopbackServer(20)) {
            // given
            ObjectNode c = JSON.createObjectNode();
            c.put("benchmark_type", "system_api");
            c.put("endpoint", server.url());
            c.put("min_load", 2);
            c.put("max_load", 2);
            c.put("enable_ramping", false);
            c.put("duration_seconds", 3);
            c.put("benchmark_run_id", "in-progress");
            TestRun run = TestRun.prepare(BenchConfig.of("c.json", dir, c));
            Path runDir = dir.resolve("out/in-progress");

            // when: the engine reports progress during the load; look for the result file each time
            List<Boolean> seenDuringLoad = new java.util.concurrent.CopyOnWriteArrayList<>();
            var outcome = run.execute(dir.resolve("out"),
                    p -> seenDuringLoad.add(Files.exists(runDir.resolve("result.json"))), new RunControl());

            // then
            assertThat(seenDuringLoad).hasSizeGreaterThanOrEqualTo(2).containsOnly(false);
            assertThat(server.arrivals.get()).isPositive();
            assertThat(outcome.files().resultFile()).exists();
            try (Stream<Path> files = Files.list(runDir)) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("result.json", "requests.jsonl.gz", "report.html");
            }
        }
    }
}
