package io.benchsuite.engine.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where baselines are kept: the results database ({@link ResultStore#baselines()}) or the results directory
 * ({@link #inDirectory}, {@code <out>/baselines/<org_id>/<name>.json}). At most one baseline per {@code org_id} and
 * {@code name}: setting one replaces the last.
 */
public interface Baselines {

    /** Where the baselines are, for people (no password). */
    String description();

    /** Marks {@code baseline}, replacing the one of the same organisation and name. */
    void put(Baseline baseline);

    /** The baseline of benchmark {@code name} in organisation {@code orgId}. */
    Optional<Baseline> get(String orgId, String name);

    /** Every baseline, or those of {@code orgId}, by organisation and name. */
    List<Baseline> list(Optional<String> orgId);

    /** The baselines kept as files in the results directory {@code outDir}, beside the runs they name. */
    static Baselines inDirectory(Path outDir) {
        return new FileBaselines(outDir);
    }
}
