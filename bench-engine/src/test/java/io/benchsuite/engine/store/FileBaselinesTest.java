package io.benchsuite.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBaselinesTest {

    @TempDir
    Path out;

    @Test
    void a_baseline_is_kept_per_organisation_and_name_and_replaced_by_the_next() {
        // given
        Baselines baselines = Baselines.inDirectory(out);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");

        // when
        baselines.put(new Baseline("acme", "OrdersIT#placeOrder", List.of("r1"), t));
        baselines.put(new Baseline("acme", "orders/api ../x", List.of("g-r1", "g-r2"), t));
        baselines.put(new Baseline("globex", "OrdersIT#placeOrder", List.of("r7"), t));
        baselines.put(new Baseline("acme", "OrdersIT#placeOrder", List.of("r2"), t.plusSeconds(60)));

        // then
        assertThat(baselines.get("acme", "OrdersIT#placeOrder")).contains(new Baseline("acme", "OrdersIT#placeOrder",
                List.of("r2"), t.plusSeconds(60)));
        assertThat(baselines.get("acme", "orders/api ../x").orElseThrow().runIds()).containsExactly("g-r1", "g-r2");
        assertThat(baselines.get("acme", "missing")).isEmpty();
        assertThat(baselines.list(Optional.empty())).extracting(Baseline::orgId, Baseline::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acme", "OrdersIT#placeOrder"),
                        org.assertj.core.groups.Tuple.tuple("acme", "orders/api ../x"),
                        org.assertj.core.groups.Tuple.tuple("globex", "OrdersIT#placeOrder"));
        assertThat(baselines.list(Optional.of("globex"))).hasSize(1);
        // every file stays inside <out>/baselines/<org>/
        try (var files = Files.walk(out)) {
            assertThat(files.filter(Files::isRegularFile).toList()).allSatisfy(f -> assertThat(
                    out.resolve("baselines").relativize(f).getNameCount()).isEqualTo(2));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(baselines.description()).isEqualTo("files in " + out);
    }
}
