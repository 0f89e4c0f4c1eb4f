package io.benchsuite.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset whose records do not fit in the heap: {@code bench run} (a subprocess with a 64 MiB heap) refuses it
 * with one line and exit 2 before the load, instead of dying of an OutOfMemoryError.
 */
class DatasetTooLargeIT {

    @TempDir
    Path dir;

    @Test
    void a_dataset_too_large_for_the_heap_is_refused_with_one_line_before_any_request() throws Exception {
        try (LoopbackServer server = new LoopbackServer(0)) {
            // given: 24 MiB of tiny records (under half the heap as text, several times the heap as parsed records)
            Path dataset = dir.resolve("huge.json");
            try (BufferedWriter w = Files.newBufferedWriter(dataset)) {
                w.write("[");
                for (int i = 0; i < 1_500_000; i++) {
                    w.write(i == 0 ? "{\"q\":" : ",\n{\"q\":");
                    w.write(Integer.toString(i));
                    w.write("}");
                }
                w.write("]");
            }
            Path cfg = dir.resolve("c.json");
            Files.writeString(cfg, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"" + server.url()
                    + "\", \"dataset\": \"huge.json\"}");

            // when
            BenchProcess bench = BenchProcess.start(dir, List.of("-Xmx64m"), "run", "--config", cfg.toString(),
                    "--out", dir.resolve("out").toString());
            int code = bench.waitFor(120);

            // then
            String stderr = Files.readString(bench.stderr);
            assertThat(code).as(stderr).isEqualTo(2);
            assertThat(stderr.lines().toList()).hasSize(1);
            assertThat(stderr).startsWith("bench: " + dataset + ": dataset too large for memory (")
                    .contains("64 MiB max heap, heap full after ")
                    .doesNotContain("OutOfMemoryError");
            assertThat(server.arrivals.get()).isZero();
        }
    }
}
