package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request body spliced from the template is byte for byte what openai-java serialises for the prompt. */
class OpenAiChatBodyTest {

    private static final String[] PROMPTS = {"hi", "", "quotes \" and \\ backslash", "lines\nand\ttabs\r\n",
        "unicode: é ü 漢字 😀", "control \u0001\u001f", "</script> {\"json\": [1, 2]}",
        "benchsuite-prompt-placeholder-5f3c9e1a"};

    @ParameterizedTest
    @ValueSource(strings = {"none", "system prompt and temperature", "placeholder in the system prompt"})
    void the_body_is_what_openai_java_sends(String variant) {
        // given
        Map<String, Object> extra = switch (variant) {
            case "none" -> Map.of();
            case "system prompt and temperature" -> Map.of("system_prompt", "Be brief, \"exact\".", "temperature", 0.5);
            default -> Map.of("system_prompt", "benchsuite-prompt-placeholder-5f3c9e1a");
        };
        var settings = LlmSettings.of(LlmRun.config("openai_compatible", "http://127.0.0.1:9/v1", 1, extra), n -> null);
        ChatBody bodies = new ChatBody(settings);
        for (String prompt : PROMPTS) {
            // when
            byte[] body = bodies.body(prompt, null);

            // then
            byte[] expected = ChatBody.serialise(bodies.params(prompt));
            assertThat(new String(body, StandardCharsets.UTF_8)).as("body for %s", prompt)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
    }

    @org.junit.jupiter.api.Test
    void a_record_with_max_tokens_and_ignore_eos_gets_them_in_its_body() throws Exception {
        // given
        var settings = LlmSettings.of(LlmRun.config("openai_compatible", "http://127.0.0.1:9/v1", 1, Map.of()),
                n -> null);
        ChatBody bodies = new ChatBody(settings);
        var record = LlmRun.JSON.createObjectNode().put("prompt", "p").put("max_tokens", 333).put("ignore_eos", true);

        // when
        var body = LlmRun.JSON.readTree(bodies.body("p", record));
        var plain = LlmRun.JSON.readTree(bodies.body("p", LlmRun.JSON.createObjectNode().put("prompt", "p")));

        // then
        assertThat(body.path("max_tokens").asLong()).isEqualTo(333);
        assertThat(body.path("ignore_eos").asBoolean()).isTrue();
        assertThat(plain.path("max_tokens").asLong()).isEqualTo(64);
        assertThat(plain.has("ignore_eos")).isFalse();
    }
}
