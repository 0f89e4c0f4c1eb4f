package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The OpenAI-compatible request on the wire (what openai-java would send), and how its answers are read. */
@Timeout(60)
class OpenAiChatWireTest {

    private static final String KEY = "sk-wire-5e6f7a8b-secret";
    private static final String HEAD = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
            + "\"model\":\"fake-model\",\"choices\":[";

    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void the_request_carries_the_key_stream_flag_and_usage_option_and_tool_call_and_reasoning_deltas_count() throws Exception {
        // given
        start(exchange -> {
            sse(exchange, HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n"
                    + HEAD + "{\"index\":0,\"delta\":{\"reasoning_content\":\"think\"},\"finish_reason\":null}]}\n\n"
                    + HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"t\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}\n\n"
                    + HEAD + "{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
                    + HEAD + "],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":9,\"total_tokens\":16}}\n\n"
                    + "data: [DONE]\n\n");
        });

        // when
        Exchange ex = execute(KEY, "Explain TCP slow start.");

        // then
        assertThat(ex.failed()).as("%s", ex.errorMessage()).isFalse();
        assertThat(ex.outputChunks()).isEqualTo(2);
        assertThat(ex.outputTokens()).isEqualTo(9);
        assertThat(ex.inputTokens()).isEqualTo(7);
        assertThat(seen).containsEntry("path", "/v1/chat/completions")
                .containsEntry("authorization", "Bearer " + KEY)
                .containsEntry("accept", "text/event-stream")
                .containsEntry("content-type", "application/json");
        JsonNode body = LlmRun.JSON.readTree(seen.get("body"));
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo("fake-model");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("Explain TCP slow start.");
    }

    @Test
    void without_a_key_the_request_says_bearer_empty() throws Exception {
        // given
        start(exchange -> sse(exchange, HEAD + "{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}"
                + "\n\ndata: [DONE]\n\n"));

        // when
        Exchange ex = execute(null, "hi");

        // then
        assertThat(ex.failed()).isFalse();
        assertThat(seen).containsEntry("authorization", "Bearer EMPTY");
    }

    @Test
    void an_error_status_quotes_retry_after_and_the_error_message_without_the_key() throws Exception {
        // given
        start(exchange -> {
            byte[] body = ("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\",\"type\":"
                    + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Retry-After", "3");
            exchange.sendResponseHeaders(401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });

        // when
        Exchange ex = execute(KEY, "hi");

        // then
        assertThat(ex.errorClass()).isEqualTo("http_401");
        assertThat(ex.status()).isEqualTo(401);
        assertThat(ex.errorMessage()).isEqualTo("HTTP 401 (Retry-After: 3): 401: Incorrect API key provided: ***.");
    }

    @Test
    void an_error_status_with_a_body_that_is_not_json_quotes_the_body() throws Exception {
        // given
        start(exchange -> {
            byte[] body = "upstream overloaded".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, 0); // chunked: no length known
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });

        // when
        Exchange ex = execute(KEY, "hi");

        // then
        assertThat(ex.errorClass()).isEqualTo("http_503");
        assertThat(ex.errorMessage()).isEqualTo("HTTP 503: 503: upstream overloaded");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            seen.put("path", exchange.getRequestURI().getPath());
            exchange.getRequestHeaders().forEach((name, values) -> seen.put(name.toLowerCase(), values.get(0)));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            handler.handle(exchange);
            exchange.close();
        });
        server.start();
    }

    private static void sse(HttpExchange exchange, String events) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(events.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Exchange execute(String key, String prompt) throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        var config = LlmRun.config("openai_compatible", base, 1, key == null ? Map.of() : Map.of("auth_token", key));
        try (Target target = new LlmTargetFactory(name -> null).create(config)) {
            Exchange ex = new Exchange();
            ex.reset(LlmRun.JSON.createObjectNode().put("prompt", prompt), 0, 1, Duration.ofSeconds(10).toNanos(),
                    null);
            target.execute(ex);
            return ex;
        }
    }
}
