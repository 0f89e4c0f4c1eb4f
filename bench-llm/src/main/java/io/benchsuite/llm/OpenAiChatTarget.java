package io.benchsuite.llm;

import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Streams chat completions from an OpenAI-compatible server (OpenAI, Together AI, vLLM, ...):
 * {@code POST {base_url}/chat/completions} with {@code Authorization: Bearer <key>} ({@code EMPTY} without a
 * key), {@code "stream": true} and {@code stream_options.include_usage}, parsed with our
 * {@link ChatChunkReader}.
 *
 * <p>A chunk is output when one of its choices carries non-empty {@code content}, {@code refusal}, reasoning
 * ({@code reasoning_content} / {@code reasoning}, as vLLM and others send) or a tool-call / function-call delta;
 * role-only and empty chunks are not tokens. The usage chunk (empty {@code choices}) gives the token counts. A
 * stream is complete when a choice carried a {@code finish_reason}. An {@code {"error": ...}} event (or an
 * event named {@code error}) fails the request as {@code stream_error}; nothing after {@code [DONE]} counts.
 *
 * <p>Implementation notes: openai-java only builds the request body (its {@link ChatCompletionCreateParams}
 * and its own JSON mapper, once per distinct prompt, cached), so the request is exactly what openai-java would
 * send. Sending and reading are ours, as for Anthropic: openai-java deserialises every chunk into its Kotlin
 * model through Jackson's Kotlin module (reflection, many objects), which took about a third of the client's
 * CPU at 1,000 streams. No retries (a load test must see every 429/5xx). Each read of the body is timestamped
 * as it returns, before parsing, and every chunk it completes gets that arrival time.
 */
final class OpenAiChatTarget implements Target {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ChatCompletionStreamOptions INCLUDE_USAGE =
            ChatCompletionStreamOptions.builder().includeUsage(true).build();
    /** Request bodies kept per prompt; beyond this many distinct prompts, bodies are built per request. */
    static final int MAX_CACHED_BODIES = 10_000;
    private static final ThreadLocal<ChatChunkReader> READER = ThreadLocal.withInitial(ChatChunkReader::new);

    private final LlmSettings settings;
    private final OkHttpClient client;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final String url;
    private final String authorization;
    private final ConcurrentHashMap<String, byte[]> bodies = new ConcurrentHashMap<>();

    OpenAiChatTarget(LlmSettings settings, int maxStreams) {
        this.settings = settings;
        this.client = HttpClients.forStreams(maxStreams);
        this.url = settings.baseUrl() + "/chat/completions";
        this.authorization = "Bearer " + (settings.apiKey() == null ? "EMPTY" : settings.apiKey());
        warmUp();
    }

    /**
     * Loads and initialises openai-java's request classes (Kotlin, its Jackson mapper) and the chunk reader
     * before the load starts; otherwise the first requests of a run measure the tool's class loading (seconds
     * on a busy machine), not the server.
     */
    private void warmUp() {
        body("warm-up");
        bodies.clear();
        ChatChunkReader reader = new ChatChunkReader();
        reader.begin(new Exchange(), 200);
        byte[] sample = ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"tool_calls\":[{\"index\":0}]},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                + "\"total_tokens\":2}}\n\ndata: {\"error\":{\"message\":\"m\"}}\n\ndata: [DONE]\n\n")
                .getBytes(StandardCharsets.UTF_8);
        reader.feed(sample, 0, sample.length, System.nanoTime());
    }

    @Override
    public void execute(Exchange ex) {
        String prompt = Outcomes.prompt(ex);
        if (prompt == null) {
            return;
        }
        Request request = new Request.Builder().url(url)
                .header("Authorization", authorization)
                .header("Accept", "text/event-stream")
                .post(RequestBody.create(body(prompt), JSON_TYPE))
                .build();
        Call call = client.newCall(request);
        boolean started = false;
        InFlightCalls.Flight flight = inFlight.started(call, ex.deadlineNanos());
        try (Response response = call.execute()) {
            int status = response.code();
            if (status != 200) {
                Outcomes.httpFailure(ex, response, settings.apiKey());
                return;
            }
            started = true;
            ChatChunkReader reader = READER.get();
            reader.begin(ex, status);
            InputStream in = response.body().byteStream();
            byte[] buf = reader.buffer;
            int n;
            while ((n = in.read(buf)) > 0) {
                if (!reader.feed(buf, 0, n, System.nanoTime())) {
                    break;
                }
            }
            reader.finish();
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(ex, flight.expired() ? InFlightCalls.timedOut(e) : e, started);
        } finally {
            inFlight.finished(flight);
        }
    }

    /** The JSON body openai-java would send for {@code prompt} (cached per prompt). */
    byte[] body(String prompt) {
        byte[] body = bodies.get(prompt);
        if (body == null) {
            body = serialise(params(prompt));
            if (bodies.size() < MAX_CACHED_BODIES) {
                bodies.putIfAbsent(prompt, body);
            }
        }
        return body;
    }

    private static byte[] serialise(ChatCompletionCreateParams params) {
        try {
            return ObjectMappers.jsonMapper().writeValueAsBytes(params._body());
        } catch (IOException e) {
            throw new UncheckedIOException("openai-java cannot serialise a chat request", e);
        }
    }

    private ChatCompletionCreateParams params(String prompt) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .streamOptions(INCLUDE_USAGE)
                // what openai-java's createStreaming adds to the body
                .putAdditionalBodyProperty("stream", JsonValue.from(true));
        if (settings.provider() == Provider.OPENAI) {
            b.maxCompletionTokens(settings.maxTokens());
        } else {
            b.maxTokens(settings.maxTokens());
        }
        if (settings.temperature().isPresent()) {
            b.temperature(settings.temperature().getAsDouble());
        }
        if (settings.systemPrompt() != null) {
            b.addSystemMessage(settings.systemPrompt());
        }
        return b.addUserMessage(prompt).build();
    }

    @Override
    public void abortInFlight() {
        inFlight.cancelAll();
    }

    @Override
    public void close() {
        inFlight.close();
        HttpClients.close(client);
    }
}
