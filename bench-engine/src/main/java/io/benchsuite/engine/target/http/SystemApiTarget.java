package io.benchsuite.engine.target.http;

import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The {@code system_api} target on threads ({@code worker_threads: platform} or {@code virtual}, and {@code auto}
 * for an {@code https://} endpoint): POSTs each dataset record (or the part {@code json_path} selects) as JSON to
 * the endpoint; 2xx is a success, any other status a failure of class {@code http_<status>}, and exceptions map to
 * {@code timeout}, {@code connect_error}, {@code dns_error}, {@code tls_error} or {@code io_error}
 * ({@link SystemApi}, carried by {@link HttpThreadTarget}).
 *
 * <p>Implementation notes: the request bytes are precomputed per record ({@link Payloads}), so a request is one
 * cached-array lookup, one socket write and a byte-level parse of the response on the worker's own keep-alive
 * connection; nothing is logged or formatted unless the request failed.
 */
final class SystemApiTarget extends HttpThreadTarget implements SystemApiTransport {

    private final SystemApi api;

    /**
     * @param authToken  the {@code auth_token} (see {@link BearerToken}), may be null
     * @param jsonPath   the {@code json_path}, may be null
     * @param headers    extra headers
     * @param insecure   {@code insecure_tls}: accept any certificate and host name
     * @param sslContext TLS context for https (null: JDK default trust store)
     * @param warnings   receives one-time warnings (json_path fallback)
     * @param secrets    the config's secrets, scrubbed from error samples with the token
     */
    SystemApiTarget(HttpEndpoint endpoint, String authToken, String jsonPath, Map<String, String> headers,
                    boolean insecure, SSLContext sslContext, Consumer<String> warnings,
                    io.benchsuite.engine.config.Secrets secrets) {
        this(endpoint, new SystemApi(endpoint, authToken, jsonPath, headers, warnings, secrets), insecure, sslContext);
    }

    private SystemApiTarget(HttpEndpoint endpoint, SystemApi api, boolean insecure, SSLContext sslContext) {
        super(endpoint, api, insecure, sslContext);
        this.api = api;
    }

    @Override
    public SystemApi api() {
        return api;
    }
}
