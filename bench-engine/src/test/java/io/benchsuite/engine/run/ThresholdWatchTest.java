package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.threshold.Threshold;
import io.benchsuite.result.threshold.ThresholdEvaluator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdWatchTest {

    @Test
    void a_max_latency_threshold_is_lost_once_an_interval_p99_exceeds_it() {
        // given
        List<Threshold> thresholds = ThresholdEvaluator.parseAll(List.of("max < 100ms", "workers=3: max < 50ms"));

        // then
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(2, 10, 0, 80), 0)).isEmpty();
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(3, 10, 0, 80), 0))
                .hasValue("threshold \"workers=3: max < 50ms\" is lost: a latency of 80 ms was already measured");
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(2, 10, 0, 120), 0)).isPresent();
    }

    @Test
    void a_success_rate_threshold_is_lost_after_enough_failures() {
        // given
        List<Threshold> thresholds = List.of(Threshold.parse("success_rate >= 95%"));

        // then
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(1, 99, 99, 1), 0)).isEmpty();
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(1, 200, 10, 1), 0)).isEmpty();
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(1, 200, 11, 1), 0))
                .hasValue("threshold \"success_rate >= 95%\" is lost: 11 of 200 requests failed so far");
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(1, 200, 11, 1), 1000)).isEmpty();
        assertThat(ThresholdWatch.lostDuring(thresholds, progress(1, 200, 51, 1), 1000)).isPresent();
    }

    private static Progress progress(int workers, long requests, long failures, double p99) {
        return new Progress(1, 10, workers, 0, requests, failures, 10, 1, p99);
    }
}
