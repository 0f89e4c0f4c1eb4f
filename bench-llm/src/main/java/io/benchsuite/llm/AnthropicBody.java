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

    private final PromptBody template;

    AnthropicBody(LlmSettings settings) {
        this.template = new PromptBody(prompt -> {
            try {
                return serialise(settings, prompt);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialise an Anthropic Messages request", e);
            }
        });
    }

    /** The body for {@code prompt}, byte for byte {@link #serialise}'s. */
    byte[] body(String prompt) {
        return template.body(prompt);
    }

    /** The Messages API body for {@code prompt}, serialised from a JSON tree. */
    static byte[] serialise(LlmSettings settings, String prompt) throws IOException {
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
}
