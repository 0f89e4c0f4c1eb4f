package io.benchsuite.engine.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One shard's entry at the barrier of a distributed run ({@link ShardBarrier}): shard {@code index} of
 * {@code count} was ready to start at {@code registeredAt} (its own wall clock).
 */
public record ShardRegistration(int index, int count, Instant registeredAt) {

    public ShardRegistration {
        Objects.requireNonNull(registeredAt, "registeredAt");
    }
}
