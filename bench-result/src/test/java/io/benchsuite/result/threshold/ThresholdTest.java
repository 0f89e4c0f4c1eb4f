package io.benchsuite.result.threshold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.result.threshold.Threshold.Metric;
import io.benchsuite.result.threshold.Threshold.Operator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    @Test
    void parses_an_overall_latency_percentile() {
        // when
        Threshold t = Threshold.parse("p99 < 250ms");

        // then
        assertThat(t).isEqualTo(new Threshold("p99 < 250ms", null, Metric.LATENCY, "p99", Operator.LT, 250));
        assertThat(t.scope()).isEqualTo("overall");
        assertThat(t.label()).isEqualTo("p99 latency (overall)");
    }

    @Test
    void parses_a_bucket_scope() {
        // when
        Threshold t = Threshold.parse("  workers=10:  p99 <= 0.3s ");

        // then
        assertThat(t.workers()).isEqualTo(10);
        assertThat(t.scope()).isEqualTo("workers=10");
        assertThat(t.operator()).isEqualTo(Operator.LE);
        assertThat(t.limit()).isEqualTo(300.0);
        assertThat(t.expression()).isEqualTo("workers=10:  p99 <= 0.3s");
        assertThat(t.label()).isEqualTo("p99 latency at 10 workers");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "p50 < 10ms               | LATENCY                  | p50  | LT | 10",
            "mean < 2500us            | LATENCY                  | mean | LT | 2.5",
            "max <= 1s                | LATENCY                  | max  | LE | 1000",
            "min > 1ms                | LATENCY                  | min  | GT | 1",
            "p999 < 900ms             | LATENCY                  | p999 | LT | 900",
            "latency.p75 < 40ms       | LATENCY                  | p75  | LT | 40",
            "ttft.p95 < 500ms         | TTFT                     | p95  | LT | 500",
            "tpot.p99 < 50ms          | TPOT                     | p99  | LT | 50",
            "itl.p90 < 30ms           | ITL                      | p90  | LT | 30",
            "success_rate >= 99%      | SUCCESS_RATE             |      | GE | 99",
            "error_rate < 0.5%        | ERROR_RATE               |      | LT | 0.5",
            "throughput > 100/s       | THROUGHPUT               |      | GT | 100",
            "throughput >= 20 req/s   | THROUGHPUT               |      | GE | 20",
            "throughput > 5           | THROUGHPUT               |      | GT | 5",
            "output_tokens_per_second > 50/s | OUTPUT_TOKENS_PER_SECOND | | GT | 50",
            "overall: p90 < 1s        | LATENCY                  | p90  | LT | 1000",
    })
    void parses_every_metric(String expression, Metric metric, String statistic, Operator op, double limit) {
        // when
        Threshold t = Threshold.parse(expression);

        // then
        assertThat(t.metric()).isEqualTo(metric);
        assertThat(t.statistic()).isEqualTo(statistic);
        assertThat(t.operator()).isEqualTo(op);
        assertThat(t.limit()).isCloseTo(limit, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.workers()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                    | is empty",
            "p99 250ms             | has no comparison; use one of <, <=, >, >=",
            "p99 = 250ms           | uses \"=\"; use one of <, <=, >, >=",
            "p99 == 250ms          | uses \"==\"; use one of <, <=, >, >=",
            "p99 < 250             | has no unit after 250; write e.g. \"250ms\" (units: ms, s, us)",
            "p99 < 250 minutes     | has unit \"minutes\"; a time takes ms, s or us",
            "p98 < 250ms           | has an unknown metric \"p98\"",
            "latency < 250ms       | names \"latency\" without a statistic; write e.g. \"latency.p95\"",
            "ttft.p42 < 1s         | has an unknown statistic \"p42\"",
            "success_rate >= 0.99  | has no unit; a rate is a percentage: write e.g. \"success_rate >= 99%\"",
            "success_rate >= 120%  | has 120%; a rate lies between 0% and 100%",
            "throughput > 100ms    | has unit \"ms\"; throughput takes /s",
            "p99 < fast            | has \"fast\" where a number with a unit belongs, e.g. 250ms",
            "p99 <                 | has no value after \"<\"",
            "< 250ms               | has no metric before \"<\"",
            "workers=ten: p99 < 1s | has scope \"workers=ten\"; the scope must be a worker count >= 1",
            "workers=0: p99 < 1s   | has scope \"workers=0\"; the worker count must be >= 1",
            "bucket=3: p99 < 1s    | has an unknown scope \"bucket=3:\"",
            "p99 < -5ms            | has a negative limit -5",
            "success_rate.p99 > 5% | has an unknown metric \"success_rate.p99\"",
            "rate=fast: p99 < 1s   | has scope \"rate=fast\"; the scope must be a target rate",
            "rate=0: p99 < 1s      | has scope \"rate=0\"; the rate must be > 0",
            "service_time < 1s     | names \"service_time\" without a statistic",
    })
    void rejects_malformed_expressions_with_the_problem_and_examples(String expression, String problem) {
        assertThatThrownBy(() -> Threshold.parse(expression))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("threshold \"" + expression.strip() + "\" " + problem)
                .hasMessageEndingWith("Valid examples: p99 < 250ms, success_rate >= 99%, throughput > 100/s, "
                        + "ttft.p95 < 500ms, workers=10: p99 < 300ms, rate=200: service_time.p99 < 100ms");
    }

    @Test
    void parses_a_rate_scope_and_the_service_time() {
        // when
        Threshold t = Threshold.parse("rate=33.333: service_time.p99 < 100ms");
        Threshold withUnit = Threshold.parse("rate=200req/s: p99 < 1s");

        // then
        assertThat(t.rate()).isEqualTo(33.333);
        assertThat(t.workers()).isNull();
        assertThat(t.metric()).isEqualTo(Metric.SERVICE_TIME);
        assertThat(t.statistic()).isEqualTo("p99");
        assertThat(t.scope()).isEqualTo("rate=33.333");
        assertThat(t.label()).isEqualTo("p99 service time at 33.333 req/s");
        assertThat(withUnit.rate()).isEqualTo(200.0);
        assertThat(withUnit.limit()).isEqualTo(1000.0);
    }

    @Test
    void formats_values_without_trailing_zeros() {
        assertThat(Threshold.format(412.3, "ms")).isEqualTo("412.3 ms");
        assertThat(Threshold.format(250, "ms")).isEqualTo("250 ms");
        assertThat(Threshold.format(99.125, "%")).isEqualTo("99.125 %");
        assertThat(Threshold.format(Double.NaN, "ms")).isEqualTo("n/a");
    }
}
