package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Messages body spliced from the template is byte for byte the body serialised for the prompt. */
class AnthropicBodyTest {

    private static final String[] PROMPTS = {"hi", "", "quotes \" and \\ backslash", "lines\nand\ttabs\r\n",
        "unicode: é ü 漢字 😀", "control \u0001\u001f", "</script> {\"json\": [1, 2]}",
        "benchsuite-prompt-placeholder-5f3c9e1a"};

    @ParameterizedTest
    @ValueSource(strings = {"none", "system prompt and temperature", "placeholder in the system prompt"})
    void the_spliced_body_is_the_serialised_body(String variant) throws Exception {
        // given
        Map<String, Object> extra = switch (variant) {
            case "none" -> Map.of();
            case "system prompt and temperature" -> Map.of("system_prompt", "Be brief, \"exact\".", "temperature", 0.5);
            default -> Map.of("system_prompt", "benchsuite-prompt-placeholder-5f3c9e1a");
        };
        var settings = LlmSettings.of(LlmRun.config("anthropic", "http://127.0.0.1:9/v1", 1, extra), n -> "k");
        AnthropicBody bodies = new AnthropicBody(settings);
        for (String prompt : PROMPTS) {
            // when
            byte[] body = bodies.body(prompt, null);

            // then
            byte[] expected = AnthropicBody.serialise(settings, prompt);
            assertThat(new String(body, StandardCharsets.UTF_8)).as("body for %s", prompt)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
    }
}
