package io.benchsuite.runner;

import io.benchsuite.engine.Shard;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a run takes part in a distributed run ({@code bench run --shard I/N}; see {@code docs/distributed.md}): which
 * shard it is, and how the shards start together, at {@code startAt} ({@code --start-at}) or, without it, at a
 * barrier in the results database that waits at most {@code barrierTimeout} for the other shards.
 *
 * @param shard          this run's shard ({@link Shard#WHOLE} for a run of its own)
 * @param startAt        the instant every shard starts its load at, if given
 * @param barrierTimeout how long a shard without {@code startAt} waits at the barrier for the others
 */
public record ShardRun(Shard shard, Optional<Instant> startAt, Duration barrierTimeout) {

    /** How long a shard waits for the others at the barrier unless told otherwise. */
    public static final Duration DEFAULT_BARRIER_TIMEOUT = Duration.ofMinutes(5);

    /** A run of its own, started at once. */
    public static final ShardRun WHOLE = new ShardRun(Shard.WHOLE, Optional.empty(), DEFAULT_BARRIER_TIMEOUT);

    public ShardRun {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(startAt, "startAt");
        if (barrierTimeout == null || barrierTimeout.isNegative() || barrierTimeout.isZero()) {
            throw new IllegalArgumentException("barrier timeout (" + barrierTimeout + ") must be positive");
        }
    }

    /** Whether the shards meet at a barrier in the database (a shard without {@code --start-at}). */
    public boolean barrier() {
        return !shard.whole() && startAt.isEmpty();
    }
}
