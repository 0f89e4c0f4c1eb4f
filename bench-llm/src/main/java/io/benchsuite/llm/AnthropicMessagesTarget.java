package io.benchsuite.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import io.benchsuite.llm.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Streams the Anthropic Messages API natively: {@code POST {base_url}/v1/messages} with {@code x-api-key} and
 * {@code anthropic-version: 2023-06-01}, parsed with our {@link SseParser}.
 *
 * <p>Events: {@code message_start} (input tokens), {@code content_block_delta} with a non-empty
 * {@code text_delta}, {@code thinking_delta} or {@code input_json_delta} (output), {@code message_delta}
 * (cumulative {@code usage.output_tokens}; the last one counts), {@code message_stop} (the stream is
 * complete), {@code ping} (ignored), {@code error} (the request failed, class {@code stream_error}).
 *
 * <p>Implementation notes: each read of the body is timestamped as it returns, before parsing, and every event
 * it completes gets that arrival time. Parser and buffers are reused per worker thread.
 */
final class AnthropicMessagesTarget implements Target {

    static final String API_VERSION = "2023-06-01";
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final ThreadLocal<StreamState> STATE = ThreadLocal.withInitial(StreamState::new);

    private final LlmSettings settings;
    private final PromptBody bodies;
    private final OkHttpClient client;
    private final InFlightCalls inFlight = new InFlightCalls();
    private final String url;
    private final io.benchsuite.engine.config.Secrets secrets;

    AnthropicMessagesTarget(LlmSettings settings, int maxStreams) {
        this.settings = settings;
        this.client = HttpClients.forStreams(maxStreams);
        this.url = settings.anthropicMessagesUrl();
        this.bodies = bodies(settings);
        this.secrets = settings.secrets();
        StreamState.warmUp();
    }

    @Override
    public void execute(Exchange ex) throws IOException {
        String prompt = Outcomes.prompt(ex);
        if (prompt == null) {
            return;
        }
        Request.Builder request = new Request.Builder().url(url)
                .header("anthropic-version", API_VERSION)
                .header("accept", "text/event-stream")
                .post(RequestBody.create(body(prompt), JSON_TYPE));
        if (settings.apiKey() != null) {
            request.header("x-api-key", settings.apiKey());
        }
        Call call = client.newCall(request.build());
        boolean started = false;
        InFlightCalls.Flight flight = inFlight.started(call, ex.deadlineNanos());
        try (Response response = call.execute()) {
            int status = response.code();
            ResponseBody body = response.body();
            if (status != 200) {
                Outcomes.httpFailed(ex, status, response.header("retry-after"),
                        Outcomes.bodyStart(body, 300).scrubbed(secrets));
                return;
            }
            started = true;
            StreamState state = STATE.get();
            state.begin(ex, status);
            InputStream in = body.byteStream();
            byte[] buf = state.buffer;
            int n;
            while ((n = in.read(buf)) > 0) {
                state.bytes(buf, 0, n, System.nanoTime());
                if (state.error != null) {
                    break;
                }
            }
            state.finish();
        } catch (IOException | RuntimeException e) {
            Outcomes.failed(ex, flight.failure(e), started);
        } finally {
            inFlight.finished(flight);
        }
    }

    byte[] body(String prompt) {
        return bodies.body(prompt);
    }

    /** The Messages API body of {@code settings}, one serialisation, the prompt spliced in per request. */
    static PromptBody bodies(LlmSettings settings) {
        return new PromptBody(prompt -> {
            try {
                return body(settings, prompt);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot serialise an Anthropic Messages request", e);
            }
        });
    }

    /** The Messages API body for {@code prompt}: model, max_tokens, stream, temperature, system, one user message. */
    static byte[] body(LlmSettings settings, String prompt) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("max_tokens", settings.maxTokens());
        body.put("stream", true);
        if (settings.temperature().isPresent()) {
            body.put("temperature", settings.temperature().getAsDouble());
        }
        if (settings.systemPrompt() != null) {
            body.put("system", settings.systemPrompt());
        }
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        message.put("content", prompt);
        return JSON.writeValueAsBytes(body);
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

