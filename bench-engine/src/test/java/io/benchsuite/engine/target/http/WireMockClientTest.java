package io.benchsuite.engine.target.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.benchsuite.engine.target.http.Requests.json;
import static io.benchsuite.engine.target.http.Requests.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.benchsuite.engine.Exchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireMockClientTest implements Transports {

    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    @Test
    void a_2xx_response_is_a_success_and_the_request_carries_body_and_headers() throws Exception {
        // given
        server.stubFor(post("/orders").willReturn(aResponse().withStatus(201).withBody("{\"ok\":true}")));
        try (SystemApiTransport target = target(url("/orders"), "t0k3n", "$.data", Map.of("X-Team", "checkout"), false,
                null, new ArrayList<>())) {

            // when
            Exchange ex = send(target, json("{\"data\":{\"sku\":\"A-1\",\"qty\":2},\"meta\":1}"), Duration.ofSeconds(5));

            // then
            assertThat(ex.failed()).isFalse();
            assertThat(ex.status()).isEqualTo(201);
            server.verify(1, postRequestedFor(urlEqualTo("/orders"))
                    .withHeader("Authorization", equalTo("Bearer t0k3n"))
                    .withHeader("Content-Type", equalTo("application/json"))
                    .withHeader("X-Team", equalTo("checkout"))
                    .withRequestBody(equalToJson("{\"sku\":\"A-1\",\"qty\":2}")));
        }
    }

    @Test
    void no_authorization_header_is_sent_without_a_token() throws Exception {
        // given
        server.stubFor(post("/x").willReturn(aResponse().withStatus(200)));
        try (SystemApiTransport target = target(url("/x"), "", null, Map.of(), false, null, new ArrayList<>())) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.failed()).isFalse();
            server.verify(1, postRequestedFor(urlEqualTo("/x")).withHeader("Authorization", absent()));
        }
    }

    @ParameterizedTest
    @CsvSource({"400", "404", "429", "500", "503"})
    void a_non_2xx_status_is_a_failure_of_class_http_status_with_a_body_sample(int status) throws Exception {
        // given
        server.stubFor(post("/x").willReturn(aResponse().withStatus(status).withBody("no luck " + "z".repeat(2000))));
        try (SystemApiTransport target = target(url("/x"))) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.failed()).isTrue();
            assertThat(ex.errorClass()).isEqualTo("http_" + status);
            assertThat(ex.status()).isEqualTo(status);
            assertThat(ex.errorMessage()).startsWith("HTTP " + status + ": no luck zzz")
                    .hasSize(("HTTP " + status + ": ").length() + HttpProtocol.ERROR_SAMPLE_BYTES);
        }
    }

    @Test
    void successive_requests_reuse_one_keep_alive_connection() throws Exception {
        // given
        server.stubFor(post("/x").willReturn(aResponse().withStatus(200).withBody("ok")));
        try (SystemApiTransport target = target(url("/x"))) {

            // when
            List<Exchange> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(send(target));
            }

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.failed()).isFalse());
            assertThat(target.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void a_response_slower_than_the_timeout_is_a_timeout_ended_at_the_deadline() throws Exception {
        // given
        server.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        try (SystemApiTransport target = target(url("/slow"))) {

            // when
            long start = System.nanoTime();
            Exchange ex = send(target, json("{}"), Duration.ofMillis(300));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // then: not before its deadline, and before the response (3 s) came
            assertThat(ex.failed()).isTrue();
            assertThat(ex.errorClass()).isEqualTo("timeout");
            assertThat(ex.errorMessage()).endsWith(" (127.0.0.1:" + server.port() + ")");
            assertThat(elapsedMs).isBetween(250L, 2_999L);
        }
    }

    @Test
    void a_delayed_response_within_the_timeout_succeeds() throws Exception {
        // given
        server.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(100)));
        try (SystemApiTransport target = target(url("/slow"))) {

            // when
            Exchange ex = send(target, json("{}"), Duration.ofSeconds(5));

            // then
            assertThat(ex.failed()).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource({"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
    void injected_faults_are_io_errors_and_the_next_request_succeeds(Fault fault) throws Exception {
        // given
        server.stubFor(post("/fault").willReturn(aResponse().withFault(fault)));
        server.stubFor(post("/ok").willReturn(aResponse().withStatus(200)));
        try (SystemApiTransport faulty = target(url("/fault")); SystemApiTransport healthy = target(url("/ok"))) {

            // when
            Exchange failed = send(faulty);
            Exchange failedAgain = send(faulty);
            Exchange ok = send(healthy);

            // then
            assertThat(failed.failed()).isTrue();
            assertThat(failed.errorClass()).isEqualTo("io_error");
            assertThat(failed.errorMessage()).endsWith(" (127.0.0.1:" + server.port() + ")");
            assertThat(failedAgain.errorClass()).isEqualTo("io_error");
            assertThat(ok.failed()).isFalse();
            assertThat(faulty.openConnections()).isZero();
        }
    }

    @Test
    void a_refused_connection_is_a_connect_error() throws Exception {
        // given
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (SystemApiTransport target = target("http://127.0.0.1:" + port + "/x")) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.failed()).isTrue();
            assertThat(ex.errorClass()).isEqualTo("connect_error");
            assertThat(ex.errorMessage()).isEqualTo("ConnectException: Connection refused (127.0.0.1:" + port + ")");
        }
    }

    @Test
    void a_host_that_does_not_resolve_is_a_dns_error_naming_host_and_port() throws Exception {
        // given: .invalid never resolves (RFC 6761)
        try (SystemApiTransport target = target("http://no-such-host.invalid:8123/x?api_key=s3cr3t-value")) {

            // when
            Exchange ex = send(target);

            // then: where it went, never the query (which may hold a secret)
            assertThat(ex.errorClass()).isEqualTo("dns_error");
            assertThat(ex.errorMessage()).endsWith(" (no-such-host.invalid:8123)").doesNotContain("s3cr3t");
        }
    }
}
