package io.benchsuite.engine.target.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.config.BenchConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/** Test helpers: build targets and send single requests the way the engine does. */
final class Requests {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Requests() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static BenchConfig config(String json) {
        return BenchConfig.of("test.json", null, (ObjectNode) json(json));
    }

    /** Sends one request with {@code record} through {@code target} and returns the finished exchange. */
    static Exchange send(Target target, JsonNode record, Duration timeout) throws Exception {
        Exchange ex = new Exchange();
        ex.reset(record, 0, 1, timeout.toNanos(), null);
        target.execute(ex);
        target.workerStopped(ex); // like a worker that sends one request: its connection goes back to the pool
        return ex;
    }

    static Exchange send(Target target) throws Exception {
        return send(target, json("{\"a\":1}"), Duration.ofSeconds(5));
    }

    /** A plain target for {@code url}, on threads or on the event loop. */
    static SystemApiTransport target(String url, boolean eventLoop) {
        return target(url, null, null, Map.of(), false, null, new CopyOnWriteArrayList<>(), eventLoop);
    }

    static SystemApiTarget target(String url, String token, String jsonPath, Map<String, String> headers,
                                  boolean insecure, SSLContext tls, List<String> warnings) {
        return new SystemApiTarget(HttpEndpoint.parse(url), token, jsonPath, headers, insecure, tls, warnings::add,
                secretHeaderValues(headers));
    }

    static SystemApiTransport target(String url, String token, String jsonPath, Map<String, String> headers,
                                     boolean insecure, SSLContext tls, List<String> warnings, boolean eventLoop) {
        if (!eventLoop) {
            return target(url, token, jsonPath, headers, insecure, tls, warnings);
        }
        return new SystemApiLoopTarget(HttpEndpoint.parse(url), token, jsonPath, headers, insecure, tls, warnings::add,
                secretHeaderValues(headers), 2);
    }

    /** The secrets a config with these headers and {@code "secret_headers": ["X-Secret"]} has. */
    private static io.benchsuite.engine.config.Secrets secretHeaderValues(Map<String, String> headers) {
        java.util.List<String> values = new java.util.ArrayList<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("x-secret") || io.benchsuite.engine.config.BenchConfig.SECRET_HEADERS.contains(lower)) {
                values.add(value);
            }
        });
        return io.benchsuite.engine.config.Secrets.of(values);
    }
}
