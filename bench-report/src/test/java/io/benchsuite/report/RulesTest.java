package io.benchsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.Stats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The saturation rule of docs/metrics.md ("Report"), at its boundaries. */
class RulesTest {

    @Test
    void saturation_is_the_first_level_below_80_percent_of_the_ideal_line() {
        // given: 100 req/s per worker at 2 workers; 3 workers at exactly 80% (240 of 300), 4 at 79% (316 of 400)
        List<Stats> levels = List.of(level(2, 200, 10, 99, null, null), level(3, 240, 10, 99, null, null),
                level(4, 316, 10, 99, null, null), level(5, 500, 10, 99, null, null));

        // when
        Saturation s = Saturation.of(levels);

        // then
        assertThat(s.perWorkerRps()).isEqualTo(100);
        assertThat(s.ideal(4)).isEqualTo(400);
        assertThat(s.saturationWorkers()).isEqualTo(4);
        assertThat(s.efficiency()).isEqualTo(0.79);
        assertThat(s.peakRps()).isEqualTo(500);
        assertThat(s.peakWorkers()).isEqualTo(5);
        assertThat(s.sentence()).startsWith("Saturation at 4 workers: throughput is 79% of the ideal linear line");
    }

    @Test
    void linear_scaling_has_no_saturation_and_one_level_is_not_judged() {
        assertThat(Saturation.of(List.of(level(1, 100, 10, 99, null, null), level(2, 200, 10, 99, null, null)))
                .saturationWorkers()).isNull();
        assertThat(Saturation.of(List.of(level(1, 100, 10, 99, null, null), level(2, 200, 10, 99, null, null)))
                .sentence()).startsWith("No saturation");
        assertThat(Saturation.of(List.of(level(8, 100, 10, 99, null, null))).sentence())
                .startsWith("Only one worker level ran");
    }

    @Test
    void levels_with_fewer_than_20_requests_are_not_judged() {
        // given a ramp whose first levels held a handful of requests each (a level of 40 ms)
        Stats tiny = new Stats(1, List.of(0.0, 0.04), 2, 2, 0, 100, 50, new Distribution(1, 5, 5, 6, 8, 9, 10, 10, 10),
                Map.of(), null, null, null, null, null, null, null);

        // when
        Saturation s = Saturation.of(List.of(tiny, level(2, 200, 10, 99, null, null), level(3, 300, 10, 99, null, null)));

        // then: 50 req/s at 1 worker would make 2 workers look like 200% of ideal; it is left out
        assertThat(s.levels()).isEqualTo(2);
        assertThat(s.perWorkerRps()).isEqualTo(100);
        assertThat(s.saturationWorkers()).isNull();
    }

    /** A bucket with the given throughput, p99 latency, success rate, TTFT p99 and output tokens/s. */
    private static Stats level(int workers, double rps, double p99, double successRate, Double ttftP99,
                               Double tokensPerSecond) {
        Distribution latency = new Distribution(1, 5, 5, 6, 8, 9, p99, p99, p99);
        Distribution ttft = ttftP99 == null ? null : new Distribution(1, 5, 5, 6, 8, 9, ttftP99, ttftP99, ttftP99);
        return new Stats(workers, List.of(0.0, 1.0), 1000, Math.round(successRate * 10), 1000 - Math.round(successRate * 10),
                successRate, rps, latency, Map.of(), ttft, ttft == null ? null : latency, ttft == null ? null : latency,
                null, null, tokensPerSecond, null);
    }
}
