package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Which part of a distributed run a result holds ({@code "shard"} of {@code result.json}): shard {@code index} of
 * {@code count}, which ran its share of every level's workers (see {@code docs/distributed.md}) from the shared
 * start {@code startAt}, {@code startOffsetMs} after it by its own measurement. Absent in a whole run.
 *
 * @param index         0 to {@code count - 1}
 * @param count         how many shards the run was split into
 * @param startAt       the instant every shard was to start its load at ({@code --start-at}, or the one the shards
 *                      agreed on at their barrier); null when the shard had none
 * @param startOffsetMs when this shard's load actually started, in milliseconds after {@code startAt} (by this
 *                      shard's clock); null without {@code startAt}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShardInfo(int index, int count, Instant startAt, Double startOffsetMs) {

    public ShardInfo {
        if (count < 2 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + " of " + count + ": a shard is 0 to count - 1 of "
                    + "at least 2");
        }
    }

    /**
     * The key that keeps shard {@code index}'s documents apart from the other shards' of run {@code runId}: its run
     * directory's name and its document id in a database ({@code <run_id>.shard-<index>}).
     */
    public static String key(String runId, int index) {
        return runId + ".shard-" + index;
    }

    /** The {@link #key(String, int)} of this shard of {@code runId}. */
    public String key(String runId) {
        return key(runId, index);
    }
}
