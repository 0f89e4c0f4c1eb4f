package io.benchsuite.result.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.ThresholdResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {

    private static Distribution latency(double p50, double p99, double max) {
        return new Distribution(1, p50, p50, p50, p99, p99, p99, max, max);
    }

    private static Stats stats(Integer workers, long requests, long failures, double rps, Distribution latency,
                               Distribution ttft) {
        double rate = requests == 0 ? 0 : (requests - failures) * 100.0 / requests;
        return new Stats(workers, workers == null ? null : List.of(0.0, 1.0), requests, requests - failures, failures,
                rate, rps, latency, Map.of(), ttft, ttft, ttft, ttft == null ? null : 100L, null,
                ttft == null ? null : 42.0, null);
    }

    private static RunResult result(Stats overall, List<Stats> buckets) {
        return new RunResult(RunResult.SCHEMA_VERSION, "r1", "default", "custom", "n", RunResult.Status.completed,
                "t", Instant.EPOCH, Instant.EPOCH, 1.0, null, null, overall, buckets, null, null, null, null);
    }

    private final RunResult run = result(stats(null, 1000, 5, 100, latency(20, 250, 400), null),
            List.of(stats(1, 300, 0, 30, latency(10, 20, 30), null),
                    stats(2, 700, 5, 70, latency(30, 412.3, 400), null)));

    @Test
    void passes_and_fails_overall_and_bucket_thresholds() {
        // given
        List<Threshold> thresholds = ThresholdEvaluator.parseAll(List.of("p99 <= 250ms", "success_rate >= 99.9%",
                "workers=2: p99 < 250ms", "workers=1: p99 < 250ms", "throughput > 50/s", "error_rate < 1%"));

        // when
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(thresholds, run);

        // then
        assertThat(results).containsExactly(
                new ThresholdResult("p99 <= 250ms", "overall", 250, 250, "ms", true),
                new ThresholdResult("success_rate >= 99.9%", "overall", 99.5, 99.9, "%", false),
                new ThresholdResult("workers=2: p99 < 250ms", "workers=2", 412.3, 250, "ms", false),
                new ThresholdResult("workers=1: p99 < 250ms", "workers=1", 20, 250, "ms", true),
                new ThresholdResult("throughput > 50/s", "overall", 100, 50, "req/s", true),
                new ThresholdResult("error_rate < 1%", "overall", 0.5, 1, "%", true));
        assertThat(run.withThresholds(results).thresholdsPassed()).isFalse();
    }

    @Test
    void rate_scoped_and_service_time_thresholds_read_the_open_models_buckets() {
        // given: an open-model run whose second level queued (latency far above service time)
        Stats low = new Stats(null, List.of(0.0, 1.0), 100, 100, 0, 100, 100, latency(10, 20, 30), Map.of(), null,
                null, null, null, null, null, null, 100.0, latency(9, 19, 29), null, null, null, null, null, null, null, null, null, null, null, null);
        Stats high = new Stats(null, List.of(1.0, 2.0), 200, 200, 0, 100, 200, latency(300, 900, 950), Map.of(),
                null, null, null, null, null, null, null, 200.0, latency(12, 40, 60), null, null, null, null, null, null, null, null, null, null, null, null);
        Stats overall = new Stats(null, null, 300, 300, 0, 100, 150, latency(100, 800, 950), Map.of(), null, null,
                null, null, null, null, null, null, latency(11, 35, 60), null, null, null, null, null, null, null, null, null, null, null, null);
        RunResult open = result(overall, List.of(low, high));
        List<Threshold> thresholds = ThresholdEvaluator.parseAll(List.of("rate=200: p99 < 500ms",
                "rate=200: service_time.p99 < 50ms", "service_time.p99 < 50ms", "rate=150: p99 < 1s"));

        // when
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(thresholds, open);

        // then
        assertThat(results).containsExactly(
                new ThresholdResult("rate=200: p99 < 500ms", "rate=200", 900, 500, "ms", false),
                new ThresholdResult("rate=200: service_time.p99 < 50ms", "rate=200", 40, 50, "ms", true),
                new ThresholdResult("service_time.p99 < 50ms", "overall", 35, 50, "ms", true),
                new ThresholdResult("rate=150: p99 < 1s", "rate=150", Double.NaN, 1000, "ms", false));
        assertThat(ThresholdEvaluator.failureMessage(results))
                .contains("Expecting p99 latency at 200 req/s:\n  900 ms\nto be less than:\n  500 ms")
                .contains("no requests (the run had no level at 150 req/s)");
    }

    @Test
    void the_closed_models_service_time_is_its_latency() {
        // when
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(
                ThresholdEvaluator.parseAll(List.of("service_time.p99 <= 250ms")), run);

        // then
        assertThat(results.getFirst().actual()).isEqualTo(250);
    }

    @Test
    void a_bucket_the_run_never_reached_fails_with_no_value() {
        // when
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(
                List.of(Threshold.parse("workers=50: p99 < 1s")), run);

        // then
        assertThat(results.getFirst().passed()).isFalse();
        assertThat(results.getFirst().actual()).isNaN();
        assertThat(ThresholdEvaluator.failureMessage(results)).isEqualTo("""
                1 of 1 threshold failed

                [workers=50: p99 < 1s]
                Expecting p99 latency at 50 workers:
                  no requests (the run never reached 50 workers)
                to be less than:
                  1000 ms""");
    }

    @Test
    void llm_metrics_of_a_run_without_tokens_fail() {
        // when
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(ThresholdEvaluator.parseAll(
                List.of("ttft.p95 < 500ms", "output_tokens_per_second > 10/s")), run);

        // then
        assertThat(results).extracting(ThresholdResult::passed).containsExactly(false, false);
        assertThat(ThresholdEvaluator.failureMessage(results)).contains("no value (the run streamed no tokens)");
    }

    @Test
    void llm_metrics_are_read_from_the_token_distributions() {
        // given
        RunResult llm = result(stats(null, 10, 0, 1, latency(900, 1000, 1100), latency(120, 300, 310)), List.of());

        // when
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(ThresholdEvaluator.parseAll(
                List.of("ttft.p95 < 500ms", "tpot.p50 < 100ms", "itl.max < 0.2s", "output_tokens_per_second > 40/s")),
                llm);

        // then
        assertThat(results).extracting(ThresholdResult::actual).containsExactly(300.0, 120.0, 310.0, 42.0);
        assertThat(results).extracting(ThresholdResult::passed).containsExactly(true, false, false, true);
    }

    @Test
    void the_failure_message_lists_every_violation_in_assertj_style() {
        // given
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(ThresholdEvaluator.parseAll(
                List.of("workers=2: p99 < 250ms", "p50 < 1s", "success_rate >= 99.9%")), run);

        // when
        String message = ThresholdEvaluator.failureMessage(results);

        // then
        assertThat(message).isEqualTo("""
                2 of 3 thresholds failed

                [workers=2: p99 < 250ms]
                Expecting p99 latency at 2 workers:
                  412.3 ms
                to be less than:
                  250 ms

                [success_rate >= 99.9%]
                Expecting success rate (overall):
                  99.5 %
                to be at least:
                  99.9 %""");
    }

    @Test
    void a_run_without_requests_fails_every_threshold() {
        // given
        RunResult empty = result(stats(null, 0, 0, 0, Distribution.EMPTY, null), List.of());

        // when
        List<ThresholdResult> results = ThresholdEvaluator.evaluate(List.of(Threshold.parse("p99 < 1s")), empty);

        // then
        assertThat(results.getFirst().passed()).isFalse();
    }

    @Test
    void evaluated_thresholds_survive_the_result_json_round_trip() {
        // given
        RunResult evaluated = run.withThresholds(ThresholdEvaluator.evaluate(ThresholdEvaluator.parseAll(
                List.of("p99 < 1s", "workers=9: p99 < 1s")), run));

        // when
        RunResult read = ResultJson.fromJson(ResultJson.toJson(evaluated));

        // then
        assertThat(read.thresholds()).hasSize(2);
        assertThat(read.thresholds().get(0)).isEqualTo(evaluated.thresholds().get(0));
        assertThat(read.thresholds().get(1).actual()).isNaN();
        assertThat(read.thresholdsPassed()).isFalse();
    }
}
