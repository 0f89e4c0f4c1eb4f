package io.benchsuite.it.junit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.benchsuite.junit.LoadTestAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.benchsuite.result.Stats;
import io.benchsuite.junit.LoadTest;
import io.benchsuite.junit.LoadTestResult;
import io.benchsuite.junit.LoadTestValue;
import io.benchsuite.junit.Threshold;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * The config form against a real HTTP server (docs/junit.md, "Built-in targets"): the load is sent by the
 * {@code system_api} target of {@code junit/orders-api.json}; the method runs once afterwards with the result.
 * WireMock answers after 25 ms; the endpoint (a free port) is given to this test only, with
 * {@code set = "endpoint=${orders.url}/orders"} and a {@code @LoadTestValue}. The upper bounds are loose on
 * purpose: CI machines are shared.
 */
class SystemApiIT {

    static WireMockServer server;

    @BeforeAll
    static void start_the_orders_api() throws IOException {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/orders")).willReturn(aResponse().withStatus(201).withFixedDelay(25)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":1}")));
        WarmUp.run("junit/orders-api.json", Map.of("endpoint", server.baseUrl() + "/orders"), 20);
        server.resetRequests();
    }

    @AfterAll
    static void stop_the_orders_api() {
        server.stop();
    }

    @LoadTestValue("orders.url")
    static String ordersUrl() {
        return server.baseUrl();
    }

    @Timeout(90) // a load that does not end must not hang the build
    @LoadTest(config = "junit/orders-api.json", set = "endpoint=${orders.url}/orders")
    @Threshold("workers=4: p50 < 250ms")
    void ordersApi(LoadTestResult result) {
        assertThat(result).isCompleted().hasPassedThresholds();
        assertThat(result.buckets()).extracting(Stats::workers).containsExactly(1, 2, 3, 4);
        for (Stats bucket : result.buckets()) {
            assertThat(result).atWorkers(bucket.workers()).latency().p50()
                    .isBetween(Duration.ofMillis(25), Duration.ofMillis(1000));
        }
        assertThat(result).overall().hasNoErrors().successRate().isAtLeast(100.0);
        // json_path "$.order": each request's body is the "order" part of its dataset record
        server.verify((int) result.overall().requests(), postRequestedFor(urlEqualTo("/orders")));
        server.verify(postRequestedFor(urlEqualTo("/orders"))
                .withRequestBody(equalToJson("{\"sku\": \"apple\", \"quantity\": 1}")));
    }
}
