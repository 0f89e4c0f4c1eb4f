package io.benchsuite.it.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.config.BenchConfig;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.it.TestRun;
import io.benchsuite.engine.run.RunControl;
import io.benchsuite.demo.FakeLlmServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A full configured run (files on disk) with failing and succeeding requests never writes the key anywhere. */
@Timeout(120)
class LlmSecretsNeverLeakIT {

    private static final String KEY = "sk-unique-7f3b2d91-never-print";

    @ParameterizedTest
    @ValueSource(strings = {"openai_compatible", "anthropic"})
    void the_key_appears_in_no_result_file_log_or_description(String provider, @TempDir Path dir) throws Exception {
        // given
        try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.of(5, 1, 3))) {
            Path prompts = dir.resolve("prompts.json");
            Files.writeString(prompts, "[{\"prompt\": \"hi\"}, {\"prompt\": \"#fault=http_429\"},"
                    + " {\"prompt\": \"#fault=stream_error\"}, {\"prompt\": \"#fault=truncate\"}]");
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("benchmark_type", "llm_api");
            root.put("provider", provider);
            root.put("base_url", server.baseUrl());
            root.put("model", "fake-model");
            root.put("max_tokens", 64);
            root.put("min_load", 2);
            root.put("max_load", 2);
            root.put("enable_ramping", false);
            root.put("auth_token", KEY);
            root.put("dataset", prompts.toString());
            root.put("total_requests", 12);
            root.put("duration_seconds", 30);
            root.put("timeout", 2);
            TestRun run = TestRun.prepare(BenchConfig.of("llm-config.json", dir, root));

            // when
            var outcome = run.execute(dir.resolve("out"), p -> { }, new RunControl());

            // then
            assertThat(outcome.result().overall().requests()).isEqualTo(12);
            assertThat(outcome.result().overall().errors()).containsKeys("http_429", "stream_error",
                    "truncated_stream");
            assertThat(outcome.result().target()).doesNotContain(KEY);
            try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(text(file)).as("contents of %s", file.getFileName()).doesNotContain(KEY);
                }
            }
        }
    }

    private static String text(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
