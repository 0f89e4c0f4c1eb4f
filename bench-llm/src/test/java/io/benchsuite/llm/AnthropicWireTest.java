package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the Anthropic target quotes an error response. */
@Timeout(60)
class AnthropicWireTest {

    private static final String KEY = "sk-ant-wire-9a8b7c6d-secret";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void a_short_chunked_error_body_is_quoted_with_the_echoed_key_replaced() throws Exception {
        // given: a 503 whose chunked body (no length) echoes the request's key
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/messages", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("overloaded; you sent x-api-key " + exchange.getRequestHeaders().getFirst("x-api-key"))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        var config = LlmRun.config("anthropic", base, 1, Map.of("auth_token", KEY));

        // when
        Exchange ex = new Exchange();
        try (Target target = new LlmTargetFactory(name -> null).create(config)) {
            ex.reset(LlmRun.JSON.createObjectNode().put("prompt", "hi"), 0, 1, Duration.ofSeconds(10).toNanos(), null);
            target.execute(ex);
        }

        // then
        assertThat(ex.errorClass()).isEqualTo("http_503");
        assertThat(ex.errorMessage()).isEqualTo("HTTP 503: overloaded; you sent x-api-key ***");
    }
}
