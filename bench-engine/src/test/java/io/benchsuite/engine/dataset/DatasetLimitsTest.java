package io.benchsuite.engine.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset that cannot fit in memory is refused with a clear message before the load, never an OOM. */
class DatasetLimitsTest {

    @TempDir
    Path dir;

    private Path records(int n) throws Exception {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",\n").append("{\"id\": ").append(i).append(", \"q\": \"text ").append(i).append("\"}");
        }
        Path file = dir.resolve("big.json");
        Files.writeString(file, sb.append("]").toString());
        return file;
    }

    @Test
    void a_file_larger_than_half_the_heap_is_refused_before_reading() throws Exception {
        // given
        Path file = records(100);
        long heap = Files.size(file); // the file is 2x "half the heap"

        // when / then
        assertThatThrownBy(() -> Dataset.load(file, null, heap))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": dataset too large for memory (1 MiB file, 1 MiB max heap); "
                        + "records are held in memory during a run: use a smaller dataset (it is cycled, so a "
                        + "sample is enough) or give the JVM more heap");
    }

    @Test
    void reading_stops_with_a_message_when_the_heap_fills_up() throws Exception {
        // given: a heap "limit" far below what this JVM already uses, but above twice the file size
        Path file = records(5000);
        long heap = Files.size(file) * 3;

        // when / then
        assertThatThrownBy(() -> Dataset.load(file, null, heap))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("dataset too large for memory")
                .hasMessageContaining("heap full after 4096 records");
    }

    @Test
    void a_dataset_that_fits_loads_every_record_in_order() throws Exception {
        // given
        Path file = records(5000);

        // when
        Dataset ds = Dataset.load(file, null);

        // then
        assertThat(ds.size()).isEqualTo(5000);
        assertThat(ds.get(4999).get("id").asInt()).isEqualTo(4999);
        assertThat(ds.get(5000).get("id").asInt()).isZero();
    }

    @Test
    void a_directory_is_not_a_dataset() {
        // when / then
        assertThatThrownBy(() -> Dataset.load(dir, null))
                .hasMessage(dir + ": is a directory, not a dataset file");
    }
}
