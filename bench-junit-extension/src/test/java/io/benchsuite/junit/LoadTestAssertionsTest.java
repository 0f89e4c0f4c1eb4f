package io.benchsuite.junit;

import static io.benchsuite.junit.LoadTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadTestAssertionsTest {

    private static Stats stats(Integer workers, double p99, double successRate, Distribution ttft) {
        Distribution latency = new Distribution(1, 10, 10, 10, 10, 10, p99, p99, p99);
        return new Stats(workers, workers == null ? null : List.of(0.0, 1.0), 100, (long) successRate,
                100 - (long) successRate, successRate, 50, latency, Map.of(), ttft, ttft, ttft,
                ttft == null ? null : 10L, null, ttft == null ? null : 20.0, null);
    }

    private static LoadTestResult result(Stats overall, List<Stats> buckets) {
        return new LoadTestResult(new RunResult(RunResult.SCHEMA_VERSION, "r", "default", "system_api", "n",
                RunResult.Status.completed, "t", Instant.EPOCH, Instant.EPOCH, 1, null, null, overall, buckets,
                null, null, null, null), Path.of("target/benchsuite/x"));
    }

    private final LoadTestResult http = result(stats(null, 300, 97.5, null),
            List.of(stats(1, 100, 100, null), stats(10, 412.3, 95, null)));

    @Test
    void passing_assertions_chain() {
        assertThat(http).isCompleted().atWorkers(1).latency().p99().isLessThan(Duration.ofMillis(250))
                .isAtMost(Duration.ofMillis(100)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
        assertThat(http).overall().successRate().isAtLeast(97.5).isLessThan(98);
        assertThat(http).overall().throughput().isGreaterThan(49);
        assertThat(http).overall().errorRate().isAtMost(2.5);
    }

    @Test
    void a_bucket_latency_failure_reads_like_assertj() {
        assertThatThrownBy(() -> assertThat(http).atWorkers(10).latency().p99().isLessThan(Duration.ofMillis(250)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("Expecting p99 latency at 10 workers:\n  412.3 ms\nto be less than:\n  250 ms");
    }

    @Test
    void an_overall_rate_failure_reads_like_assertj() {
        assertThatThrownBy(() -> assertThat(http).overall().successRate().isAtLeast(99.0))
                .hasMessage("Expecting success rate (overall):\n  97.5 %\nto be at least:\n  99 %");
    }

    @Test
    void a_description_prefixes_the_message() {
        assertThatThrownBy(() -> assertThat(http).as("orders API").overall().latency().max()
                .isAtMost(Duration.ofMillis(299)))
                .hasMessage("[orders API] Expecting max latency (overall):\n  300 ms\nto be at most:\n  299 ms");
    }

    @Test
    void a_bucket_the_run_never_reached_fails_naming_the_levels_it_did() {
        assertThatThrownBy(() -> assertThat(http).atWorkers(50))
                .hasMessage("Expecting the run to reach:\n  50 workers\nbut it reached:\n  [1, 10]");
    }

    @Test
    void llm_metrics_are_asserted_and_missing_ones_are_explained() {
        // given
        Distribution ttft = new Distribution(100, 200, 200, 250, 300, 350, 400, 400, 400);
        LoadTestResult llm = result(stats(null, 900, 100, ttft), List.of(stats(4, 900, 100, ttft)));

        // then
        assertThat(llm).atWorkers(4).ttft().p95().isLessThan(Duration.ofMillis(500));
        assertThat(llm).overall().outputTokensPerSecond().isAtLeast(20);
        assertThatThrownBy(() -> assertThat(llm).overall().tpot().p99().isLessThan(Duration.ofMillis(50)))
                .hasMessage("Expecting p99 TPOT (overall):\n  400 ms\nto be less than:\n  50 ms");
        assertThatThrownBy(() -> assertThat(http).overall().ttft())
                .hasMessage("Expecting TTFT (overall),\nbut the run streamed no tokens (only llm_api runs record it)");
    }

    @Test
    void errors_are_listed_when_none_were_expected() {
        // given
        Stats failing = new Stats(null, null, 10, 8, 2, 80, 1, Distribution.EMPTY, Map.of("http_503", 2L), null,
                null, null, null, null, null, null);

        // then
        assertThatThrownBy(() -> assertThat(result(failing, List.of())).overall().hasNoErrors())
                .hasMessage("Expecting no failed requests (overall),\nbut found:\n  {http_503=2}");
    }
}
