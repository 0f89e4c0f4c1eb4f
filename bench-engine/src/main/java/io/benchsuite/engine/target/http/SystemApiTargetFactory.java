package io.benchsuite.engine.target.http;

import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.WorkerThreads;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.dataset.JsonPathSelector;
import java.util.Map;
import java.util.Set;

/**
 * Creates the {@code system_api} target: a JSON POST per request to an HTTP(S) endpoint.
 *
 * <p>Config keys (besides the common ones):
 * <table>
 *   <caption>system_api keys</caption>
 *   <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@value #ENDPOINT}</td><td>string</td><td>required</td><td>{@code http://} or {@code https://} URL</td></tr>
 *   <tr><td>{@value #AUTH_TOKEN}</td><td>string</td><td>none</td><td>sent as {@code Authorization: Bearer <token>};
 *       no header when empty; a token that already starts with {@code Bearer } is sent as is</td></tr>
 *   <tr><td>{@value #JSON_PATH}</td><td>string</td><td>{@code $}</td><td>JSONPath selecting the payload from
 *       each dataset record; when it matches nothing, the whole record is sent (counted, warned once)</td></tr>
 *   <tr><td>{@value #HEADERS}</td><td>object of strings</td><td>{}</td><td>headers added to, or replacing,
 *       the defaults</td></tr>
 *   <tr><td>{@value #INSECURE_TLS}</td><td>boolean</td><td>false</td><td>accept any server certificate and
 *       host name (testing only)</td></tr>
 * </table>
 */
public final class SystemApiTargetFactory implements TargetFactory {

    public static final String BENCHMARK_TYPE = "system_api";
    public static final String ENDPOINT = "endpoint";
    public static final String AUTH_TOKEN = "auth_token";
    public static final String JSON_PATH = "json_path";
    public static final String HEADERS = "headers";
    public static final String INSECURE_TLS = "insecure_tls";

    public SystemApiTargetFactory() {
    }

    @Override
    public String benchmarkType() {
        return BENCHMARK_TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of(ENDPOINT, AUTH_TOKEN, JSON_PATH, HEADERS, INSECURE_TLS);
    }

    /** One keep-alive connection per worker. */
    @Override
    public int connectionsPerWorker() {
        return 1;
    }

    @Override
    public Set<String> secretKeys() {
        return Set.of(AUTH_TOKEN);
    }

    @Override
    public void validate(BenchConfig config) {
        endpoint(config);
        config.optionalString(AUTH_TOKEN);
        JsonPathSelector.compile(config, JSON_PATH);
        headers(config);
        config.optionalBoolean(INSECURE_TLS);
    }

    /**
     * {@code worker_threads} {@code event_loop}, or {@code auto} with an {@code http://} endpoint ({@code auto}
     * keeps {@code https://} on threads for now; {@code event_loop} runs TLS on the loop).
     */
    @Override
    public boolean eventLoop(BenchConfig config) {
        WorkerThreads threads = WorkerThreads.from(config);
        return threads == WorkerThreads.EVENT_LOOP || (threads == WorkerThreads.AUTO && !endpoint(config).secure());
    }

    @Override
    public Target create(BenchConfig config) {
        validate(config);
        if (eventLoop(config)) {
            return new SystemApiLoopTarget(endpoint(config), config.optionalString(AUTH_TOKEN).orElse(null),
                    config.optionalString(JSON_PATH).orElse(null), headers(config),
                    config.optionalBoolean(INSECURE_TLS).orElse(false), null, SystemApiTargetFactory::warn,
                    secrets(config), Runtime.getRuntime().availableProcessors());
        }
        return new SystemApiTarget(endpoint(config), config.optionalString(AUTH_TOKEN).orElse(null),
                config.optionalString(JSON_PATH).orElse(null), headers(config),
                config.optionalBoolean(INSECURE_TLS).orElse(false), null,
                SystemApiTargetFactory::warn, secrets(config));
    }

    @Override
    public String describe(BenchConfig config) {
        String line = "POST " + config.requiredString(ENDPOINT).strip();
        return config.optionalBoolean(INSECURE_TLS).orElse(false)
                ? line + " (insecure_tls: certificates not verified)" : line;
    }

    /** One-time warnings (never per request): a single line on stderr. */
    private static void warn(String message) {
        System.err.println("warning: " + message);
    }

    private static HttpEndpoint endpoint(BenchConfig config) {
        String url = config.requiredString(ENDPOINT);
        try {
            return HttpEndpoint.parse(url);
        } catch (IllegalArgumentException e) {
            throw config.error(ENDPOINT, "(\"" + url + "\") " + e.getMessage());
        }
    }

    private static Map<String, String> headers(BenchConfig config) {
        Map<String, String> headers = config.stringMap(HEADERS);
        headers.forEach((name, value) -> {
            String problem = RequestTemplate.checkHeader(name, value);
            if (problem != null) {
                throw config.error(HEADERS, problem);
            }
        });
        return headers;
    }
}
