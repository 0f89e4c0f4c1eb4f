package io.benchsuite.llm;

import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The body of an OpenAI-compatible streaming chat request, as openai-java's {@code createStreaming} sends it: built
 * from its {@link ChatCompletionCreateParams} and serialised by its own JSON mapper once, with a placeholder where
 * each request's JSON-encoded prompt is spliced in (serialising per prompt, once each, left that code cold: the
 * first request of each new prompt took 10-25 ms longer). Used by both OpenAI-compatible transports.
 */
final class ChatBody {

    private static final ChatCompletionStreamOptions INCLUDE_USAGE =
            ChatCompletionStreamOptions.builder().includeUsage(true).build();
    /** Stands for the prompt in the body template; a config whose other fields contain it is serialised per request. */
    private static final String PLACEHOLDER = "benchsuite-prompt-placeholder-5f3c9e1a";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final LlmSettings settings;
    /** The body before and after the prompt's JSON string; null when the placeholder is not found once. */
    private final byte[] bodyHead;
    private final byte[] bodyTail;

    /** Builds the template, which also loads openai-java's request classes before the load starts. */
    ChatBody(LlmSettings settings) {
        this.settings = settings;
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
        body("warm-up");
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
}
