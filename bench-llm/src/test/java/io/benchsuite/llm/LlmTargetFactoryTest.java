package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.dataset.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmTargetFactoryTest {

    private static final String ENV_KEY = "sk-env-5e7a9c";

    private final LlmTargetFactory factory = new LlmTargetFactory(
            name -> name.equals("OPENAI_API_KEY") ? ENV_KEY : null);

    @Test
    void the_factory_is_found_by_service_loader_for_llm_api() {
        // when
        var types = ServiceLoader.load(TargetFactory.class).stream().map(p -> p.get().benchmarkType()).toList();

        // then
        assertThat(types).contains("llm_api");
        assertThat(factory.streaming()).isTrue();
        assertThat(factory.datasetRequired()).isTrue();
    }

    @Test
    void an_unknown_provider_is_a_config_error_naming_the_field_and_the_valid_ones() {
        // given
        BenchConfig config = LlmRun.config("openia", null, 1, Map.of());

        // when / then
        assertThatThrownBy(() -> factory.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test-config.json: \"provider\" (\"openia\") is not a known provider")
                .hasMessageContaining("openai, together, anthropic, openai_compatible");
    }

    @Test
    void an_api_key_from_the_environment_with_a_line_break_is_refused_without_showing_it() {
        // given a key pasted with its newline into the environment variable
        LlmTargetFactory pasted = new LlmTargetFactory(name -> name.equals("OPENAI_API_KEY") ? "sk-abc\r\nX: y" : null);
        BenchConfig config = LlmRun.config("openai", null, 1, Map.of());

        // when / then
        assertThatThrownBy(() -> pasted.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test-config.json: the API key in the environment variable OPENAI_API_KEY contains a line "
                        + "break (character 7); a secret must be one line, check for a pasted newline");
    }

    @Test
    void openai_compatible_without_base_url_is_a_config_error() {
        // given
        BenchConfig config = LlmRun.config("openai_compatible", null, 1, Map.of());

        // when / then
        assertThatThrownBy(() -> factory.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("\"base_url\" is required for provider \"openai_compatible\"");
    }

    @Test
    void a_missing_model_is_a_config_error() {
        // given
        var root = LlmRun.config("openai", null, 1, Map.of()).json();
        root.remove("model");
        BenchConfig config = BenchConfig.of("test-config.json", null, root);

        // when / then
        assertThatThrownBy(() -> factory.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("missing required field \"model\"");
    }

    @Test
    void a_named_provider_without_any_key_asks_for_its_environment_variable() {
        // given
        LlmTargetFactory noEnv = new LlmTargetFactory(name -> null);
        BenchConfig config = LlmRun.config("anthropic", null, 1, Map.of());

        // when / then
        assertThatThrownBy(() -> noEnv.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set the environment variable ANTHROPIC_API_KEY");
    }

    @Test
    void openai_compatible_runs_without_a_key() {
        // given
        LlmTargetFactory noEnv = new LlmTargetFactory(name -> null);
        BenchConfig config = LlmRun.config("openai_compatible", "http://127.0.0.1:8000/v1", 1, Map.of());

        // when
        noEnv.validate(config);

        // then
        assertThat(noEnv.describe(config)).isEqualTo("openai_compatible fake-model @ http://127.0.0.1:8000/v1");
    }

    @Test
    void bad_values_are_config_errors_naming_the_field() {
        assertThatThrownBy(() -> factory.validate(LlmRun.config("openai", null, 1, Map.of("max_tokens", 0))))
                .hasMessageContaining("\"max_tokens\" (0) must be >= 1");
        assertThatThrownBy(() -> factory.validate(LlmRun.config("openai", null, 1, Map.of("temperature", 3.5))))
                .hasMessageContaining("\"temperature\" (3.5) must be between 0 and 2");
        assertThatThrownBy(() -> factory.validate(LlmRun.config("openai_compatible", "ftp://x/v1", 1, Map.of())))
                .hasMessageContaining("\"base_url\" (\"ftp://x/v1\") must start with http:// or https://");
    }

    @Test
    void the_key_from_the_environment_is_a_secret_and_never_described() {
        // given
        BenchConfig config = LlmRun.config("openai", null, 1, Map.of());

        // when
        String description = factory.describe(config);
        var secrets = factory.secrets(config).values();

        // then
        assertThat(description).isEqualTo("openai fake-model @ https://api.openai.com/v1").doesNotContain(ENV_KEY);
        assertThat(secrets).contains(ENV_KEY);
        assertThat(LlmSettings.of(config, n -> ENV_KEY).toString()).doesNotContain(ENV_KEY);
    }

    @Test
    void auth_token_in_the_file_wins_over_the_environment_and_is_redacted() {
        // given
        BenchConfig config = LlmRun.config("openai", null, 1, Map.of("auth_token", "sk-file-123"));

        // when
        var settings = LlmSettings.of(config, n -> ENV_KEY);

        // then
        assertThat(settings.apiKey()).isEqualTo("sk-file-123");
        assertThat(config.redacted(factory.secretKeys()).get("auth_token").asText()).isEqualTo("***");
        assertThat(factory.secrets(config).values()).contains("sk-file-123");
    }

    @Test
    void a_dataset_record_without_a_prompt_is_a_config_error_naming_the_record_index(@TempDir Path dir)
            throws Exception {
        // given
        Path file = dir.resolve("prompts.json");
        Files.writeString(file, "[{\"prompt\": \"one\"}, {\"prompt\": \"two\"}, {\"text\": \"no prompt\"}]");
        var root = LlmRun.config("openai", null, 1, Map.of()).json();
        root.put("dataset", file.toString());
        BenchConfig config = BenchConfig.of("test-config.json", dir, root);

        // when / then
        assertThatThrownBy(() -> Dataset.load(file, factory.recordCheck(config)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": record 2 has no \"prompt\"; every llm_api record needs one, "
                        + "e.g. {\"prompt\": \"Explain TCP slow start.\"}");
    }

    @Test
    void the_anthropic_messages_url_does_not_double_the_version() {
        // given
        var plain = LlmSettings.of(LlmRun.config("anthropic", "https://api.anthropic.com", 1,
                Map.of("auth_token", "k")), n -> null);
        var withVersion = LlmSettings.of(LlmRun.config("anthropic", "http://127.0.0.1:9/v1/", 1,
                Map.of("auth_token", "k")), n -> null);

        // then
        assertThat(plain.anthropicMessagesUrl()).isEqualTo("https://api.anthropic.com/v1/messages");
        assertThat(withVersion.anthropicMessagesUrl()).isEqualTo("http://127.0.0.1:9/v1/messages");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "\"cheap\" | \"pricing\" must be an object, e.g. {\"input_per_million\": 0.15, \"output_per_million\": 0.60, "
                + "\"cached_input_per_million\": 0.075} (US dollars per million tokens)",
        "{\"input_per_million\": 1} | \"pricing\" needs \"output_per_million\", e.g.",
        "{\"input_per_million\": 1, \"output_per_million\": -2} | \"pricing\" \"output_per_million\" (-2) must be a "
                + "number >= 0 (US dollars per million tokens)",
        "{\"input\": 1, \"output_per_million\": 2} | \"pricing\" has an unknown key \"input\"; use input_per_million, "
                + "output_per_million, cached_input_per_million"})
    void a_wrong_pricing_is_one_message_naming_the_key_and_the_fix(String pricing, String message) throws Exception {
        // given
        BenchConfig config = LlmRun.config("openai", null, 1,
                Map.of("pricing", LlmRun.JSON.readTree(pricing)));

        // when / then
        assertThatThrownBy(() -> factory.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("test-config.json: " + message);
    }

    @Test
    void a_server_metrics_url_that_is_not_http_is_refused() {
        // given
        BenchConfig config = LlmRun.config("openai", null, 1, Map.of("server_metrics_url", "ftp://x/metrics"));

        // when / then
        assertThatThrownBy(() -> factory.validate(config))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test-config.json: \"server_metrics_url\" (\"ftp://x/metrics\") must start with http:// or "
                        + "https://");
    }
}
