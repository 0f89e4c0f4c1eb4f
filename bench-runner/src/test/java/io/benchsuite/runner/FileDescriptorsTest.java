package io.benchsuite.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.Target;
import io.benchsuite.engine.TargetFactory;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.RunSettings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileDescriptorsTest {

    /** A target whose workers each hold one connection, like system_api's. */
    static final class Connected implements TargetFactory {
        @Override
        public String benchmarkType() {
            return "connected";
        }

        @Override
        public Set<String> configKeys() {
            return Set.of();
        }

        @Override
        public int connectionsPerWorker() {
            return 1;
        }

        @Override
        public void validate(BenchConfig config) {
        }

        @Override
        public Target create(BenchConfig config) {
            return ex -> ex.success(200);
        }

        @Override
        public String describe(BenchConfig config) {
            return "connected";
        }
    }

    private static RunSettings settings(int maxLoad) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("benchmark_type", "connected")
                .put("max_load", maxLoad);
        return RunSettings.of(BenchConfig.of("c.json", null, root), new Connected(), List.of());
    }

    @Test
    void more_workers_than_the_open_file_limit_allows_are_refused_before_the_load() {
        assertThatThrownBy(() -> FileDescriptors.check(settings(2000), 1024, 31))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.json: \"max_load\" (2000) needs 2000 open connections, but this process may open 1024 "
                        + "files and 31 are open already (ulimit -n): at most 929 workers fit; raise the limit (e.g. "
                        + "ulimit -n 4096 before bench run) or lower \"max_load\"");
    }

    @Test
    void workers_that_fit_with_the_reserve_pass() {
        FileDescriptors.check(settings(929), 1024, 31);
        FileDescriptors.check(settings(2000), 100_000, 31);
        assertThat(FileDescriptors.RESERVE).isEqualTo(64);
    }
}
