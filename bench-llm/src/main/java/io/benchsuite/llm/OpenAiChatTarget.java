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
 * and its own JSON mapper), once per target, with a placeholder for the prompt; each request splices its
 * JSON-encoded prompt in place of the placeholder, so the body is what openai-java would send without running
 * openai-java's (Kotlin, reflective) serialisation per request. (Serialising per prompt, once each, left that
 * code cold: the first request of each new prompt took 10-25 ms longer.) Sending and reading are ours, as for Anthropic: openai-java deserialises every chunk into its Kotlin
 * model through Jackson's Kotlin module (reflection, many objects), which took about a third of the client's
 * CPU at 1,000 streams. No retries (a load test must see every 429/5xx). Each read of the body is timestamped
 * as it returns, before parsing, and every chunk it completes gets that arrival time.
 */
final class OpenAiChatTarget implements Target {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ChatCompletionStreamOptions INCLUDE_USAGE =
            ChatCompletionStreamOptions.builder().includeUsage(true).build();
    /** Stands for the prompt in the body template; a config whose other fields contain it is serialised per request. */
    private static final String PLACEHOLDER = "benchsuite-prompt-placeholder-5f3c9e1a";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final ThreadLocal<ChatChunkReader> READER = ThreadLocal.withInitial(ChatChunkReader::new);

    private final LlmSettings settings;
    private final OkHttpClient client;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final String url;
    private final String authorization;
    /** The body before and after the prompt's JSON string; null when the placeholder is not found once. */
    private final byte[] bodyHead;
    private final byte[] bodyTail;

    OpenAiChatTarget(LlmSettings settings, int maxStreams) {
        this.settings = settings;
        this.client = HttpClients.forStreams(maxStreams);
        this.url = settings.baseUrl() + "/chat/completions";
        this.authorization = "Bearer " + (settings.apiKey() == null ? "EMPTY" : settings.apiKey());
        byte[] template = serialise(params(PLACEHOLDER));
        byte[] placeholder = jsonString(PLACEHOLDER);
        int at = indexOf(template, placeholder, 0);
        if (at >= 0 && indexOf(template, placeholder, at + 1) < 0) {
            bodyHead = java.util.Arrays.copyOfRange(template, 0, at);
            bodyTail = java.util.Arrays.copyOfRange(template, at + placeholder.length, template.length);
        } else {
            bodyHead = null;
            bodyTail = null;
        }
        warmUp();
    }

    /**
     * Loads and initialises openai-java's request classes (Kotlin, its Jackson mapper) and the chunk reader
     * before the load starts; otherwise the first requests of a run measure the tool's class loading (seconds
     * on a busy machine), not the server.
     */
    private void warmUp() {
        body("warm-up");
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
            Outcomes.failed(ex, flight.failure(e), started);
        } finally {
            inFlight.finished(flight);
        }
    }

    /** The JSON body openai-java would send for {@code prompt}. */
    byte[] body(String prompt) {
        if (bodyHead == null) {
            return serialise(params(prompt));
        }
        byte[] quoted = jsonString(prompt);
        byte[] body = new byte[bodyHead.length + quoted.length + bodyTail.length];
        System.arraycopy(bodyHead, 0, body, 0, bodyHead.length);
        System.arraycopy(quoted, 0, body, bodyHead.length, quoted.length);
        System.arraycopy(bodyTail, 0, body, bodyHead.length + quoted.length, bodyTail.length);
        return body;
    }

    private static byte[] jsonString(String s) {
        try {
            return JSON.writeValueAsBytes(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] serialise(ChatCompletionCreateParams params) {
        try {
            return ObjectMappers.jsonMapper().writeValueAsBytes(params._body());
        } catch (IOException e) {
            throw new UncheckedIOException("openai-java cannot serialise a chat request", e);
        }
    }

    ChatCompletionCreateParams params(String prompt) {
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
