package io.benchsuite.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        Path f = dir.resolve("data.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void records_are_used_in_order_and_cycle_when_exhausted() throws IOException {
        // given
        Dataset dataset = Dataset.load(file("[{\"i\":0},{\"i\":1},{\"i\":2}]"), null);

        // then
        assertThat(dataset.size()).isEqualTo(3);
        for (long seq = 0; seq < 10; seq++) {
            assertThat(dataset.get(seq).get("i").asInt()).isEqualTo((int) (seq % 3));
        }
    }

    @Test
    void a_dataset_that_is_not_an_array_is_rejected_with_the_file_named() throws IOException {
        Path f = file("{\"i\":0}");
        assertThatThrownBy(() -> Dataset.load(f, null)).isInstanceOf(ConfigException.class)
                .hasMessage(f + ": a dataset must be a JSON array of objects [ {...}, {...} ], got an object");
    }

    @Test
    void an_element_that_is_not_an_object_is_rejected_with_its_index() throws IOException {
        Path f = file("[{\"i\":0}, 7]");
        assertThatThrownBy(() -> Dataset.load(f, null))
                .hasMessage(f + ": record 1 must be a JSON object, got a number");
    }

    @Test
    void an_empty_array_is_rejected() throws IOException {
        Path f = file("[]");
        assertThatThrownBy(() -> Dataset.load(f, null))
                .hasMessage(f + ": dataset is an empty array; it needs at least one record");
    }

    @Test
    void a_missing_file_is_named() {
        Path f = dir.resolve("nope.json");
        assertThatThrownBy(() -> Dataset.load(f, null))
                .hasMessage(f + ": dataset file not found; check \"dataset\" in the config");
    }

    @Test
    void invalid_json_names_line_and_column() throws IOException {
        Path f = file("[\n{\"i\": 0},\n{\"i\": }\n]");
        assertThatThrownBy(() -> Dataset.load(f, null)).hasMessageStartingWith(f + ": not valid JSON at line 3, column");
    }

    @Test
    void a_record_check_sees_each_record_with_its_index() throws IOException {
        Path f = file("[{\"prompt\":\"a\"},{\"text\":\"b\"}]");
        assertThatThrownBy(() -> Dataset.load(f, (index, record) -> {
            if (!record.has("prompt")) {
                throw new ConfigException(f + ": record " + index + " has no \"prompt\"");
            }
        })).hasMessage(f + ": record 1 has no \"prompt\"");
    }
}
