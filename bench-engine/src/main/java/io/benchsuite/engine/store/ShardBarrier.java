package io.benchsuite.engine.store;

import io.benchsuite.engine.Shard;
import io.benchsuite.engine.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shared start of a distributed run's shards agreed on through the results database, when no
 * {@code --start-at} was given: each shard registers, then polls until every shard of the run has registered, and
 * all start at the same instant: the last registration plus a lead ({@link #MARGIN}, plus the warm-up), which every
 * shard computes alike from the same registrations, so no shard has to tell the others.
 *
 * <pre>{@code
 * Instant start = new ShardBarrier(store).await("run-42", Shard.parse("1/3"), Duration.ofSeconds(5),
 *         Duration.ofMinutes(5), line -> System.err.println(line));
 * }</pre>
 *
 * <p>Mistakes are {@link ConfigException}s naming the fix: not every shard registered within the timeout, shards
 * registered with different counts, a shard that registered twice (a shard runs once per run id).
 */
public final class ShardBarrier {

    /**
     * How long after the last registration the shards start: several polls, so that every shard has seen the last
     * registration and waits for the instant rather than finding it past.
     */
    public static final Duration MARGIN = Duration.ofSeconds(2);
    /** How often a waiting shard reads the registrations. */
    static final Duration POLL = Duration.ofMillis(200);

    /** How a waiting shard passes the time between polls (a test moves a fake clock instead). */
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    private final ResultStore store;
    private final InstantSource wall;
    private final Pause pause;

    public ShardBarrier(ResultStore store) {
        this(store, InstantSource.system(), d -> Thread.sleep(d));
    }

    ShardBarrier(ResultStore store, InstantSource wall, Pause pause) {
        this.store = Objects.requireNonNull(store);
        this.wall = wall;
        this.pause = pause;
    }

    /**
     * Registers {@code shard} of run {@code runId} and waits until all its shards have; returns the instant they all
     * start at.
     *
     * @param warmup  the run's warm-up, which comes before the start
     * @param timeout how long to wait for the other shards, from the registration
     * @param say     one-line messages for the user (waiting, who is missing)
     * @throws ConfigException when not every shard registered in time, the counts differ, or this shard registered
     *                         before
     */
    public Instant await(String runId, Shard shard, Duration warmup, Duration timeout,
                         java.util.function.Consumer<String> say) {
        Instant registered = wall.instant();
        try {
            store.registerShard(runId, new ShardRegistration(shard.index(), shard.count(), registered));
        } catch (IllegalStateException e) {
            throw new ConfigException(e.getMessage());
        }
        say.accept("shard " + shard + " of run " + runId + ": registered at the barrier in " + store.description()
                + "; waiting for all " + shard.count() + " shards (at most " + timeout.toSeconds() + " s)");
        Instant deadline = registered.plus(timeout);
        while (true) {
            List<ShardRegistration> all = store.shardRegistrations(runId);
            Set<Integer> indexes = new TreeSet<>();
            Instant last = registered;
            for (ShardRegistration r : all) {
                if (r.count() != shard.count()) {
                    throw new ConfigException("shard " + r.index() + " of run " + runId + " registered at the barrier "
                            + "as one of " + r.count() + " shards, this one as one of " + shard.count() + ": give every "
                            + "shard the same count (--shard I/N, or " + "the same shard count in the environment)");
                }
                indexes.add(r.index());
                last = r.registeredAt().isAfter(last) ? r.registeredAt() : last;
            }
            if (indexes.size() == shard.count()) {
                return last.plus(MARGIN).plus(warmup);
            }
            if (!wall.instant().isBefore(deadline)) {
                Set<Integer> missing = new TreeSet<>();
                for (int i = 0; i < shard.count(); i++) {
                    if (!indexes.contains(i)) {
                        missing.add(i);
                    }
                }
                throw new ConfigException("shard barrier of run " + runId + ": " + indexes.size() + " of "
                        + shard.count() + " shards registered within " + timeout.toSeconds() + " s (missing: "
                        + String.join(", ", missing.stream().map(String::valueOf).toList()) + "); start the missing "
                        + "shards with the same benchmark_run_id and database, or raise --barrier-timeout");
            }
            try {
                pause.pause(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConfigException("shard " + shard + " of run " + runId + ": interrupted while waiting at "
                        + "the barrier");
            }
        }
    }
}
