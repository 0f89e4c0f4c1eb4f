package io.benchsuite.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.config.RunSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String SYS = "{\"benchmark_type\": \"system_api\", \"endpoint\": \"http://127.0.0.1:9/x\"}";

    @TempDir
    Path dir;

    private Path config(String text) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void an_unknown_key_from_set_is_named_as_coming_from_set_with_a_suggestion() throws Exception {
        // given
        BenchConfig cfg = ConfigLoader.load(config(SYS), List.of("max_lod=5"));

        // when / then
        assertThatThrownBy(() -> RunSettings.of(cfg))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--set max_lod=...: unknown key \"max_lod\"; did you mean \"max_load\"?");
    }

    @Test
    void an_unknown_key_in_the_file_names_the_file() throws Exception {
        // given
        BenchConfig cfg = ConfigLoader.load(config(SYS.replace("}", ", \"max_lod\": 5}")), List.of());

        // when / then
        assertThatThrownBy(() -> RunSettings.of(cfg))
                .hasMessage(dir.resolve("c.json") + ": unknown key \"max_lod\"; did you mean \"max_load\"?");
    }

    @Test
    void a_wrong_type_from_set_says_so() throws Exception {
        // given
        BenchConfig cfg = ConfigLoader.load(config(SYS), List.of("timeout=soon"));

        // when / then
        assertThatThrownBy(() -> RunSettings.of(cfg))
                .hasMessage(dir.resolve("c.json") + ": \"timeout\" must be a number, got a string \"soon\" "
                        + "(given with --set timeout=...)");
    }

    @Test
    void set_values_are_json_when_they_parse_and_strings_otherwise() throws Exception {
        // when
        BenchConfig cfg = ConfigLoader.load(config(SYS), List.of("max_load=7", "name=my run", "min_load=2"));

        // then
        assertThat(io.benchsuite.engine.LoadPlan.from(cfg).maxWorkers()).isEqualTo(7);
        assertThat(cfg.name()).contains("my run");
    }

    @Test
    void set_without_a_key_is_refused() throws Exception {
        // given
        Path file = config(SYS);

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of("=sk-123")))
                .hasMessage("--set =...: expected key=value, e.g. --set max_load=50");
    }

    @Test
    void a_key_given_twice_is_an_error_not_last_one_wins() throws Exception {
        // given
        Path file = config("{\"max_load\": 5,\n \"max_load\": 6}");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessage(file + ": not valid JSON at line 2, column 12: key \"max_load\" appears twice");
    }

    @Test
    void text_after_the_object_is_an_error() throws Exception {
        // given
        Path file = config("{\"max_load\": 5} x");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessageStartingWith(file + ": not valid JSON at line 1, column ")
                .hasMessageNotContaining("Exception");
    }

    @Test
    void a_file_that_is_not_utf8_is_named_as_such() throws Exception {
        // given
        Path file = dir.resolve("latin1.json");
        Files.write(file, new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xE9, '"', '}'});

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessage(file + ": not UTF-8 text; save the config as UTF-8 JSON");
    }

    @Test
    void a_directory_given_as_config_is_named_as_such() {
        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(dir, List.of()))
                .hasMessage(dir + ": is a directory; --config needs a JSON file");
    }

    @Test
    void max_load_below_min_load_from_set_says_so() throws Exception {
        // given
        BenchConfig cfg = ConfigLoader.load(config(SYS), List.of("min_load=20", "max_load=3"));

        // when / then
        assertThatThrownBy(() -> io.benchsuite.engine.LoadPlan.from(cfg))
                .hasMessage(dir.resolve("c.json") + ": \"max_load\" (3) must be >= \"min_load\" (20); raise "
                        + "\"max_load\" or lower \"min_load\" (given with --set max_load=...)");
    }

    @Test
    void an_unquoted_secret_is_not_echoed_in_the_syntax_error() throws Exception {
        // given
        Path file = config("{\"benchmark_type\": \"system_api\",\n \"auth_token\": skLiveAbcdef123456}");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, List.of()))
                .hasMessage(file + ": not valid JSON at line 2, column 16: a word that is not a JSON value (strings "
                        + "need double quotes)")
                .hasMessageNotContaining("skLive");
    }

    @Test
    void a_credential_of_the_wrong_type_is_not_echoed() throws Exception {
        // given
        BenchConfig token = ConfigLoader.load(config(SYS.replace("}", ", \"auth_token\": {\"v\": \"sk-123456\"}}")),
                List.of());
        BenchConfig headers = ConfigLoader.load(config(SYS.replace("}",
                ", \"headers\": [\"Authorization: Bearer sk-123456\"]}")), List.of());

        // when / then
        assertThatThrownBy(() -> RunSettings.of(token))
                .hasMessage(dir.resolve("c.json") + ": \"auth_token\" must be a string, got an object (value not "
                        + "shown: it may be a secret)");
        assertThatThrownBy(() -> RunSettings.of(headers))
                .hasMessageContaining("\"headers\" must be an object of strings")
                .hasMessageNotContaining("sk-123456");
    }

    @Test
    void a_wrong_type_for_an_ordinary_key_shows_the_value() throws Exception {
        // given
        BenchConfig cfg = ConfigLoader.load(config(SYS.replace("}", ", \"max_load\": \"ten\"}")), List.of());

        // when / then
        assertThatThrownBy(() -> io.benchsuite.engine.LoadPlan.from(cfg)).hasMessageEndingWith("\"max_load\" must be a whole number, got a string \"ten\"");
    }
}