    /** The per-worker state of one Anthropic stream (per connection on the event loop). */
    static final class StreamState implements SseParser.Listener, StreamReader {
        final SseParser parser = new SseParser(this);
        final byte[] buffer = new byte[8192];
        Exchange ex;
        long arrivalNanos;
        long outputTokens;
        long inputTokens;
        boolean stopped;
        String error;

        private int status;

        /** Loads the parser and JSON classes before the load starts, so the first request does not measure them. */
        static void warmUp() {
            StreamState warm = new StreamState();
            warm.begin(new Exchange(), 200);
            byte[] sample = ("event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":1}}\n\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            warm.parser.feed(sample, 0, sample.length);
        }

        @Override
        public void begin(Exchange exchange, int httpStatus) {
            ex = exchange;
            status = httpStatus;
            parser.reset();
            outputTokens = -1;
            inputTokens = -1;
            stopped = false;
            error = null;
        }

        @Override
        public void bytes(byte[] buf, int off, int len, long arrival) {
            if (error == null) {
                arrivalNanos = arrival;
                parser.feed(buf, off, len);
            }
        }


        @Override
        public void onEvent(String event, String data) {
            if (error != null) {
                return;
            }
            switch (event) {
                case "ping", "content_block_start", "content_block_stop" -> {
                    return; // nothing the metrics need (the data's "type" is the event name in this protocol)
                }
                case "content_block_delta" -> {
                    // most events of a stream: read without building a tree (cheaper at 1,000 streams, and a
                    // cheaper event is one that makes the next event's timestamp less late; docs/performance.md)
                    Boolean output = contentDelta(data);
                    if (output != null) {
                        if (output) {
                            ex.outputChunk(arrivalNanos);
                        }
                        return;
                    }
                }
                default -> {
                    // read as a tree below
                }
            }
            JsonNode node;
            try {
                node = JSON.readTree(data);
            } catch (IOException e) {
                return; // a garbage event: ignored like a garbage line
            }
            if (node == null) {
                return;
            }
            String type = node.path("type").asText(event);
            switch (type) {
                case "content_block_delta" -> {
                    JsonNode delta = node.path("delta");
                    if (nonEmpty(delta, "text") || nonEmpty(delta, "thinking") || nonEmpty(delta, "partial_json")) {
                        ex.outputChunk(arrivalNanos);
                    }
                }
                case "message_start" -> {
                    JsonNode usage = node.path("message").path("usage");
                    inputTokens = usage.path("input_tokens").asLong(-1);
                }
                case "message_delta" -> {
                    JsonNode usage = node.path("usage");
                    if (usage.has("output_tokens")) {
                        outputTokens = usage.path("output_tokens").asLong(-1);
                    }
                    if (usage.has("input_tokens") && usage.path("input_tokens").asLong(0) > 0) {
                        inputTokens = usage.path("input_tokens").asLong();
                    }
                }
                case "message_stop" -> stopped = true;
                case "error" -> {
                    JsonNode e = node.path("error");
                    error = e.path("type").asText("error") + ": " + e.path("message").asText("");
                }
                default -> {
                    // ping, content_block_start/stop and future events
                }
            }
        }

        @Override
        public void finish() {
            ex.usage(inputTokens, outputTokens);
            Outcomes.streamEnded(ex, status, error, stopped);
            ex = null;
        }

        /**
         * For a {@code content_block_delta} event: whether its delta carries output (non-empty {@code text},
         * {@code thinking} or {@code partial_json}); null when the data is not such an event (read as a tree then).
         */
        private static Boolean contentDelta(String data) {
            try (JsonParser p = FACTORY.createParser(data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                String type = null;
                boolean output = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if ("type".equals(name) && t == JsonToken.VALUE_STRING) {
                        type = p.getText();
                    } else if ("delta".equals(name) && t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            JsonToken v = p.nextToken();
                            if (v == JsonToken.VALUE_STRING && (field.equals("text") || field.equals("thinking")
                                    || field.equals("partial_json"))) {
                                output |= !p.getText().isEmpty();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                return type == null || "content_block_delta".equals(type) ? output : null;
            } catch (IOException e) {
                return null; // not JSON: the tree path ignores it the same way
            }
        }

        private static boolean nonEmpty(JsonNode node, String field) {
            JsonNode v = node.get(field);
            return v != null && v.isTextual() && !v.asText().isEmpty();
        }
    }
}
