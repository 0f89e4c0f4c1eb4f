package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Slo;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Goodput counts the requests that succeeded within the SLO's per-request limits; checked against the run's own
 * per-request log (what each request measured), so the machine's speed does not matter.
 */
class GoodputTest {

    @Test
    void a_slo_from_the_thresholds_takes_the_strictest_upper_limit_of_each_time() {
        Slo slo = Slo.of(ThresholdEvaluator.parseAll(List.of("p99 < 250ms", "p50 <= 100ms", "success_rate > 99%",
                "ttft.p95 < 2s", "throughput > 10/s", "tpot.mean > 1ms")));

        assertThat(slo).isEqualTo(new Slo(100_000, Slo.NONE, 2_000_000, Slo.NONE));
        assertThat(slo.met(100_000, -1, 5, -1)).isTrue();
        assertThat(slo.met(100_001, -1, 5, -1)).isFalse();
        assertThat(slo.met(1_000, -1, 2_000_001, -1)).isFalse();
        assertThat(Slo.of(ThresholdEvaluator.parseAll(List.of("success_rate > 99%")))).isNull();
        assertThat(slo).hasToString("latency <= 100 ms, TTFT <= 2000 ms");
    }

    @Test
    void goodput_counts_the_successful_requests_within_the_limit_per_bucket_and_overall() throws Exception {
        // given a target whose every 3rd request takes 25 ms and every 5th fails at once; the SLO: latency <= 10 ms
        AtomicLong n = new AtomicLong();
        Target target = ex -> {
            long i = n.getAndIncrement();
            if (i % 5 == 4) {
                ex.failure("http_503", 503, "busy");
                return;
            }
            LockSupport.parkNanos(i % 3 == 2 ? 25_000_000 : 100_000);
            ex.success(200);
        };
        long[] good = new long[1];
        RequestLogSink sink = b -> {
            for (int i = 0; i < b.size(); i++) {
                if (b.success(i) && Micros.of(b.latencyNanos(i)) <= 10_000) {
                    good[0]++;
                }
            }
        };

        // when 300 requests run
        RunResult result = LoadEngineTest.runToCap(RunSpec.builder(target,
                        LoadPlan.constant(2, Duration.ofSeconds(60)).withTotalRequests(300))
                .withSlo(new Slo(10_000, Slo.NONE, Slo.NONE, Slo.NONE)).withRequestLog(sink));

        // then
        Stats bucket = result.buckets().getFirst();
        assertThat(bucket.goodRequests()).isEqualTo(good[0]).isLessThanOrEqualTo(bucket.successes());
        assertThat(bucket.goodRequests()).isBetween(1L, 240L); // at most the 240 successes, of which 80 are slow
        assertThat(result.overall().goodRequests()).isEqualTo(good[0]);
        double window = bucket.windowSeconds().get(1) - bucket.windowSeconds().get(0);
        if (window > 0) {
            assertThat(bucket.goodputRps()).isCloseTo(good[0] / window, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void a_run_without_a_slo_has_no_goodput() throws Exception {
        RunResult result = LoadEngineTest.runToCap(RunSpec.builder(ex -> ex.success(200),
                LoadPlan.constant(1, Duration.ofSeconds(60)).withTotalRequests(10)));

        assertThat(result.overall().goodputRps()).isNull();
        assertThat(result.buckets().getFirst().goodRequests()).isNull();
    }
}
