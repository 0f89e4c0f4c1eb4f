package io.benchsuite.result.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChangeThresholdTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "p99 regression < 10%                  | p99_ms              | 10",
            "latency.p50 regression <= 5%          | p50_ms              | 5",
            "mean regression < 2.5 %               | mean_ms             | 2.5",
            "throughput regression < 5%            | throughput_rps      | 5",
            "success_rate regression < 0.5pt       | success_rate        | 0.5",
            "ttft.p99 regression < 20%             | ttft_p99_ms         | 20",
            "output_tokens_per_second regression < 8% | output_tokens_per_s | 8",
            "regression < 5%                       | -                   | 5",
            "overall: p90 regression < 15%         | p90_ms              | 15",
    })
    void parses_a_limit_on_the_change_of_one_metric_or_all(String expression, String metric, double limit) {
        // when
        Criterion c = Criterion.parse(expression);

        // then
        assertThat(c).isEqualTo(new ChangeThreshold(expression.strip(), metric, limit));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "p99 regression > 10%          | puts a lower limit on a regression; a regression threshold is an upper limit",
            "p99 regression < 10ms         | has unit \"ms\"; a regression is relative: write e.g. \"p99 regression < 10%\"",
            "p99 regression < 10           | has no unit; a regression is relative",
            "success_rate regression < 1%  | has unit \"%\"; the success rate, itself a percentage, changes in percentage points: write e.g. \"success_rate regression < 1pt\"",
            "p98 regression < 10%          | has \"p98\" before \"regression\"",
            "p99 regression < 0.1%         | has 0.1%; a regression threshold lies between 0.5% (the finest change a load test resolves) and 100%",
            "workers=4: p99 regression < 10% | limits the change against a baseline, which is judged for the whole run; remove \"workers=4:\"",
    })
    void rejects_malformed_change_thresholds_with_the_problem(String expression, String problem) {
        assertThatThrownBy(() -> Criterion.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("threshold \"" + expression.strip() + "\" " + problem);
    }

    @Test
    void a_change_threshold_where_a_plain_one_is_expected_says_it_needs_a_baseline() {
        assertThatThrownBy(() -> Threshold.parse("p99 regression < 10%"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold \"p99 regression < 10%\" limits the change against a baseline, which this run "
                        + "has none of; compare the run with bench analyze --compare BASE RUN, or give the load test a "
                        + "@Baseline");
    }
}
