package io.benchsuite.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The shards a merged result was made of ({@code "shards"} of {@code result.json}, written by {@code bench merge};
 * absent in any other result).
 *
 * @param count   how many shards
 * @param skewMs  the spread of their start offsets: the latest shard's offset minus the earliest one's (ms)
 * @param members one entry per shard, by index
 */
public record MergedShards(int count, double skewMs, List<Member> members) {

    public MergedShards {
        members = List.copyOf(members);
    }

    /**
     * One shard as the merge saw it.
     *
     * @param index         the shard's index
     * @param host          where it ran ({@code environment.host})
     * @param startedAt     its {@code started_at}
     * @param startOffsetMs its measured offset from the shared start ({@code shard.start_offset_ms}), null when it
     *                      had none
     * @param requests      its requests
     * @param status        how it ended
     * @param validity      its {@code "validity"} verdict; null when it has none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Member(int index, String host, Instant startedAt, Double startOffsetMs, long requests,
                         RunResult.Status status, Validity validity) {
    }
}
