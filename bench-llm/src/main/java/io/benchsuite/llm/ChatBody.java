package io.benchsuite.llm;

import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of an OpenAI-compatible streaming chat request, as openai-java's {@code createStreaming} sends it: built
 * from its {@link ChatCompletionCreateParams} and serialised by its own JSON mapper, once per {@code max_tokens} /
 * {@code ignore_eos} pair, as a {@link PromptBody} template ({@link BodyTemplates}). {@code ignore_eos} (a record's,
 * for vLLM-compatible servers) is sent as an extra body property.
 */
final class ChatBody {

    private static final ChatCompletionStreamOptions INCLUDE_USAGE =
            ChatCompletionStreamOptions.builder().includeUsage(true).build();

    private final LlmSettings settings;
    private final BodyTemplates templates;

    /** Builds the template, which also loads openai-java's request classes before the load starts. */
    ChatBody(LlmSettings settings) {
        this.settings = settings;
        this.templates = new BodyTemplates((prompt, max, eos) -> serialise(params(prompt, max, eos)),
                settings.maxTokens());
    }

    /** The JSON body openai-java would send for {@code prompt} with the record's limits, if it has any. */
    byte[] body(String prompt, com.fasterxml.jackson.databind.JsonNode record) {
        return templates.body(prompt, record);
    }

    static byte[] serialise(ChatCompletionCreateParams params) {
        try {
            return ObjectMappers.jsonMapper().writeValueAsBytes(params._body());
        } catch (IOException e) {
            throw new UncheckedIOException("openai-java cannot serialise a chat request", e);
        }
    }

    ChatCompletionCreateParams params(String prompt) {
        return params(prompt, settings.maxTokens(), false);
    }

    ChatCompletionCreateParams params(String prompt, long maxTokens, boolean ignoreEos) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .streamOptions(INCLUDE_USAGE)
                // what openai-java's createStreaming adds to the body
                .putAdditionalBodyProperty("stream", JsonValue.from(true));
        if (settings.provider() == Provider.OPENAI) {
            b.maxCompletionTokens(maxTokens);
        } else {
            b.maxTokens(maxTokens);
        }
        if (ignoreEos) {
            b.putAdditionalBodyProperty("ignore_eos", JsonValue.from(true));
        }
        if (settings.temperature().isPresent()) {
            b.temperature(settings.temperature().getAsDouble());
        }
        if (settings.systemPrompt() != null) {
            b.addSystemMessage(settings.systemPrompt());
        }
        return b.addUserMessage(prompt).build();
    }
}
