package io.benchsuite.llm.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Prompts cut to a token length by a real tokenizer, and the length distributions they are drawn from. */
class ShapedPromptsTest {

    @ParameterizedTest
    @ValueSource(strings = {"o200k_base", "cl100k_base"})
    void every_prompt_has_exactly_its_drawn_length_as_the_tokenizer_counts_it(String tokenizer) {
        // given
        ShapedPrompts prompts = new ShapedPrompts(tokenizer, 0, 1);
        TokenLengths lengths = TokenLengths.parse("300:80:20:600");
        SplittableRandom r = new SplittableRandom(42);

        // when
        List<Integer> drawn = new ArrayList<>();
        List<ShapedPrompts.Prompt> made = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int n = lengths.next(r);
            drawn.add(n);
            made.add(prompts.next(n, r));
        }

        // then: exact, and the lengths follow the distribution
        for (int i = 0; i < made.size(); i++) {
            assertThat(made.get(i).tokens()).isEqualTo(drawn.get(i));
            assertThat(prompts.count(made.get(i).text())).isEqualTo(drawn.get(i));
        }
        double mean = drawn.stream().mapToInt(Integer::intValue).average().orElseThrow();
        double sd = Math.sqrt(drawn.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / drawn.size());
        assertThat(mean).isBetween(290.0, 310.0);
        assertThat(sd).isBetween(70.0, 90.0);
        assertThat(drawn).allSatisfy(n -> assertThat(n).isBetween(20, 600));
    }

    @Test
    void a_shared_prefix_starts_every_prompt_and_counts_in_its_length() {
        // given
        ShapedPrompts prompts = new ShapedPrompts("o200k_base", 100, 7);
        SplittableRandom r = new SplittableRandom(3);

        // when
        ShapedPrompts.Prompt a = prompts.next(250, r);
        ShapedPrompts.Prompt b = prompts.next(180, r);

        // then
        assertThat(prompts.prefixTokens()).isEqualTo(100);
        assertThat(commonPrefixTokens(prompts, a.text(), b.text())).isGreaterThanOrEqualTo(100);
        assertThat(a.tokens()).isEqualTo(250);
        assertThat(b.tokens()).isEqualTo(180);
    }

    @Test
    void the_same_seed_gives_the_same_prompts() {
        ShapedPrompts prompts = new ShapedPrompts("cl100k_base", 16, 9);
        assertThat(prompts.next(64, new SplittableRandom(5))).isEqualTo(prompts.next(64, new SplittableRandom(5)));
    }

    @Test
    void wrong_distributions_and_tokenizers_say_the_form() {
        assertThatThrownBy(() -> TokenLengths.parse("abc")).hasMessage("\"abc\" is not MEAN[:STDEV[:MIN:MAX]], e.g. "
                + "512:128:64:1024");
        assertThatThrownBy(() -> TokenLengths.parse("100:10:200:300")).hasMessageStartingWith("needs MEAN >= 1, "
                + "STDEV >= 0 and 1 <= MIN <= MEAN <= MAX");
        assertThatThrownBy(() -> new ShapedPrompts("llama3", 0, 1)).hasMessage("tokenizer \"llama3\" is not known; "
                + "use o200k_base or cl100k_base");
        assertThat(TokenLengths.parse("128")).isEqualTo(new TokenLengths(128, 0, 1, 128));
    }

    /** How many leading tokens two texts share. */
    private static int commonPrefixTokens(ShapedPrompts p, String a, String b) {
        int chars = 0;
        while (chars < Math.min(a.length(), b.length()) && a.charAt(chars) == b.charAt(chars)) {
            chars++;
        }
        return p.count(a.substring(0, chars));
    }
}
