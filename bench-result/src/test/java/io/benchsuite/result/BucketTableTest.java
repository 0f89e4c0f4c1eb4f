package io.benchsuite.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The printed table's LLM columns: TTFO when the model reasoned, the cost when the config had prices. */
class BucketTableTest {

    private static Stats llm(Integer workers, Long reasoning, Double cost) {
        Distribution ttft = new Distribution(100, 110, 110, 115, 120, 125, 130, 131, 140);
        Distribution ttfo = new Distribution(200, 210, 210, 215, 220, 225, 230, 231, 240);
        return new Stats(workers, workers == null ? null : List.of(0.0, 10.0), 10, 10, 0, 100, 1, ttft, Map.of(),
                ttft, ttft, ttft, 90L, 100L, 9.0, null, null, null, null, null, null, null, null, null, ttfo, null, reasoning,
                null, "usage", cost);
    }

    private static RunResult run(Stats bucket, Stats overall) {
        return new RunResult(RunResult.SCHEMA_VERSION, "r", "o", "llm_api", "n", RunResult.Status.completed, "t",
                Instant.EPOCH, Instant.EPOCH, 10, null, null, overall, List.of(bucket), List.of(), List.of(), Map.of(),
                List.of());
    }

    @Test
    void a_reasoning_model_with_prices_gets_ttfo_and_cost_columns() {
        // when
        String table = BucketTable.format(run(llm(2, 50L, 0.001234), llm(null, 50L, 0.001234)));

        // then
        String header = table.lines().findFirst().orElseThrow();
        assertThat(header).contains("ttfo p50", "ttfo p99", "cost $");
        assertThat(table.lines().filter(l -> l.strip().startsWith("all")).findFirst().orElseThrow())
                .contains("210.0", "230.0", "0.001234");
    }

    @Test
    void a_model_that_did_not_reason_and_no_prices_keep_the_table_as_it_was() {
        // when
        String table = BucketTable.format(run(llm(2, 0L, null), llm(null, 0L, null)));

        // then
        assertThat(table.lines().findFirst().orElseThrow()).doesNotContain("ttfo").doesNotContain("cost");
    }
}
