package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFilesTest {

    @TempDir
    Path dir;

    @Test
    void an_output_directory_that_is_a_file_is_refused_with_one_clear_message() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("results.json"), "{}");

        // when / then
        assertThatThrownBy(() -> RunFiles.create(file, "r1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ": " + file + " is a file, not a directory; choose a directory for the results");
    }

    @Test
    void a_file_further_up_the_output_path_is_named_and_nothing_is_created() throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("target"), "not a directory");
        Path out = file.resolve("benchsuite").resolve("Orders");

        // when / then
        assertThatThrownBy(() -> RunFiles.create(out, "r1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(out + ": " + file + " is a file, not a directory; choose a directory for the results");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void a_missing_output_directory_is_created_with_the_run_directory_in_it() {
        // when
        RunFiles files = RunFiles.create(dir.resolve("a/b"), "r1");

        // then
        assertThat(files.dir()).isEqualTo(dir.resolve("a/b/r1")).isDirectory();
    }
}
