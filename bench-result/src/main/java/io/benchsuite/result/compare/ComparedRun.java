package io.benchsuite.result.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.FileRunSource;
import io.benchsuite.result.source.RunSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * One side of a comparison: a run, or the repetitions of one ({@code repeat: n}), with the data the statistics need.
 * That is each run's request log ({@code requests.jsonl.gz}, or MongoDB's request documents) when it is complete:
 * every request's latency and start time, so that the noise of the run over time can be measured. Without it, the
 * levels' latency histograms of {@code result.json} are used, which know nothing of time: the comparison says so.
 *
 * <pre>{@code
 * ComparedRun base = ComparedRun.read(Path.of("bench-results/20261201-101500-ab12"));
 * ComparedRun current = ComparedRun.of(List.of(run), runSource);
 * RunComparison c = RunComparison.of(base, current, RegressionThreshold.DEFAULT);
 * }</pre>
 */
public final class ComparedRun {

    /** A request log with fewer entries than this share of the run's requests is partial ({@code request_log}). */
    private static final double COMPLETE = 0.95;

    private final List<RunResult> runs;
    private final List<Blocks> blocks;
    private final List<String> notes;

    private ComparedRun(List<RunResult> runs, List<Blocks> blocks, List<String> notes) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a compared run needs at least one result");
        }
        this.runs = List.copyOf(runs);
        this.blocks = List.copyOf(blocks);
        this.notes = List.copyOf(notes);
    }

    /** {@code result} from its histograms alone (no request log). */
    public static ComparedRun of(RunResult result) {
        List<String> notes = new ArrayList<>();
        return new ComparedRun(List.of(result), List.of(histograms(result, "has no request log", notes)), notes);
    }

    /**
     * {@code result} with its request log {@code requestLog} ({@code requests.jsonl.gz}); from its histograms when that
     * file does not exist or is partial.
     *
     * @throws UncheckedIOException when the log exists but cannot be read
     */
    public static ComparedRun of(RunResult result, Path requestLog) {
        if (!Files.isRegularFile(requestLog)) {
            return of(result);
        }
        return of(List.of(result), consumer -> FileRunSource.readRequestLog(requestLog, consumer));
    }

    /**
     * The run in {@code path}: a run directory, or its {@code result.json} (the request log is looked for beside it).
     *
     * @throws IOException when there is no readable {@code result.json}
     */
    public static ComparedRun read(Path path) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        RunResult result = ResultJson.read(path);
        return of(result, dir.resolve(ResultJson.REQUEST_LOG_FILE));
    }

    /** {@code runs} (one run, or the repetitions of one), with their request logs from {@code source} if it has any. */
    public static ComparedRun of(List<RunResult> runs, RunSource source) {
        List<Blocks> blocks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (RunResult r : runs) {
            blocks.add(blocks(r, consumer -> source.forEachRequest(r.runId(), consumer), notes));
        }
        return new ComparedRun(runs, blocks, notes);
    }

    /** The repetitions of {@code parts} together, as one side. */
    public static ComparedRun of(List<ComparedRun> parts) {
        List<RunResult> runs = new ArrayList<>();
        List<Blocks> blocks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ComparedRun p : parts) {
            runs.addAll(p.runs);
            blocks.addAll(p.blocks);
            notes.addAll(p.notes);
        }
        return new ComparedRun(runs, blocks, notes);
    }

    private static ComparedRun of(List<RunResult> runs, RequestLog log) {
        List<String> notes = new ArrayList<>();
        return new ComparedRun(runs, List.of(blocks(runs.getFirst(), log, notes)), notes);
    }

    /** Where a run's request log entries come from. */
    private interface RequestLog {
        long forEach(Consumer<ObjectNode> consumer);
    }

    private static Blocks blocks(RunResult result, RequestLog log, List<String> notes) {
        Blocks.Builder builder = Blocks.builder(result);
        long entries;
        try {
            entries = log.forEach(line -> add(builder, line));
        } catch (NoSuchElementException | UncheckedIOException e) {
            return histograms(result, "has no readable request log (" + e.getMessage() + ")", notes);
        }
        long requests = result.overall() == null ? entries : result.overall().requests();
        if (entries < COMPLETE * requests) {
            return histograms(result, "has a partial request log (" + entries + " of " + requests + " requests: "
                    + "request_log other than \"all\")", notes);
        }
        return builder.build();
    }

    private static Blocks histograms(RunResult result, String why, List<String> notes) {
        notes.add("run " + result.runId() + " " + why + ": its intervals come from its latency histograms, as if its "
                + "requests were independent, which makes them too narrow; keep requests.jsonl.gz with the runs you "
                + "compare");
        return Blocks.fromHistograms(result);
    }

    private static void add(Blocks.Builder builder, ObjectNode line) {
        // the open model's lines: the level is the rate (rounded, as Blocks keys it), and a request belongs to the
        // bucket of its intended start
        boolean open = line.has("rate");
        builder.add(open ? (int) Math.round(line.path("rate").asDouble()) : line.path("workers").asInt(),
                line.path(open ? "intended_offset_ms" : "start_offset_ms").asDouble(),
                line.path("latency_ms").asDouble(), line.path("success").asBoolean(), number(line.get("ttft_ms")),
                number(line.get("tpot_ms")),
                line.hasNonNull("output_tokens") ? line.get("output_tokens").asLong() : -1);
    }

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** The runs of this side: one, or its repetitions in order. */
    public List<RunResult> runs() {
        return runs;
    }

    /** The first (or only) run. */
    public RunResult first() {
        return runs.getFirst();
    }

    /**
     * How to name this side: the group id its repetitions share ({@code repetition.group}), else the run id of its
     * first run.
     */
    public String id() {
        RunResult.Repetition r = first().repetition();
        if (runs.size() > 1 && r != null && runs.stream().allMatch(x -> x.repetition() != null
                && r.group().equals(x.repetition().group()))) {
            return r.group();
        }
        return first().runId();
    }

    /** Whether every run's statistics come from its request log (not from histograms alone). */
    public boolean fromRequestLogs() {
        return blocks.stream().allMatch(b -> b.fromLog);
    }

    /** Requests of every run. */
    public long requests() {
        return blocks.stream().mapToLong(Blocks::totalRequests).sum();
    }

    List<Blocks> blocks() {
        return blocks;
    }

    /** What the statistics of this side had to make do with (no request log, ...). */
    List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        return "ComparedRun[" + id() + ", " + runs.size() + " run(s), " + requests() + " requests]";
    }
}
