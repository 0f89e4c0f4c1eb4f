package io.benchsuite.llm;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientImpl;
import com.openai.core.ClientOptions;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Streams chat completions from an OpenAI-compatible server (OpenAI, Together AI, vLLM, ...) through openai-java,
 * always asking for {@code stream_options.include_usage}.
 *
 * <p>A chunk is output when one of its choices carries non-empty {@code content}, {@code refusal}, reasoning
 * ({@code reasoning_content} / {@code reasoning}, as vLLM and others send) or a tool-call delta; role-only and
 * empty chunks are not tokens. The usage chunk (empty {@code choices}) gives the token counts. A stream is
 * complete when a choice carried a {@code finish_reason}.
 *
 * <p>Implementation notes: openai-java's retries are off (a load test must see every 429/5xx); its transport
 * is {@link OkHttpTransport}, which sizes the connection pool, applies the deadline and timestamps reads.
 */
final class OpenAiChatTarget implements Target {

    private static final ChatCompletionStreamOptions INCLUDE_USAGE =
            ChatCompletionStreamOptions.builder().includeUsage(true).build();

    private final LlmSettings settings;
    private final OpenAIClient client;
    private final InFlightCalls inFlight = new InFlightCalls();

    OpenAiChatTarget(LlmSettings settings, int maxStreams) {
        this.settings = settings;
        OkHttpClient http = HttpClients.forStreams(maxStreams);
        this.client = new OpenAIClientImpl(ClientOptions.builder()
                .httpClient(new OkHttpTransport(http, inFlight))
                .baseUrl(settings.baseUrl())
                .apiKey(settings.apiKey() == null ? "EMPTY" : settings.apiKey())
                .maxRetries(0)
                .build());
        warmUp();
    }

    /**
     * Loads and initialises openai-java's request and chunk classes (Kotlin, its Jackson mapper) before the
     * load starts; otherwise the first requests of a run measure the tool's class loading (seconds on a busy
     * machine), not the server.
     */
    private void warmUp() {
        var mapper = com.openai.core.ObjectMappers.jsonMapper();
        try {
            mapper.writeValueAsBytes(params("warm-up")._body());
            ChatCompletionChunk chunk = mapper.readValue("{\"id\":\"c\",\"object\":\"chat.completion.chunk\","
                    + "\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},"
                    + "\"finish_reason\":null}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                    + "\"total_tokens\":2}}", ChatCompletionChunk.class);
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                carriesOutput(choice.delta());
                choice.finishReason();
            }
            chunk.usage().ifPresent(u -> u._completionTokens().asKnown());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("openai-java cannot serialise a chat request", e);
        }
    }

    @Override
    public void execute(Exchange ex) {
        String prompt = Outcomes.prompt(ex);
        if (prompt == null) {
            return;
        }
        StreamClock clock = StreamClock.current();
        clock.start(ex.deadlineNanos());
        boolean started = false;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params(prompt))) {
            started = true;
            boolean complete = false;
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            while (chunks.hasNext()) {
                ChatCompletionChunk chunk = chunks.next();
                long arrival = clock.arrivalNanos();
                boolean output = false;
                List<ChatCompletionChunk.Choice> choices = chunk.choices();
                for (int i = 0; i < choices.size(); i++) {
                    ChatCompletionChunk.Choice choice = choices.get(i);
                    output |= carriesOutput(choice.delta());
                    complete |= choice.finishReason().isPresent();
                }
                if (output) {
                    ex.outputChunk(arrival);
                }
                Optional<CompletionUsage> usage = chunk.usage();
                if (usage.isPresent()) {
                    CompletionUsage u = usage.get();
                    ex.usage(u._promptTokens().asKnown().orElse(-1L), u._completionTokens().asKnown().orElse(-1L));
                }
            }
            Outcomes.ended(ex, 200, complete);
        } catch (SseException e) {
            ex.failure(Outcomes.STREAM_ERROR, 200, Outcomes.shorten("error event in the stream: " + e.getMessage()));
            ex.endNanos(System.nanoTime());
        } catch (OpenAIServiceException e) {
            int status = e.statusCode();
            java.util.List<String> retryAfter = e.headers().values("retry-after");
            ex.failure(Outcomes.httpClass(status), status, Outcomes.shorten("HTTP " + status
                    + (retryAfter.isEmpty() ? "" : " (Retry-After: " + retryAfter.get(0) + ")") + ": " + e.getMessage()));
            ex.endNanos(System.nanoTime());
        } catch (RuntimeException e) {
            Outcomes.failed(ex, e, started);
        }
    }

    private ChatCompletionCreateParams params(String prompt) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .streamOptions(INCLUDE_USAGE);
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

    static boolean carriesOutput(ChatCompletionChunk.Choice.Delta delta) {
        if (nonEmpty(delta.content()) || nonEmpty(delta.refusal())) {
            return true;
        }
        Optional<List<ChatCompletionChunk.Choice.Delta.ToolCall>> tools = delta.toolCalls();
        if (tools.isPresent() && !tools.get().isEmpty()) {
            return true;
        }
        if (delta.functionCall().isPresent()) {
            return true;
        }
        Map<String, JsonValue> extra = delta._additionalProperties();
        return !extra.isEmpty() && (nonEmptyJson(extra.get("reasoning_content")) || nonEmptyJson(extra.get("reasoning")));
    }

    private static boolean nonEmpty(Optional<String> s) {
        return s.isPresent() && !s.get().isEmpty();
    }

    private static boolean nonEmptyJson(JsonValue v) {
        return v != null && nonEmpty(v.asString());
    }

    @Override
    public void abortInFlight() {
        inFlight.cancelAll();
    }

    @Override
    public void close() {
        client.close();
    }
}
