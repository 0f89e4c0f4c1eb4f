package io.benchsuite.llm;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.io.IOException;
import java.io.InputStream;
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
    private static final ThreadLocal<ChatChunkReader> READER = ThreadLocal.withInitial(ChatChunkReader::new);

    private final LlmSettings settings;
    private final OkHttpClient client;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final String url;
    private final String authorization;
    private final ChatBody bodies;
    private final io.benchsuite.engine.config.Secrets secrets;

    OpenAiChatTarget(LlmSettings settings, int maxStreams) {
        this.settings = settings;
        this.client = HttpClients.forStreams(maxStreams);
        this.url = settings.baseUrl() + "/chat/completions";
        this.authorization = "Bearer " + (settings.apiKey() == null ? "EMPTY" : settings.apiKey());
        this.bodies = new ChatBody(settings);
        this.secrets = settings.secrets();
        ChatChunkReader.warmUp();
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
                Outcomes.httpFailure(ex, response, secrets);
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
        return bodies.body(prompt);
    }

    ChatCompletionCreateParams params(String prompt) {
        return bodies.params(prompt);
    }

    static byte[] serialise(ChatCompletionCreateParams params) {
        return ChatBody.serialise(params);
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
