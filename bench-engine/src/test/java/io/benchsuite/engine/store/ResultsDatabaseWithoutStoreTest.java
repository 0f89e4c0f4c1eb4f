package io.benchsuite.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine alone (no bench-store-mongo on the class path), as a JUnit user who did not add the store has it. */
class ResultsDatabaseWithoutStoreTest {

    private final List<String> notices = new ArrayList<>();

    @Test
    void a_configured_uri_without_the_store_module_is_one_clear_error_that_names_the_module() {
        assertThatThrownBy(() -> ResultsDatabase.openIfConfigured("mongodb://bob:hunter2@127.0.0.1:1", null,
                notices::add))
                .isInstanceOf(ConfigException.class)
                .hasMessage("MongoDB is configured (mongodb://bob:***@127.0.0.1:1, from MONGODB_URI, --mongodb-uri or "
                        + "benchsuite.mongodbUri) but the MongoDB store is not on the class path: add the dependency "
                        + "io.benchsuite:bench-store-mongo to store results in MongoDB, or unset the URI to keep them "
                        + "in local files only");
    }

    @Test
    void without_a_configured_uri_nothing_is_probed_or_said() {
        // when
        try (ResultsDatabase db = ResultsDatabase.open(Optional.empty(), notices::add)) {
            // then
            assertThat(db.online()).isFalse();
            assertThat(db.description()).isEmpty();
        }
        assertThat(notices).isEmpty();
    }
}
