package io.benchsuite.llm;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.config.Secrets;
import io.benchsuite.engine.target.http.HttpLoopTarget;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An LLM target on event loops ({@code worker_threads: event_loop} with an {@code http://} {@code base_url}): the
 * same requests, stream parsing and outcomes as {@link OpenAiChatTarget} and {@link AnthropicMessagesTarget},
 * but every stream is read by one loop thread per core over non-blocking sockets, without OkHttp and without a
 * thread per stream. Each read is timed when the selector reported it ready, so a chunk's arrival time does not
 * include the parsing of the chunks that arrived with it.
 */
final class LlmLoopTarget extends HttpLoopTarget {

    /** What differs between the providers: the body for a prompt, the stream reader, the error sample. */
    interface Protocol {
        byte[] body(String prompt);

        StreamReader newReader();

        void httpFailure(Exchange ex, int status, String retryAfter, Outcomes.BodyStart body);
    }

    private final Protocol protocol;

    LlmLoopTarget(String url, Map<String, String> headers, int threads, Protocol protocol) {
        super(url, headers, threads);
        this.protocol = protocol;
    }

    /** The OpenAI-compatible chat completions stream (openai, together, openai_compatible). */
    static LlmLoopTarget openAi(LlmSettings settings, int threads) {
        String key = settings.apiKey();
        Secrets secrets = settings.secrets();
        ChatBody bodies = new ChatBody(settings);
        ChatChunkReader.warmUp();
        return new LlmLoopTarget(settings.baseUrl() + "/chat/completions",
                Map.of("Authorization", "Bearer " + (key == null ? "EMPTY" : key), "Accept", "text/event-stream"),
                threads, new Protocol() {
                    @Override
                    public byte[] body(String prompt) {
                        return bodies.body(prompt);
                    }

                    @Override
                    public StreamReader newReader() {
                        return new ChatChunkReader();
                    }

                    @Override
                    public void httpFailure(Exchange ex, int status, String retryAfter, Outcomes.BodyStart body) {
                        Outcomes.httpFailure(ex, status, retryAfter, body, secrets);
                    }
                });
    }

    /** The Anthropic Messages stream. */
    static LlmLoopTarget anthropic(LlmSettings settings, int threads) {
        String key = settings.apiKey();
        Secrets secrets = settings.secrets();
        AnthropicMessagesTarget.StreamState.warmUp();
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("anthropic-version", AnthropicMessagesTarget.API_VERSION);
        headers.put("Accept", "text/event-stream");
        if (key != null) {
            headers.put("x-api-key", key);
        }
        PromptBody bodies = AnthropicMessagesTarget.bodies(settings);
        return new LlmLoopTarget(settings.anthropicMessagesUrl(), headers, threads, new Protocol() {
            @Override
            public byte[] body(String prompt) {
                return bodies.body(prompt);
            }

            @Override
            public StreamReader newReader() {
                return new AnthropicMessagesTarget.StreamState();
            }

            @Override
            public void httpFailure(Exchange ex, int status, String retryAfter, Outcomes.BodyStart body) {
                Outcomes.httpFailed(ex, status, retryAfter, body.scrubbed(secrets));
            }
        });
    }

    @Override
    protected byte[] request(Exchange exchange) {
        String prompt = Outcomes.prompt(exchange);
        return prompt == null ? null : post(protocol.body(prompt));
    }

    @Override
    protected BodyReader newBodyReader() {
        return protocol.newReader();
    }

    @Override
    protected void outcome(Exchange exchange, BodyReader reader, Response response) {
        if (response.status() == 200) {
            ((StreamReader) reader).finish();
        } else {
            protocol.httpFailure(exchange, response.status(), response.retryAfter(),
                    new Outcomes.BodyStart(response.sample(), response.sampleCut()));
        }
    }

    @Override
    protected void failed(Exchange exchange, BodyReader reader, Throwable error, boolean bodyStarted) {
        Outcomes.failed(exchange, error, bodyStarted);
    }
}
