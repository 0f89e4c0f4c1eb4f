package io.benchsuite.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StoreSettingsTest {

    @Test
    void explicit_uri_wins_over_the_environment_and_the_default_is_only_probed() {
        Map<String, String> env = Map.of("MONGODB_URI", "mongodb://env:27017", "DATABASE_NAME", "perf");
        assertThat(StoreSettings.resolve(Optional.of("mongodb://cli:1"), env))
                .isEqualTo(new StoreSettings("mongodb://cli:1", "perf", true, StoreSettings.CONFIGURED_TIMEOUT));
        assertThat(StoreSettings.resolve(Optional.empty(), env).uri()).isEqualTo("mongodb://env:27017");
        assertThat(StoreSettings.resolve(Optional.empty(), Map.of()))
                .isEqualTo(new StoreSettings("mongodb://localhost:27017", "benchmarking", false,
                        StoreSettings.PROBE_TIMEOUT));
    }

    @Test
    void a_uri_that_is_not_mongodb_is_refused_without_showing_its_password() {
        assertThatThrownBy(() -> StoreSettings.of("http://u:hunter2@h", "db"))
                .hasMessage("MongoDB URI \"http://u:***@h\" must start with mongodb:// or mongodb+srv://, "
                        + "e.g. mongodb://localhost:27017");
    }
}
