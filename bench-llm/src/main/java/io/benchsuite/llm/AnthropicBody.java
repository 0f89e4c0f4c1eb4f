package io.benchsuite.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of a streaming Anthropic Messages request: model, {@code max_tokens}, {@code stream}, temperature,
 * system prompt and one user message, serialised once as a {@link PromptBody} template.
 */
final class AnthropicBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BodyTemplates templates;

    AnthropicBody(LlmSettings settings) {
        this.templates = new BodyTemplates((prompt, max, eos) -> {
            try {
                return serialise(settings, prompt, max);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialise an Anthropic Messages request", e);
            }
        }, settings.maxTokens());
    }

    /**
     * The body for {@code prompt}, byte for byte {@link #serialise}'s, with the record's {@code max_tokens} if it has
     * one ({@code ignore_eos} records are refused before the run for this provider).
     */
    byte[] body(String prompt, com.fasterxml.jackson.databind.JsonNode record) {
        return templates.body(prompt, record);
    }

    /** The Messages API body for {@code prompt} with the config's {@code max_tokens}. */
    static byte[] serialise(LlmSettings settings, String prompt) throws IOException {
        return serialise(settings, prompt, settings.maxTokens());
    }

    /** The Messages API body for {@code prompt}, serialised from a JSON tree. */
    static byte[] serialise(LlmSettings settings, String prompt, long maxTokens) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        body.put("max_tokens", maxTokens);
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
}
