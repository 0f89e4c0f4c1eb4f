package io.benchsuite.llm;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.config.Secrets;
import io.benchsuite.engine.target.http.HttpProtocol;
import io.benchsuite.engine.target.http.RequestTemplate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One LLM wire protocol as both transports carry it ({@code HttpThreadTarget} on threads, {@code HttpLoopTarget} on
 * event loops): the URL, headers and body of a streaming request, the reader of its event stream, and how a
 * non-200 is quoted. Everything else — sending, reading with arrival times, deadlines, failures — is the
 * transport's, the same for every provider.
 *
 * <ul>
 *   <li>{@link #openAi}: {@code POST {base_url}/chat/completions} with {@code Authorization: Bearer <key>}
 *       ({@code EMPTY} without a key), the body openai-java would send ({@link ChatBody}), read by
 *       {@link ChatChunkReader}; an error body's {@code error.message} is quoted.</li>
 *   <li>{@link #anthropic}: {@code POST} to the Messages URL with {@code x-api-key} and {@code anthropic-version},
 *       the body of {@link AnthropicBody}, read by {@link AnthropicStreamReader}; an error body is quoted as sent.</li>
 * </ul>
 *
 * <p>No retries besides the transports' stale-connection rule (a load test must see every 429/5xx).
 */
final class LlmProtocol implements HttpProtocol {

    /** The {@code anthropic-version} header every Messages request carries. */
    static final String ANTHROPIC_VERSION = "2023-06-01";
    /**
     * How much of a non-200 body is read for its error sample: enough for an OpenAI error object (pretty-printed,
     * often more than 512 bytes) to parse, so that its {@code error.message} can be quoted.
     */
    static final int ERROR_SAMPLE_BYTES = 4096;

    private final String url;
    private final RequestTemplate post;
    private final java.util.function.BiFunction<String, com.fasterxml.jackson.databind.JsonNode, byte[]> bodies;
    private final Supplier<StreamReader> readers;
    private final Outcomes.ErrorBody errorBody;
    private final Secrets secrets;

    private LlmProtocol(String url, Map<String, String> headers,
                        java.util.function.BiFunction<String, com.fasterxml.jackson.databind.JsonNode, byte[]> bodies,
                        Supplier<StreamReader> readers, Outcomes.ErrorBody errorBody, Secrets secrets) {
        this.url = url;
        this.post = RequestTemplate.post(url, headers);
        this.bodies = bodies;
        this.readers = readers;
        this.errorBody = errorBody;
        this.secrets = secrets;
    }

    /** The protocol of {@code settings}' provider. */
    static LlmProtocol of(LlmSettings settings) {
        return settings.provider() == Provider.ANTHROPIC ? anthropic(settings) : openAi(settings);
    }

    /** Where the requests of {@code settings}' provider go, without building the protocol. */
    static String url(LlmSettings settings) {
        return settings.provider() == Provider.ANTHROPIC ? settings.anthropicMessagesUrl()
                : settings.baseUrl() + "/chat/completions";
    }

    /** The OpenAI-compatible chat completions stream (openai, together, openai_compatible). */
    static LlmProtocol openAi(LlmSettings settings) {
        String key = settings.apiKey();
        ChatBody bodies = new ChatBody(settings);
        ChatChunkReader.warmUp();
        return new LlmProtocol(url(settings),
                Map.of("Authorization", "Bearer " + (key == null ? "EMPTY" : key), "Accept", "text/event-stream"),
                bodies::body, ChatChunkReader::new, Outcomes.ErrorBody.ERROR_MESSAGE, settings.secrets());
    }

    /** The Anthropic Messages stream. */
    static LlmProtocol anthropic(LlmSettings settings) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-version", ANTHROPIC_VERSION);
        headers.put("Accept", "text/event-stream");
        if (settings.apiKey() != null) {
            headers.put("x-api-key", settings.apiKey());
        }
        AnthropicBody bodies = new AnthropicBody(settings);
        AnthropicStreamReader.warmUp();
        return new LlmProtocol(url(settings), headers, bodies::body, AnthropicStreamReader::new,
                Outcomes.ErrorBody.AS_SENT, settings.secrets());
    }

    /** Where every request goes. */
    String url() {
        return url;
    }

    @Override
    public byte[] request(Exchange exchange) {
        String prompt = Outcomes.prompt(exchange);
        return prompt == null ? null : post.encode(bodies.apply(prompt, exchange.record()));
    }

    @Override
    public BodyReader newBodyReader() {
        return readers.get();
    }

    @Override
    public int errorSampleBytes() {
        return ERROR_SAMPLE_BYTES;
    }

    @Override
    public void outcome(Exchange exchange, BodyReader reader, Response response) {
        exchange.rateLimit(response.remainingRequests(), response.remainingTokens());
        if (response.retryAfter() != null) {
            exchange.retryAfter(RetryAfter.seconds(response.retryAfter(), java.time.Instant.now()));
        }
        if (response.status() == 200) {
            ((StreamReader) reader).finish(secrets);
        } else {
            Outcomes.httpFailed(exchange, response, errorBody, secrets);
        }
    }

    @Override
    public void failed(Exchange exchange, BodyReader reader, Throwable error, boolean bodyStarted) {
        Outcomes.failed(exchange, error, bodyStarted);
    }
}
