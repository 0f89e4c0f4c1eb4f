package io.benchsuite.junit;

import io.benchsuite.engine.store.Baseline;
import io.benchsuite.engine.store.ResultsDatabase;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.ComparedRun;
import io.benchsuite.result.source.RunSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The baseline of one load test, looked up before its load as {@link Baseline} describes: MongoDB's baseline or
 * previous run of the benchmark's name, else the baseline directory.
 *
 * @param runs  the baseline, or null when there is none
 * @param where where it was found, or why there is none, for people
 */
record TestBaseline(ComparedRun runs, String where) {

    /**
     * Looks up the baseline of benchmark {@code name} in organisation {@code orgId}.
     *
     * @param dir     the directory of its runs under the baseline directory
     * @param current the run about to start, which is never its own baseline
     */
    static TestBaseline find(String orgId, String name, Path dir, String current, ResultsDatabase db) {
        Optional<RunSource> stored = db.source();
        if (stored.isPresent()) {
            RunSource source = stored.get();
            Optional<Baseline> marked = db.baselines().flatMap(b -> b.get(orgId, name));
            if (marked.isPresent()) {
                List<RunResult> runs = new ArrayList<>();
                marked.get().runIds().forEach(id -> source.run(id).ifPresent(runs::add));
                if (!runs.isEmpty()) {
                    return new TestBaseline(ComparedRun.of(runs, source), "baseline \"" + name + "\" in "
                            + source.description());
                }
            }
            Optional<RunResult> previous = source.latestCompleted(orgId, name)
                    .filter(r -> !r.runId().equals(current));
            if (previous.isPresent()) {
                return new TestBaseline(ComparedRun.of(List.of(previous.get()), source), "the previous run of \""
                        + name + "\" in " + source.description());
            }
        }
        Optional<Path> inDir = newest(dir, current);
        if (inDir.isPresent()) {
            try {
                return new TestBaseline(ComparedRun.read(inDir.get()), inDir.get().toAbsolutePath().toString());
            } catch (IOException | UncheckedIOException e) {
                return new TestBaseline(null, "the baseline " + inDir.get().toAbsolutePath() + " cannot be read ("
                        + e.getMessage() + ")");
            }
        }
        return new TestBaseline(null, "no baseline of \"" + name + "\" " + (stored.isPresent() ? "in "
                + stored.get().description() + " nor " : "") + "in " + dir.toAbsolutePath() + " (the first run has "
                + "none: this run is the next one's)");
    }

    /** {@code dir/result.json}, else the newest completed run directory in {@code dir} but {@code current}'s. */
    private static Optional<Path> newest(Path dir, String current) {
        if (Files.isRegularFile(dir.resolve(ResultJson.RESULT_FILE))) {
            return Optional.of(dir);
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        record Candidate(Path dir, RunResult result) {
        }
        try (Stream<Path> dirs = Files.list(dir)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(ResultJson.RESULT_FILE)))
                    .flatMap(d -> read(d).map(r -> new Candidate(d, r)).stream())
                    .filter(c -> !c.result().runId().equals(current)
                            && c.result().status() == RunResult.Status.completed)
                    .max(Comparator.comparing((Candidate c) -> c.result().startedAt(),
                            Comparator.nullsFirst(Comparator.naturalOrder())))
                    .map(Candidate::dir);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<RunResult> read(Path dir) {
        try {
            return Optional.of(ResultJson.read(dir));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
