package io.benchsuite.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request bodies of one provider: a {@link PromptBody} template for the config's {@code max_tokens}, and one
 * more for each other {@code max_tokens} / {@code ignore_eos} pair that dataset records ask for (a workload shaped by
 * length, {@code bench dataset --output-tokens}), made the first time a record asks and reused after.
 */
final class BodyTemplates {

    /** A provider's body for a prompt with these limits, as its own client would serialise it. */
    @FunctionalInterface
    interface Serialiser {
        byte[] body(String prompt, long maxTokens, boolean ignoreEos);
    }

    private final Serialiser serialiser;
    private final long defaultMaxTokens;
    private final PromptBody defaults;
    private final ConcurrentHashMap<Long, PromptBody> others = new ConcurrentHashMap<>();

    BodyTemplates(Serialiser serialiser, long defaultMaxTokens) {
        this.serialiser = serialiser;
        this.defaultMaxTokens = defaultMaxTokens;
        this.defaults = new PromptBody(p -> serialiser.body(p, defaultMaxTokens, false));
    }

    /** The body for {@code prompt} with the record's {@code max_tokens} and {@code ignore_eos}, when it has them. */
    byte[] body(String prompt, JsonNode record) {
        JsonNode max = record == null ? null : record.get("max_tokens");
        JsonNode eos = record == null ? null : record.get("ignore_eos");
        long maxTokens = max != null && max.canConvertToLong() ? max.asLong() : defaultMaxTokens;
        boolean ignoreEos = eos != null && eos.asBoolean(false);
        if (maxTokens == defaultMaxTokens && !ignoreEos) {
            return defaults.body(prompt);
        }
        return others.computeIfAbsent(maxTokens << 1 | (ignoreEos ? 1 : 0),
                k -> new PromptBody(p -> serialiser.body(p, maxTokens, ignoreEos))).body(prompt);
    }
}
