package io.benchsuite.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A request body with one prompt in it, serialised once with a placeholder where each request's JSON-encoded
 * prompt is spliced in: no JSON tree and no serialiser run per request (serialising per prompt, once each, also
 * left that code cold: the first request of each new prompt took 10-25 ms longer). Used by every LLM transport.
 */
final class PromptBody {

    /** Stands for the prompt in the template; a config whose other fields contain it is serialised per request. */
    private static final String PLACEHOLDER = "benchsuite-prompt-placeholder-5f3c9e1a";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<String, byte[]> serialise;
    /** The body before and after the prompt's JSON string; null when the placeholder is not found once. */
    private final byte[] head;
    private final byte[] tail;

    /** @param serialise the whole body for a prompt, as the provider's own client would send it */
    PromptBody(Function<String, byte[]> serialise) {
        this.serialise = serialise;
        byte[] template = serialise.apply(PLACEHOLDER);
        byte[] placeholder = jsonString(PLACEHOLDER);
        int at = indexOf(template, placeholder, 0);
        if (at >= 0 && indexOf(template, placeholder, at + 1) < 0) {
            head = Arrays.copyOfRange(template, 0, at);
            tail = Arrays.copyOfRange(template, at + placeholder.length, template.length);
        } else {
            head = null;
            tail = null;
        }
        body("warm-up");
    }

    /** The body for {@code prompt}, byte for byte what {@code serialise} gives. */
    byte[] body(String prompt) {
        if (head == null) {
            return serialise.apply(prompt);
        }
        byte[] quoted = jsonString(prompt);
        byte[] body = new byte[head.length + quoted.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(quoted, 0, body, head.length, quoted.length);
        System.arraycopy(tail, 0, body, head.length + quoted.length, tail.length);
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
}
