package io.benchsuite.it.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.benchsuite.demo.FakeLlmServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each target run by a real {@code bench run} with unique credentials, against servers that accept them and
 * servers that echo them back in their 401 bodies: no credential appears in any file under the output directory
 * (result.json, requests.jsonl.gz decompressed, report.html) nor in the captured stdout and stderr.
 */
class SecretsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final String token = "tok-" + UUID.randomUUID();
    private final String headerSecret = "hdr-" + UUID.randomUUID();

    private ObjectNode systemApi(String endpoint) {
        ObjectNode c = JSON.createObjectNode();
        c.put("benchmark_type", "system_api");
        c.put("endpoint", endpoint);
        c.put("auth_token", token);
        c.putObject("headers").put("X-Internal-Signature", headerSecret).put("X-Team", "checkout");
        c.putArray("secret_headers").add("X-Internal-Signature");
        return common(c);
    }

    private ObjectNode llm(String provider, String baseUrl) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("benchmark_type", "llm_api");
        c.put("provider", provider);
        c.put("base_url", baseUrl);
        c.put("model", "fake-model");
        c.put("max_tokens", 16);
        c.put("auth_token", token);
        Path prompts = dir.resolve("prompts.json");
        Files.writeString(prompts, "[{\"prompt\": \"hi\"}, {\"prompt\": \"#fault=http_500\"},"
                + " {\"prompt\": \"#fault=stream_error\"}, {\"prompt\": \"#fault=truncate\"}]");
        c.put("dataset", prompts.toString());
        return common(c);
    }

    private static ObjectNode common(ObjectNode c) {
        c.put("min_load", 2);
        c.put("max_load", 2);
        c.put("enable_ramping", false);
        c.put("duration_seconds", 30);
        c.put("total_requests", 24);
        c.put("timeout", 5);
        return c;
    }

    /** Runs {@code config} through a bench subprocess; returns every artifact and captured output, as text. */
    private List<String> runAndCollect(ObjectNode config, String runId) throws Exception {
        config.put("benchmark_run_id", runId);
        Path file = dir.resolve(runId + ".json");
        Files.writeString(file, config.toPrettyString());
        Path out = dir.resolve("out");
        BenchProcess bench = BenchProcess.start(dir, "run", "--config", file.toString(), "--out", out.toString());
        int code = bench.waitFor(120);
        String stderr = Files.readString(bench.stderr);
        assertThat(code).as(stderr).isIn(0, 1);
        List<String> texts = new ArrayList<>(List.of(Files.readString(bench.stdout), stderr));
        Path runDir = out.resolve(runId);
        assertThat(runDir.resolve("result.json")).exists();
        assertThat(runDir.resolve("requests.jsonl.gz")).exists();
        assertThat(runDir.resolve("report.html")).exists();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                texts.add(text(f));
            }
        }
        return texts;
    }

    private void assertNoSecret(List<String> texts) {
        for (String t : texts) {
            assertThat(t).doesNotContain(token).doesNotContain(headerSecret);
        }
    }

    @Test
    void system_api_token_and_secret_header_reach_the_server_but_no_artifact() throws Exception {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            // given
            server.stubFor(post(urlEqualTo("/api")).willReturn(aResponse().withStatus(200).withBody("{}")));

            // when
            List<String> texts = runAndCollect(systemApi(server.baseUrl() + "/api"), "sys-ok");

            // then
            server.verify(24, postRequestedFor(urlEqualTo("/api"))
                    .withHeader("Authorization", equalTo("Bearer " + token))
                    .withHeader("X-Internal-Signature", equalTo(headerSecret)));
            assertNoSecret(texts);
            assertThat(String.join("\n", texts)).contains("checkout"); // a header that is not secret is kept
        } finally {
            server.stop();
        }
    }

    @Test
    void system_api_credentials_echoed_in_401_bodies_are_scrubbed_from_error_samples() throws Exception {
        try (EchoAuthServer server = new EchoAuthServer()) {
            // when
            List<String> texts = runAndCollect(systemApi(server.baseUrl() + "/api"), "sys-echo");

            // then
            assertThat(server.seen()).contains("Bearer " + token, headerSecret);
            assertThat(String.join("\n", texts)).contains("http_401").contains("invalid credentials");
            assertNoSecret(texts);
        }
    }

    @Test
    void llm_api_key_reaches_the_server_but_no_artifact_with_failing_streams() throws Exception {
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(5, 1, 4))) {
            // when
            List<String> texts = runAndCollect(llm("openai_compatible", server.baseUrl()), "llm-ok");

            // then
            assertThat(server.requests()).isGreaterThanOrEqualTo(24);
            assertNoSecret(texts);
        }
    }

    @Test
    void llm_api_keys_echoed_in_401_bodies_are_scrubbed_for_both_wire_protocols() throws Exception {
        try (EchoAuthServer server = new EchoAuthServer()) {
            // when
            List<String> openai = runAndCollect(llm("openai_compatible", server.baseUrl() + "/v1"), "llm-echo-openai");
            List<String> anthropic = runAndCollect(llm("anthropic", server.baseUrl()), "llm-echo-anthropic");

            // then
            assertThat(server.seen()).contains("Bearer " + token, token);
            assertThat(String.join("\n", openai)).contains("http_401");
            assertThat(String.join("\n", anthropic)).contains("http_401");
            assertNoSecret(openai);
            assertNoSecret(anthropic);
        }
    }

    @Test
    void a_token_echoed_across_the_end_of_the_error_sample_leaves_none_of_its_characters() throws Exception {
        // given a server that echoes "Bearer <token>" 40 bytes before the end of the 512-byte sample
        try (EchoAuthServer server = new EchoAuthServer(EchoAuthServer.Echo.AT_SAMPLE_BOUNDARY)) {
            // when
            List<String> texts = runAndCollect(systemApi(server.baseUrl() + "/api"), "sys-cut");

            // then the sample was cut inside the token, and what was kept of it is gone too
            String all = String.join("\n", texts);
            assertThat(all).contains("http_401").contains("invalid credentials");
            assertNoSecret(texts);
            assertThat(all).doesNotContain(token.substring(0, 12));
        }
    }

    @Test
    void a_token_with_a_quote_echoed_json_escaped_is_scrubbed() throws Exception {
        // given a token the server's JSON echo escapes
        String quoted = "tok\"" + UUID.randomUUID();
        try (EchoAuthServer server = new EchoAuthServer(EchoAuthServer.Echo.JSON_ESCAPED)) {
            ObjectNode config = systemApi(server.baseUrl() + "/api");
            config.put("auth_token", quoted);

            // when
            List<String> texts = runAndCollect(config, "sys-json-echo");

            // then
            assertThat(server.seen()).contains("Bearer " + quoted);
            for (String t : texts) {
                assertThat(t).doesNotContain(quoted.substring(4)).doesNotContain(quoted);
            }
        }
    }

    @Test
    void an_api_key_in_the_endpoints_query_string_reaches_the_server_but_no_artifact() throws Exception {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        try {
            // given
            server.stubFor(post(urlEqualTo("/api?team=checkout&api_key=" + token))
                    .willReturn(aResponse().withStatus(500).withBody("bad key " + token)));

            // when
            List<String> texts = runAndCollect(systemApi(server.baseUrl() + "/api?team=checkout&api_key=" + token),
                    "sys-query");

            // then the URL is shown with the key replaced, and the echo is scrubbed
            server.verify(24, postRequestedFor(urlEqualTo("/api?team=checkout&api_key=" + token)));
            assertNoSecret(texts);
            assertThat(String.join("\n", texts)).contains("/api?team=checkout&api_key=***").contains("bad key ***");
        } finally {
            server.stop();
        }
    }

    private static String text(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
