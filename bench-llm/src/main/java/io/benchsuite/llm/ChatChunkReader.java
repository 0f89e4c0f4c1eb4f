package io.benchsuite.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchsuite.engine.Exchange;
import java.io.IOException;

/**
 * Reads one streamed OpenAI chat completion ({@code chat.completion.chunk} events) into an {@link Exchange}:
 * output chunks with their arrival time, usage, completion and error events.
 *
 * <p>Per chunk it reads only what the metrics need, with Jackson's streaming parser: {@code choices[].delta}
 * ({@code content}, {@code refusal} non-empty strings, a non-empty {@code tool_calls} array or a
 * {@code function_call}: answer output; {@code reasoning_content}, {@code reasoning} non-empty strings: reasoning
 * output, which counts for TTFT but not TTFO), {@code choices[].finish_reason} (non-null: the stream is complete),
 * {@code usage.prompt_tokens} / {@code usage.completion_tokens}, {@code usage.completion_tokens_details
 * .reasoning_tokens}, {@code usage.prompt_tokens_details.cached_tokens} and a non-null {@code error}. Everything else is skipped without being decoded. An event whose data is not a JSON object is
 * ignored (like a garbage line); after {@code data: [DONE]} nothing counts.
 *
 * <p>Not thread-safe: one per connection, reused for its streams ({@link #begin}).
 */
final class ChatChunkReader extends EventStreamReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private boolean complete;
    private boolean done;

    /**
     * Loads and initialises the reader's classes (the parser, Jackson's streaming reader) before the load starts;
     * otherwise the first requests of a run measure the tool's class loading (seconds on a busy machine).
     */
    static void warmUp() {
        ChatChunkReader reader = new ChatChunkReader();
        reader.begin(new Exchange(), 200);
        byte[] sample = ("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\",\"tool_calls\":[{\"index\":0}]},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,"
                + "\"total_tokens\":2}}\n\ndata: {\"error\":{\"message\":\"m\"}}\n\ndata: [DONE]\n\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        reader.feed(sample, 0, sample.length, System.nanoTime());
    }

    @Override
    void started() {
        complete = false;
        done = false;
    }

    /** True when a choice carried a {@code finish_reason}. */
    @Override
    boolean complete() {
        return complete;
    }

    @Override
    void event(String event, String data) {
        if (done || error != null) {
            return;
        }
        if (data.startsWith("[DONE]")) {
            done = true;
            return;
        }
        boolean errorEvent = "error".equals(event);
        try (JsonParser p = FACTORY.createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                if (errorEvent) {
                    error = status + ": " + data; // an error event whose data is plain text: quoted as sent
                }
                return;
            }
            if (errorEvent) {
                JsonNode node = JSON.readTree(p);
                JsonNode e = node.get("error");
                error = describeError(e != null && !e.isNull() ? e : node);
                return;
            }
            chunk(p);
        } catch (IOException e) {
            if (errorEvent) {
                error = status + ": " + data; // not JSON: quoted as sent
            }
            // other data that is not JSON (or is cut): ignored like a garbage line
        }
    }

    private void chunk(JsonParser p) throws IOException {
        int output = NONE;
        long promptTokens = -1;
        long completionTokens = -1;
        long reasoningTokens = -1;
        long cachedTokens = -1;
        boolean usage = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "choices" -> {
                    if (t == JsonToken.START_ARRAY) {
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (t == JsonToken.START_OBJECT) {
                                output = Math.max(output, choice(p));
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "usage" -> {
                    if (t == JsonToken.START_OBJECT) {
                        usage = true;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String field = p.currentName();
                            JsonToken v = p.nextToken();
                            if (v == JsonToken.VALUE_NUMBER_INT && field.equals("prompt_tokens")) {
                                promptTokens = p.getLongValue();
                            } else if (v == JsonToken.VALUE_NUMBER_INT && field.equals("completion_tokens")) {
                                completionTokens = p.getLongValue();
                            } else if (v == JsonToken.START_OBJECT && field.equals("completion_tokens_details")) {
                                reasoningTokens = member(p, "reasoning_tokens");
                            } else if (v == JsonToken.START_OBJECT && field.equals("prompt_tokens_details")) {
                                cachedTokens = member(p, "cached_tokens");
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "error" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        error = describeError(JSON.readTree(p));
                        return;
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (output == ANSWER) {
            ex.outputChunk(arrivalNanos);
        } else if (output == REASONING) {
            ex.reasoningChunk(arrivalNanos);
        }
        if (usage) {
            ex.usage(promptTokens, completionTokens);
            ex.usageDetails(reasoningTokens, cachedTokens);
        }
    }

    /** The integer member {@code name} of the object whose START_OBJECT was consumed (skipped to its end), or -1. */
    private static long member(JsonParser p, String name) throws IOException {
        long value = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_NUMBER_INT && field.equals(name)) {
                value = p.getLongValue();
            } else {
                p.skipChildren();
            }
        }
        return value;
    }

    /** What a delta carries: nothing, reasoning only, or answer output (which wins over reasoning beside it). */
    private static final int NONE = 0;
    private static final int REASONING = 1;
    private static final int ANSWER = 2;

    /** Reads one choice object (its START_OBJECT consumed); returns what its delta carries. */
    private int choice(JsonParser p) throws IOException {
        int output = NONE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals("delta") && t == JsonToken.START_OBJECT) {
                output = delta(p);
            } else if (name.equals("finish_reason") && t != JsonToken.VALUE_NULL) {
                complete = true;
                p.skipChildren();
            } else {
                p.skipChildren();
            }
        }
        return output;
    }

    /** Reads one delta object (its START_OBJECT consumed); returns what it carries. */
    private static int delta(JsonParser p) throws IOException {
        boolean answer = false;
        boolean reasoning = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "content", "refusal" -> answer |= t == JsonToken.VALUE_STRING && p.getTextLength() > 0;
                case "reasoning_content", "reasoning" ->
                        reasoning |= t == JsonToken.VALUE_STRING && p.getTextLength() > 0;
                case "tool_calls" -> {
                    if (t == JsonToken.START_ARRAY) {
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            answer = true;
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "function_call" -> {
                    answer |= t != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
                default -> p.skipChildren();
            }
        }
        return answer ? ANSWER : reasoning ? REASONING : NONE;
    }

    /** {@code <status>: <error.message>} as openai-java's {@code SseException} said it, or the error's JSON. */
    @Override
    String describeError(JsonNode error) {
        String message;
        if (error.isTextual()) {
            message = error.asText();
        } else if (error.path("message").isTextual()) {
            message = error.path("message").asText();
        } else {
            message = error.toString();
        }
        return status + ": " + message;
    }
}
