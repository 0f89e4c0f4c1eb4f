package io.benchsuite.cli;

import io.benchsuite.engine.store.Baseline;
import io.benchsuite.result.RepetitionSummary;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.ComparedRun;
import io.benchsuite.result.source.FileRunSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What a run argument of {@code bench analyze --compare}, {@code bench report} and {@code bench baseline} names, tried
 * in this order:
 * <ol>
 *   <li>a path: a run directory, its {@code result.json}, or a repetition group's directory or
 *       {@code repetitions.json};</li>
 *   <li>{@code latest}: the newest run, with the other repetitions of its group;</li>
 *   <li>a run id (in files: also the name of its directory);</li>
 *   <li>the id of a repetition group ({@code repeat: n}): all its runs;</li>
 *   <li>{@code baseline} (the baseline of the other run's name), {@code baseline:NAME}, or a baseline's NAME: the
 *       baseline of that name in the other run's organisation ({@code bench baseline set}).</li>
 * </ol>
 */
final class RunRefs {

    private final Sources sources;

    RunRefs(Sources sources) {
        this.sources = sources;
    }

    /**
     * The runs {@code ref} names, with what a comparison needs.
     *
     * @param runs     one run, or the repetitions of one
     * @param compared the runs with their request logs
     * @param dir      the first run's directory, when it is in files
     */
    record Ref(List<RunResult> runs, ComparedRun compared, Path dir) {
    }

    /**
     * Resolves {@code ref}.
     *
     * @param other the other side of a comparison, for {@code baseline} (its organisation and name), or null
     * @throws NoSuchElementException naming what was looked for, where, and how to list what there is
     * @throws IllegalArgumentException for a path that holds no run
     */
    Ref resolve(String ref, RunResult other) {
        Optional<Path> path = existing(ref);
        if (path.isPresent()) {
            return fromPath(path.get());
        }
        if (ref.equals("latest")) {
            RunResult latest = sources.runs().latest().orElseThrow(() -> new NoSuchElementException("no runs in "
                    + sources.runs().description()));
            return fromSource(latest.repetition() == null ? List.of(latest)
                    : sources.runs().repetitions(latest.repetition().group()));
        }
        Optional<Path> inFiles = inResultsDirectory(ref);
        if (inFiles.isPresent()) {
            return fromPath(inFiles.get());
        }
        Optional<RunResult> run = sources.runs().run(ref);
        if (run.isPresent()) {
            return fromSource(List.of(run.get()));
        }
        List<RunResult> group = sources.runs().repetitions(ref);
        if (!group.isEmpty()) {
            return fromSource(group);
        }
        Optional<Baseline> baseline = baseline(ref, other);
        if (baseline.isPresent()) {
            List<RunResult> runs = new ArrayList<>();
            for (String id : baseline.get().runIds()) {
                runs.add(sources.runs().run(id).orElseThrow(() -> new NoSuchElementException("baseline \""
                        + baseline.get().name() + "\" (org " + baseline.get().orgId() + ") names run \"" + id
                        + "\", which is not in " + sources.runs().description() + "; set the baseline again with "
                        + "bench baseline set RUN")));
            }
            return fromSource(runs);
        }
        if (ref.equals("baseline") || ref.startsWith("baseline:")) {
            String name = ref.equals("baseline") ? (other == null ? null : other.name()) : ref.substring(9);
            throw new NoSuchElementException(other == null ? "\"" + ref + "\" names a baseline, which is looked up "
                    + "by the other run's organisation: give it as BASE" : "no baseline \"" + name + "\" of org "
                    + other.orgId() + " in " + sources.baselines().description() + "; mark one with bench baseline "
                    + "set RUN" + (ref.equals("baseline") ? "" : " --name " + name) + " (bench baseline list shows "
                    + "them)");
        }
        throw new NoSuchRun(ref, "no run \"" + ref + "\" in " + sources.runs().description()
                + "; list the runs with bench analyze --query list");
    }

    /** Nothing of any kind is called {@code ref}. */
    static final class NoSuchRun extends NoSuchElementException {
        final String ref;

        NoSuchRun(String ref, String message) {
            super(message);
            this.ref = ref;
        }
    }

    private Optional<Baseline> baseline(String ref, RunResult other) {
        if (other == null) {
            return Optional.empty();
        }
        String name = ref.equals("baseline") ? other.name() : ref.startsWith("baseline:") ? ref.substring(9) : ref;
        return name == null ? Optional.empty() : sources.baselines().get(other.orgId(), name);
    }

    private Ref fromSource(List<RunResult> runs) {
        Path dir = sources.runs() instanceof FileRunSource files ? files.runDir(runs.getFirst().runId()) : null;
        return new Ref(runs, ComparedRun.of(runs, sources.runs()), dir);
    }

    /** {@code <out>/<ref>/} when the runs are files and it holds a run or a repetition group. */
    private Optional<Path> inResultsDirectory(String ref) {
        if (!(sources.runs() instanceof FileRunSource files) || ref.contains("/") || ref.contains("\\")
                || ref.startsWith(".") || ref.isBlank()) {
            return Optional.empty();
        }
        try {
            Path dir = files.runDir(ref);
            return Files.isRegularFile(dir.resolve(ResultJson.RESULT_FILE))
                    || Files.isRegularFile(dir.resolve(RepetitionSummary.FILE)) ? Optional.of(dir) : Optional.empty();
        } catch (NoSuchElementException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> existing(String ref) {
        if (ref.equals("latest") || ref.equals("baseline")) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(ref);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** A run directory or result.json; a group's directory or repetitions.json. */
    static Ref fromPath(Path given) {
        Path p = given.toAbsolutePath().normalize();
        Path summary = Files.isDirectory(p) ? p.resolve(RepetitionSummary.FILE)
                : p.getFileName().toString().equals(RepetitionSummary.FILE) ? p : null;
        try {
            if (summary != null && Files.isRegularFile(summary)) {
                RepetitionSummary s = RepetitionSummary.read(summary);
                List<ComparedRun> parts = new ArrayList<>();
                for (String id : s.runIds()) {
                    parts.add(ComparedRun.read(summary.getParent().resolveSibling(id)));
                }
                if (parts.isEmpty()) {
                    throw new IllegalArgumentException(summary + " lists no runs");
                }
                ComparedRun all = ComparedRun.of(parts);
                return new Ref(all.runs(), all, summary.getParent().resolveSibling(s.runIds().getFirst()));
            }
            Path result = Files.isDirectory(p) ? p.resolve(ResultJson.RESULT_FILE) : p;
            if (!Files.isRegularFile(result)) {
                throw new IllegalArgumentException(given + " is a directory without " + ResultJson.RESULT_FILE + " or "
                        + RepetitionSummary.FILE + "; pass a run directory, a result.json or a run id");
            }
            ComparedRun run = ComparedRun.read(result);
            return new Ref(run.runs(), run, result.getParent());
        } catch (IOException | UncheckedIOException e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new IllegalArgumentException("cannot read " + given + ": " + msg
                    + " (is it a BenchSuite result.json?)");
        }
    }
}
