package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Prometheus text into the documented series, with the scrape times given (no clock). */
class ServerMetricsTest {

    private static final String VLLM = """
            # HELP vllm:num_requests_running Number of requests in model execution batches.
            # TYPE vllm:num_requests_running gauge
            vllm:num_requests_running{engine="0",model_name="m"} 3.0
            vllm:num_requests_running{engine="1",model_name="m"} 2.0
            vllm:num_requests_waiting{engine="0",model_name="m"} 7.0
            vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.25
            vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.5
            vllm:generation_tokens_total{model_name="m \\"quoted} brace\\""} %s
            vllm:prompt_tokens_total{model_name="m"} 1e3
            not a metric line
            """;

    @Test
    void prometheus_text_samples_are_read_by_name_with_labels_dropped() {
        // when
        Map<String, List<Double>> samples = PrometheusText.parse(VLLM.formatted("100"));

        // then
        assertThat(samples.get("vllm:num_requests_running")).containsExactly(3.0, 2.0);
        assertThat(samples.get("vllm:generation_tokens_total")).containsExactly(100.0);
        assertThat(samples.get("vllm:prompt_tokens_total")).containsExactly(1000.0);
        assertThat(samples).doesNotContainKey("not");
    }

    @Test
    void gauges_are_summed_or_maxed_and_counters_become_rates_between_two_scrapes() {
        // given
        ServerMetrics metrics = ServerMetrics.start("http://127.0.0.1:9/metrics");
        metrics.close(); // only its parsing is used here

        // when: two scrapes 2 s apart, 100 then 500 generated tokens
        Map<String, Double> first = metrics.series(PrometheusText.parse(VLLM.formatted("100")), 1_000_000_000L);
        Map<String, Double> second = metrics.series(PrometheusText.parse(VLLM.formatted("500")), 3_000_000_000L);

        // then
        assertThat(first).containsEntry("running_requests", 5.0).containsEntry("waiting_requests", 7.0)
                .containsEntry("kv_cache_usage", 0.5).doesNotContainKey("generation_tokens_per_second");
        assertThat(second).containsEntry("generation_tokens_per_second", 200.0)
                .containsEntry("prompt_tokens_per_second", 0.0);
    }
}
