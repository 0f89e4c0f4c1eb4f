package io.benchsuite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchsuite.demo.DemoApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code bench sweep} end to end against a local server of known capacity, and its refusals. */
class SweepCommandTest {

    private static final String SYS = "\"benchmark_type\": \"system_api\", \"endpoint\": \"http://127.0.0.1:9/x\"";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run bench(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCli.execute(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("{" + SYS + "}", List.of(), "{dir}/c.json: \"thresholds\" are the SLO a sweep searches "
                        + "for, and there are none: add e.g. \"thresholds\": [\"p99 < 250ms\", \"success_rate >= 99%\"]"),
                Arguments.of("{" + SYS + ", \"thresholds\": [\"workers=2: p99 < 1s\"]}", List.of(),
                        "{dir}/c.json: \"thresholds\" \"workers=2: p99 < 1s\" is scoped to one level; in a sweep every "
                                + "probe is one level and the SLO applies to each: remove \"workers=2:\""),
                Arguments.of("{" + SYS + ", \"thresholds\": [\"p99 < 1s\"], \"sweep_resolution\": 5}", List.of(),
                        "{dir}/c.json: \"sweep_resolution\" (5) must be between 0 and 1, exclusive: the relative "
                                + "width of the interval the search stops at, e.g. 0.05 for 5 %"),
                Arguments.of("{" + SYS + ", \"thresholds\": [\"p99 < 1s\"]}", List.of("--max-seconds", "10"),
                        "--max-seconds 10 cannot hold one probe (20 s: duration_seconds); give at least 80 s for a "
                                + "few probes"));
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void bad_sweep_settings_exit_2_with_one_line_before_anything_runs(String config, List<String> extra,
                                                                      String message) throws Exception {
        // given
        Files.writeString(dir.resolve("c.json"), config);
        List<String> args = new ArrayList<>(List.of("sweep", "--config", dir.resolve("c.json").toString(), "--out",
                dir.resolve("out").toString()));
        args.addAll(extra);

        // when
        Run run = bench(args);

        // then
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("bench: " + message.replace("{dir}", dir.toString()));
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void a_sweep_finds_a_capacity_below_what_the_server_can_serve_and_writes_it() throws Exception {
        try (DemoApiServer server = DemoApiServer.start(0, 4, 20)) {
            // given a server of 200 req/s at most, and the SLO p99 < 100 ms
            Files.writeString(dir.resolve("c.json"), """
                    {"benchmark_type": "system_api", "endpoint": "%s/api/orders", "benchmark_run_id": "sweep",
                     "load_model": "open", "min_rate": 20, "max_rate": 400, "duration_seconds": 1.5,
                     "sweep_resolution": 0.2, "thresholds": ["p99 < 100ms"], "timeout": 5}
                    """.formatted(server.baseUrl()));

            // when
            Run run = bench(List.of("sweep", "--config", dir.resolve("c.json").toString(), "--out",
                    dir.resolve("out").toString()));

            // then
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("probe  ", "meets SLO", "capacity: ");
            assertThat(run.err()).contains("bench: probe 1: 20 req/s for 1.5 s");
            JsonNode result = new ObjectMapper().readTree(dir.resolve("out/sweep/result.json").toFile());
            JsonNode capacity = result.get("capacity");
            assertThat(capacity.get("unit").asText()).isEqualTo("req/s");
            // the 4 slots serve 200 req/s at most: above it the queue grows by (rate - 200) x 1.5 s per probe, and its
            // last request waits that / 200 s; p99 < 100 ms cannot hold above about 213 req/s (the accuracy check,
            // with 20 s probes, is benchmarks/run-sweep-accuracy.sh)
            assertThat(capacity.get("value").asDouble()).isBetween(20.0, 240.0);
            assertThat(capacity.get("probes").asInt()).isEqualTo(result.get("buckets").size())
                    .isEqualTo(capacity.get("verdicts").size());
            assertThat(result.get("buckets").get(0).get("rate").asDouble()).isEqualTo(20.0);
            assertThat(result.get("buckets").get(0).has("goodput_rps")).isTrue();
            assertThat(Files.readString(dir.resolve("out/sweep/report.html"))).contains("id=\"capacity\"",
                    "id=\"probe-table\"");
        }
    }
}
