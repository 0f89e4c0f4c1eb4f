package io.benchsuite.engine.target.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchsuite.engine.ErrorClass;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.config.Secrets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code system_api} protocol both transports carry: the request bytes for each dataset record, and how a
 * response becomes an outcome (2xx a success, any other status a failure of class {@code http_<status>} with a
 * scrubbed sample of the body; the body itself is discarded).
 */
final class SystemApi implements HttpProtocol {

    private static final JsonNode EMPTY_RECORD = JsonNodeFactory.instance.objectNode();

    private final Payloads payloads;
    private final String jsonPath;
    /** Values scrubbed from error samples (a server may echo request headers in an error body). */
    private final Secrets secrets;

    /**
     * @param authToken     the {@code auth_token} (see {@link BearerToken}), may be null
     * @param jsonPath      the {@code json_path}, may be null
     * @param headers       extra headers
     * @param warnings      receives one-time warnings (json_path fallback)
     * @param secrets       the config's secrets ({@link io.benchsuite.engine.TargetFactory#secrets}); the token is
     *                      added
     */
    SystemApi(HttpEndpoint endpoint, String authToken, String jsonPath, Map<String, String> headers,
              Consumer<String> warnings, Secrets secrets) {
        String authorization = BearerToken.authorization(authToken);
        this.payloads = new Payloads(RequestTemplate.of("POST", endpoint, authorization, headers), jsonPath, warnings);
        this.jsonPath = jsonPath;
        this.secrets = authorization == null ? secrets
                : secrets.and(List.of(authorization.substring("Bearer ".length())));
    }

    /** The complete request for the exchange's record (cached per record). */
    @Override
    public byte[] request(Exchange exchange) {
        JsonNode record = exchange.record();
        return payloads.request(record == null ? EMPTY_RECORD : record);
    }

    /** Records the outcome of a complete response on {@code exchange}. */
    @Override
    public void outcome(Exchange exchange, BodyReader reader, Response response) {
        int status = response.status();
        if (status >= 200 && status <= 299) {
            exchange.success(status);
            return;
        }
        String sample = response.sampleCut() ? secrets.scrubCut(response.sample()) : secrets.scrub(response.sample());
        String head = ErrorClass.httpStatus(status, response.retryAfter());
        exchange.failure(ErrorClass.http(status), status, sample.isEmpty() ? head : head + ": " + sample);
    }

    /** Requests that sent the whole record because {@code json_path} matched nothing in it. */
    long jsonPathFallbacks() {
        return payloads.fallbacks();
    }

    /** The run's notes: how many requests sent the whole record because {@code json_path} matched nothing. */
    @Override
    public List<String> notes() {
        long n = payloads.fallbacks();
        if (n == 0) {
            return List.of();
        }
        return List.of("json_path \"" + jsonPath + "\" matched nothing in the records of " + n + " request"
                + (n == 1 ? "" : "s") + " (warm-up included), which sent the whole record instead");
    }
}
