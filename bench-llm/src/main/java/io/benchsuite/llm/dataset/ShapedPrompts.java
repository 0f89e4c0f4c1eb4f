package io.benchsuite.llm.dataset;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Prompts of a chosen length in tokens, for workloads shaped by length ({@code bench dataset --type llm
 * --input-tokens ...}): each prompt is random words cut to exactly its drawn length as counted by one of OpenAI's BPE
 * tokenizers ({@code o200k_base}, {@code cl100k_base}, through jtokkit, whose token files ship in its jar: offline).
 * With a shared prefix, every prompt starts with the same first {@code sharedPrefixTokens} tokens (a prompt-cache
 * study); its length counts the prefix. Internal: used by {@code bench-cli}.
 *
 * <p>Exactness: the words are cut at a token boundary and the cut text counted again; a length that the re-count
 * misses (a merge across the cut) is fixed by cutting or adding a token at a time. {@link Prompt#tokens()} is the
 * count of the prompt as written. Other tokenizers (Llama, Qwen, Mistral) count the same text differently; the
 * server's usage in the result says what it counted.
 */
public final class ShapedPrompts {

    /** The tokenizers offered, by their tiktoken names. */
    public static final String[] TOKENIZERS = {"o200k_base", "cl100k_base"};

    private static final String[] WORDS = ("the a system request latency service order customer report summarize "
            + "explain describe compare list write short detailed answer question data model cache queue database "
            + "network user account payment invoice product review benchmark result test load performance error retry "
            + "timeout stream token prompt response analysis example simple complex").split(" ");
    private static final String[] TASKS = {"Summarize", "Explain", "Describe", "Compare", "List", "Write"};

    /** One prompt: its text and its length in tokens. */
    public record Prompt(String text, int tokens) {
    }

    private final Encoding encoding;
    private final String prefix;
    private final int prefixTokens;

    /**
     * @param tokenizer          {@code o200k_base} or {@code cl100k_base}
     * @param sharedPrefixTokens tokens every prompt starts with (0: none), drawn from {@code prefixSeed}
     * @throws IllegalArgumentException for another tokenizer
     */
    public ShapedPrompts(String tokenizer, int sharedPrefixTokens, long prefixSeed) {
        EncodingType type = Arrays.asList(TOKENIZERS).contains(tokenizer.toLowerCase(Locale.ROOT))
                ? EncodingType.fromName(tokenizer.toLowerCase(Locale.ROOT)).orElse(null) : null;
        if (type == null) {
            throw new IllegalArgumentException("tokenizer \"" + tokenizer + "\" is not known; use "
                    + String.join(" or ", TOKENIZERS));
        }
        if (sharedPrefixTokens < 0) {
            throw new IllegalArgumentException("shared prefix tokens (" + sharedPrefixTokens + ") must be >= 0");
        }
        this.encoding = Encodings.newDefaultEncodingRegistry().getEncoding(type);
        if (sharedPrefixTokens > 0) {
            Prompt p = shape("Context:", sharedPrefixTokens, new SplittableRandom(prefixSeed));
            this.prefix = p.text();
            this.prefixTokens = p.tokens();
        } else {
            this.prefix = "";
            this.prefixTokens = 0;
        }
    }

    /** The shared prefix's length in tokens (0 without one). */
    public int prefixTokens() {
        return prefixTokens;
    }

    /** Tokens of {@code text} as this tokenizer counts them. */
    public int count(String text) {
        return encoding.countTokensOrdinary(text);
    }

    /**
     * A prompt of {@code tokens} tokens (at least the prefix and one more), its words drawn from {@code r}.
     */
    public Prompt next(int tokens, SplittableRandom r) {
        int target = Math.max(tokens, prefixTokens + 1);
        String start = prefix.isEmpty() ? TASKS[r.nextInt(TASKS.length)] : prefix + " " + TASKS[r.nextInt(TASKS.length)];
        return shape(start, target, r);
    }

    /** {@code start} followed by random words, cut to {@code target} tokens (when {@code start} is not longer). */
    private Prompt shape(String start, int target, SplittableRandom r) {
        StringBuilder text = new StringBuilder(start);
        int have = count(text.toString());
        while (have < target) { // most words are one token: add about what is missing, then count again
            for (int i = have; i < target; i++) {
                text.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
            }
            have = count(text.toString());
        }
        String cut = text.toString();
        if (have > target) {
            IntArrayList ids = encoding.encodeOrdinary(cut);
            IntArrayList first = new IntArrayList(target);
            for (int i = 0; i < target; i++) {
                first.add(ids.get(i));
            }
            cut = encoding.decode(first);
        }
        int counted = count(cut);
        for (int fix = 0; fix < 8 && counted != target; fix++) { // a merge across the cut: a token at a time
            if (counted > target) {
                IntArrayList ids = encoding.encodeOrdinary(cut);
                IntArrayList fewer = new IntArrayList(ids.size() - 1);
                for (int i = 0; i < ids.size() - 1; i++) {
                    fewer.add(ids.get(i));
                }
                cut = encoding.decode(fewer);
            } else {
                cut = cut + " " + WORDS[r.nextInt(WORDS.length)];
            }
            counted = count(cut);
        }
        return new Prompt(cut, counted);
    }
}
