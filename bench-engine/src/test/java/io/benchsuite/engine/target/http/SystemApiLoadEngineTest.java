package io.benchsuite.engine.target.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.benchsuite.engine.target.http.Requests.config;
import static io.benchsuite.engine.target.http.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.dataset.Dataset;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.RunSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemApiLoadEngineTest {

    @Test
    void a_run_through_the_load_engine_records_successes_and_classified_failures() throws Exception {
        // given: the third record lacks "order", so a third of the requests send the whole record
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            server.stubFor(post("/orders").willReturn(aResponse().withStatus(200).withFixedDelay(5)));
            var factory = new SystemApiTargetFactory();
            var cfg = config("{\"benchmark_type\":\"system_api\",\"endpoint\":\"http://127.0.0.1:" + server.port()
                    + "/orders\",\"json_path\":\"$.order\"}");
            Dataset dataset = Dataset.of(List.of(json("{\"order\":{\"id\":1}}"), json("{\"order\":{\"id\":2}}"),
                    json("{\"no_order\":3}")));
            try (Target target = factory.create(cfg)) {
                RunSpec spec = RunSpec.builder(target, LoadPlan.constant(4, Duration.ofSeconds(1)).withTotalRequests(300))
                        .withDataset(dataset).withTimeout(Duration.ofSeconds(5))
                        .withTargetDescription(factory.describe(cfg)).build();

                // when
                RunResult result = LoadEngine.run(spec);

                // then
                assertThat(result.overall().requests()).isPositive();
                assertThat(result.overall().failures()).isZero();
                assertThat(result.overall().successes()).isEqualTo(result.overall().requests());
                server.verify((int) result.overall().requests(), postRequestedFor(urlEqualTo("/orders")));
                assertThat(((SystemApiTransport) target).jsonPathFallbacks())
                        .isBetween(result.overall().requests() / 3 - 1, result.overall().requests() / 3 + 1);
                assertThat(((SystemApiTransport) target).openConnections()).isBetween(1, 4);
                assertThat(result.environment().workerThreads()).isEqualTo("event_loop");
                long fallbacks = ((SystemApiTransport) target).jsonPathFallbacks();
                assertThat(result.notes()).containsExactly("json_path \"$.order\" matched nothing in the records of "
                        + fallbacks + " requests (warm-up included), which sent the whole record instead");
            }
        } finally {
            server.stop();
        }
    }
}
