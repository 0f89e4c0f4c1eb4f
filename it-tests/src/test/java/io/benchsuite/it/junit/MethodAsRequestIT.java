package io.benchsuite.it.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.junit.DatasetRecord;
import io.benchsuite.junit.LoadTest;
import io.benchsuite.junit.RequestContext;
import io.benchsuite.junit.Threshold;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * The method-as-request form (docs/junit.md, "Your first load test"): the method is one request; its dataset
 * record comes typed; an exception is a failed request. The fake service takes 20 ms per order, so every bucket's
 * median must be near 20 ms whatever the worker level (bounds are tolerant: the CI machine is shared).
 */
class MethodAsRequestIT {

    static final FakeOrderService ORDERS = new FakeOrderService(Duration.ofMillis(20));

    @Timeout(90) // a load that does not end must not hang the build
    @LoadTest(minLoad = 1, maxLoad = 4, rampSeconds = 4, holdSeconds = 1, dataset = "junit/orders.json",
            jsonPath = "$.order")
    @Threshold("workers=1: p50 >= 19ms")
    @Threshold("workers=1: p50 < 200ms")
    @Threshold("workers=4: p50 >= 19ms")
    @Threshold("workers=4: p50 < 200ms")
    @Threshold("success_rate >= 85%")
    @Threshold("error_rate < 15%")
    void placeOrder(DatasetRecord record, RequestContext request) throws Exception {
        // one record in ten has quantity 0: the service throws, the request counts as failed, the test goes on
        ORDERS.place(record.as(FakeOrderService.Order.class));
    }

    @AfterAll
    static void every_worker_level_has_its_bucket_and_failures_are_classified() throws IOException {
        Path dir = Path.of(LoadTest.DEFAULT_OUTPUT_DIR, "MethodAsRequestIT", "placeOrder");
        RunResult result;
        try (Stream<Path> runs = Files.list(dir)) {
            Path latest = runs.filter(p -> Files.exists(p.resolve("result.json"))).max(Path::compareTo).orElseThrow();
            result = ResultJson.read(latest);
        }
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2, 3, 4);
        for (Stats bucket : result.buckets()) {
            assertThat(bucket.latencyMs().p50()).as("p50 at %d workers", bucket.workers()).isBetween(19.0, 200.0);
        }
        assertThat(result.overall().errors()).containsOnlyKeys("IllegalArgumentException");
        assertThat(result.overall().successes()).isEqualTo(ORDERS.placed());
        assertThat(List.of("result.json", "requests.jsonl.gz", "report.html"))
                .allSatisfy(f -> assertThat(dir.resolve(result.runId()).resolve(f)).isNotEmptyFile());
    }
}
