package io.benchsuite.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchsuite.engine.Exchange;
import java.io.IOException;

/**
 * Reads one streamed Anthropic Messages response into an {@link Exchange} ({@link EventStreamReader}: our SSE parser).
 *
 * <p>Events: {@code message_start} (input tokens: {@code input_tokens} plus the prompt-cache reads and writes,
 * {@code cache_read_input_tokens} being the cached tokens), {@code content_block_delta} with a non-empty
 * {@code text_delta} or {@code input_json_delta} (answer output) or {@code thinking_delta} (reasoning output: TTFT
 * but not TTFO, one reasoning token per chunk, since the usage does not count thinking apart),
 * {@code message_delta} (cumulative {@code usage.output_tokens}, and the input usage when it repeats it; the last one
 * counts), {@code message_stop} (the stream is
 * complete), {@code ping} (ignored), {@code error} (the request failed, class {@code stream_error}).
 *
 * <p>Not thread-safe: one per connection, reused for its streams ({@link #begin}). Every event is stamped with the
 * arrival time of the bytes that completed it.
 */
final class AnthropicStreamReader extends EventStreamReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private long outputTokens;
    private long inputTokens;
    private long cacheRead;
    private long cacheCreation;
    private boolean stopped;

    /** Loads the parser and JSON classes before the load starts, so the first request does not measure them. */
    static void warmUp() {
        AnthropicStreamReader warm = new AnthropicStreamReader();
        warm.begin(new Exchange(), 200);
        byte[] sample = ("event: message_delta\ndata: {\"type\":\"message_delta\",\"usage\":{\"output_tokens\":1}}\n\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        warm.feed(sample, 0, sample.length, System.nanoTime());
    }

    @Override
    void started() {
        outputTokens = -1;
        inputTokens = -1;
        cacheRead = -1;
        cacheCreation = -1;
        stopped = false;
    }

    @Override
    void event(String event, String data) {
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
                int output = contentDelta(data);
                if (output != UNKNOWN) {
                    chunk(output);
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
            node = null;
        }
        if (node == null || !node.isObject()) {
            if ("error".equals(event)) {
                error = data; // an error event whose data is not a JSON object: quoted as sent
            }
            return; // else a garbage event: ignored like a garbage line
        }
        String type = node.path("type").asText(event);
        switch (type) {
            case "content_block_delta" -> {
                JsonNode delta = node.path("delta");
                chunk(nonEmpty(delta, "text") || nonEmpty(delta, "partial_json") ? ANSWER
                        : nonEmpty(delta, "thinking") ? REASONING : NONE);
            }
            case "message_start" -> inputUsage(node.path("message").path("usage"));
            case "message_delta" -> {
                JsonNode usage = node.path("usage");
                if (usage.has("output_tokens")) {
                    outputTokens = usage.path("output_tokens").asLong(-1);
                }
                if (usage.has("input_tokens") && usage.path("input_tokens").asLong(0) > 0) {
                    inputUsage(usage);
                }
            }
            case "message_stop" -> stopped = true;
            case "error" -> error = describeError(node.path("error"));
            default -> {
                // ping, content_block_start/stop and future events
            }
        }
    }

    /** The input side of a usage object: input tokens and the prompt cache's reads and writes. */
    private void inputUsage(JsonNode usage) {
        inputTokens = usage.path("input_tokens").asLong(-1);
        if (usage.has("cache_read_input_tokens")) {
            cacheRead = usage.path("cache_read_input_tokens").asLong(-1);
        }
        if (usage.has("cache_creation_input_tokens")) {
            cacheCreation = usage.path("cache_creation_input_tokens").asLong(-1);
        }
    }

    private void chunk(int output) {
        if (output == ANSWER) {
            ex.outputChunk(arrivalNanos);
        } else if (output == REASONING) {
            ex.reasoningChunk(arrivalNanos);
        }
    }

    @Override
    public void finish(io.benchsuite.engine.config.Secrets secrets) {
        // Anthropic's input_tokens leaves out the prompt-cache reads and writes; ours is every prompt token
        long input = inputTokens < 0 ? -1 : inputTokens + Math.max(0, cacheRead) + Math.max(0, cacheCreation);
        ex.usage(input, outputTokens);
        ex.usageDetails(-1, cacheRead);
        super.finish(secrets);
    }

    /** {@code <type>: <message>} of an Anthropic error object; a string error as it is. */
    @Override
    String describeError(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        return error.path("type").asText("error") + ": " + error.path("message").asText("");
    }

    @Override
    boolean complete() {
        return stopped;
    }

    private static final int UNKNOWN = -1;
    private static final int NONE = 0;
    private static final int REASONING = 1;
    private static final int ANSWER = 2;

    /**
     * For a {@code content_block_delta} event: what its delta carries ({@link #ANSWER}: non-empty {@code text} or
     * {@code partial_json}; {@link #REASONING}: non-empty {@code thinking}; {@link #NONE}); {@link #UNKNOWN} when the
     * data is not such an event (read as a tree then).
     */
    private static int contentDelta(String data) {
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            String type = null;
            boolean answer = false;
            boolean reasoning = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("type".equals(name) && t == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if ("delta".equals(name) && t == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken v = p.nextToken();
                        if (v == JsonToken.VALUE_STRING && (field.equals("text") || field.equals("partial_json"))) {
                            answer |= p.getTextLength() > 0;
                        } else if (v == JsonToken.VALUE_STRING && field.equals("thinking")) {
                            reasoning |= p.getTextLength() > 0;
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (type != null && !"content_block_delta".equals(type)) {
                return UNKNOWN;
            }
            return answer ? ANSWER : reasoning ? REASONING : NONE;
        } catch (IOException e) {
            return UNKNOWN; // not JSON: the tree path ignores it the same way
        }
    }

    private static boolean nonEmpty(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isEmpty();
    }
}
