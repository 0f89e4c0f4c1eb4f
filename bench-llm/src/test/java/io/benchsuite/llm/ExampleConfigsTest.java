package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.engine.dataset.Dataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped examples/llm_*.json are valid, keep keys out of the file, and their prompt dataset loads. */
class ExampleConfigsTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @ParameterizedTest
    @ValueSource(strings = {"llm_openai.json", "llm_together.json", "llm_anthropic.json",
            "llm_openai_compatible.json"})
    void each_example_config_validates_and_takes_its_key_from_the_environment(String file) {
        // given
        LlmTargetFactory factory = new LlmTargetFactory(name -> "sk-from-env-" + name);
        BenchConfig config = ConfigLoader.load(EXAMPLES.resolve(file), List.of());

        // when
        config.checkKnownKeys(factory.configKeys());
        factory.validate(config);
        Dataset dataset = Dataset.load(config.dataset().orElseThrow(), factory.recordCheck(config));

        // then
        assertThat(config.has("auth_token")).as("no key in the example file").isFalse();
        assertThat(config.benchmarkType()).isEqualTo("llm_api");
        assertThat(dataset.size()).isGreaterThanOrEqualTo(10);
    }
}
