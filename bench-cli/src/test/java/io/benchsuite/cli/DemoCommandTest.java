package io.benchsuite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path out;

    private RunResult runDemo(String... extra) throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        String[] args = Stream.concat(Stream.of("demo", "--seconds", "2", "--max-load", "3", "--out", out.toString()),
                Stream.of(extra))
                .toArray(String[]::new);

        int exit = BenchCli.execute(args, new PrintWriter(stdout, true), new PrintWriter(stderr, true));

        assertThat(exit).as("exit code; stderr:%n%s", stderr).isZero();
        assertThat(stdout.toString()).contains("workers", "results: ", "report:  ");
        Path runDir;
        try (Stream<Path> dirs = Files.list(out)) {
            runDir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(runDir.resolve("report.html")).exists();
        assertThat(runDir.resolve("requests.jsonl.gz")).exists();
        return ResultJson.read(runDir);
    }

    @Test
    void the_http_demo_ramps_against_its_local_api_and_writes_every_result_file() throws Exception {
        RunResult result = runDemo();

        assertThat(result.benchmarkType()).isEqualTo("system_api");
        assertThat(result.buckets()).extracting(b -> b.workers()).containsExactly(1, 2, 3);
        assertThat(result.overall().successRate()).isEqualTo(100.0);
        // the local API answers after a log-normal delay with a 20 ms median
        assertThat(result.overall().latencyMs().p50()).isBetween(15.0, 60.0);
    }

    @Test
    void the_llm_demo_reports_token_metrics_without_any_key() throws Exception {
        RunResult result = runDemo("--llm");

        assertThat(result.benchmarkType()).isEqualTo("llm_api");
        assertThat(result.overall().hasTokenMetrics()).isTrue();
        assertThat(result.overall().successes()).isPositive();
        // the local server: first token after 150 ms, then one every 20 ms
        assertThat(result.overall().ttftMs().p50()).isGreaterThanOrEqualTo(150.0);
        assertThat(result.overall().tpotMs().p50()).isBetween(15.0, 40.0);
        // a reasoning model: the answer starts 10 tokens (200 ms) after the first token; usage, cache, cost
        assertThat(result.overall().ttfoMs().p50() - result.overall().ttftMs().p50()).isBetween(180.0, 300.0);
        assertThat(result.overall().reasoningTokens()).isEqualTo(10 * result.overall().successes());
        assertThat(result.overall().cachedTokens()).isEqualTo(32 * result.overall().successes());
        assertThat(result.overall().tokenSource()).isEqualTo("usage");
        assertThat(result.overall().costUsd()).isPositive();
        assertThat(result.timeline()).anySatisfy(e -> assertThat(e.rateLimitRemainingRequests()).isNotNull());
        assertThat(result.timeline()).anySatisfy(e -> assertThat(e.server()).containsKey("running_requests"));
    }
}
