package io.benchsuite.llm;

import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of an OpenAI-compatible streaming chat request, as openai-java's {@code createStreaming} sends it: built
 * from its {@link ChatCompletionCreateParams} and serialised by its own JSON mapper, once, as a {@link PromptBody}
 * template.
 */
final class ChatBody {

    private static final ChatCompletionStreamOptions INCLUDE_USAGE =
            ChatCompletionStreamOptions.builder().includeUsage(true).build();

    private final LlmSettings settings;
    private final PromptBody template;

    /** Builds the template, which also loads openai-java's request classes before the load starts. */
    ChatBody(LlmSettings settings) {
        this.settings = settings;
        this.template = new PromptBody(prompt -> serialise(params(prompt)));
    }

    /** The JSON body openai-java would send for {@code prompt}. */
    byte[] body(String prompt) {
        return template.body(prompt);
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
}
