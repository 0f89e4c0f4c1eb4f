package io.benchsuite.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The reference runs a benchmark is compared with: {@code bench baseline set RUN} marks them for the benchmark's
 * {@code name} in its {@code org_id}, and {@code bench analyze --compare baseline CURRENT} or a load test's
 * {@code @Baseline} find them by that name again.
 *
 * @param orgId  the organisation
 * @param name   the benchmark's name ({@code name} of its runs; a load test's {@code Class#method})
 * @param runIds the runs: one, or the repetitions of one ({@code repeat: n})
 * @param setAt  when it was marked
 */
public record Baseline(String orgId, String name, List<String> runIds, Instant setAt) {

    public Baseline {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(name, "name");
        runIds = List.copyOf(runIds);
        if (runIds.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one run");
        }
        Objects.requireNonNull(setAt, "setAt");
    }
}
