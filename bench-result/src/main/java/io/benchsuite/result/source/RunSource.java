package io.benchsuite.result.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.result.RunResult;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stored runs, read back: from the local results directory ({@link FileRunSource}) or from MongoDB
 * ({@code MongoResults.source()}). Both return the same {@link RunResult}s and the same request log entries, so
 * {@code bench analyze} prints the same output whichever it reads.
 *
 * <p>Lists are ordered newest first by {@code started_at} (then by {@code run_id}).
 */
public interface RunSource extends AutoCloseable {

    /** For people: where the runs are read from, e.g. {@code files in bench-results}. */
    String description();

    /** Up to {@code limit} runs, newest first. */
    List<RunResult> list(int limit);

    /** The newest run. */
    default Optional<RunResult> latest() {
        return list(1).stream().findFirst();
    }

    /** The run with {@code run_id} equal to {@code runId}. */
    Optional<RunResult> run(String runId);

    /** Up to {@code limit} runs of organisation {@code orgId}, newest first. */
    List<RunResult> org(String orgId, int limit);

    /**
     * The runs of {@code repeat: n} whose {@code repetition.group} is {@code group}, by {@code repetition.index}; empty
     * when there is no such group.
     */
    default List<RunResult> repetitions(String group) {
        return list(Integer.MAX_VALUE).stream()
                .filter(r -> r.repetition() != null && group.equals(r.repetition().group()))
                .sorted(java.util.Comparator.comparingInt(r -> r.repetition().index()))
                .toList();
    }

    /** The newest completed run of organisation {@code orgId} named {@code name} ({@code RunResult.name}). */
    default Optional<RunResult> latestCompleted(String orgId, String name) {
        return org(orgId, Integer.MAX_VALUE).stream()
                .filter(r -> name.equals(r.name()) && r.status() == RunResult.Status.completed).findFirst();
    }

    /**
     * Passes the request log of {@code runId} to {@code action} in {@code seq} order, one object per request
     * with the fields of {@code requests.jsonl.gz} ({@code seq, workers, start_offset_ms, latency_ms, success,
     * status, error}, and the token fields of streamed requests). The object may be reused between calls.
     *
     * @return the number of entries passed
     * @throws NoSuchElementException when there is no such run or it has no request log here
     */
    long forEachRequest(String runId, Consumer<ObjectNode> action);

    @Override
    default void close() {
    }
}
