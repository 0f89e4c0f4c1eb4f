package io.benchsuite.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.Shard;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.run.RequestLogSink;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.source.RunSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The barrier on a driven wall clock: every pause moves the time, and other shards register when told to. */
class ShardBarrierTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    /** A wall clock that only moves when a waiting shard pauses; {@link #arrivals} register at their instants. */
    static final class DrivenWall implements InstantSource, ShardBarrier.Pause {
        Instant now = T0;
        final TreeMap<Instant, ShardRegistration> arrivals = new TreeMap<>();
        FakeStore store;
        int pauses;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public void pause(Duration d) {
            pauses++;
            now = now.plus(d);
            while (!arrivals.isEmpty() && !arrivals.firstKey().isAfter(now)) {
                store.registerShard("r1", arrivals.pollFirstEntry().getValue());
            }
        }
    }

    /** The barrier part of a results database. */
    static final class FakeStore implements ResultStore {
        final Map<String, List<ShardRegistration>> registrations = new TreeMap<>();

        @Override
        public void registerShard(String runId, ShardRegistration r) {
            List<ShardRegistration> all = registrations.computeIfAbsent(runId, k -> new ArrayList<>());
            if (all.stream().anyMatch(x -> x.index() == r.index())) {
                throw new IllegalStateException("shard " + r.index() + " of run " + runId + " has registered "
                        + "already");
            }
            all.add(r);
        }

        @Override
        public List<ShardRegistration> shardRegistrations(String runId) {
            return List.copyOf(registrations.getOrDefault(runId, List.of()));
        }

        @Override
        public boolean online() {
            return true;
        }

        @Override
        public String description() {
            return "the fake store";
        }

        @Override
        public RequestLogSink requestSink(String runId, Path runDir, RequestLogMode mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoreOutcome store(RunResult result, Path runDir, BooleanSupplier stopNow) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SyncReport syncPending(Path resultsDir) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RunSource source() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private final FakeStore store = new FakeStore();
    private final DrivenWall wall = new DrivenWall();
    private final List<String> said = new ArrayList<>();

    {
        wall.store = store;
    }

    private Instant await(Shard shard, Duration warmup, Duration timeout) {
        return new ShardBarrier(store, wall, wall).await("r1", shard, warmup, timeout, said::add);
    }

    @Test
    void every_shard_starts_the_margin_after_the_last_one_registered() {
        // given shards 0 and 2 registered before this one; shard 1 registers at 10:00:07.3
        store.registerShard("r1", new ShardRegistration(0, 3, T0.minusSeconds(4)));
        store.registerShard("r1", new ShardRegistration(2, 3, T0.minusSeconds(1)));

        // when shard 1 registers at 10:00:00 and waits
        Instant start = await(new Shard(1, 3), Duration.ZERO, Duration.ofMinutes(5));

        // then it is the only one left to come: the start is its registration plus the margin
        assertThat(start).isEqualTo(T0.plus(ShardBarrier.MARGIN));
        assertThat(wall.pauses).isZero();
        assertThat(said).containsExactly("shard 1/3 of run r1: registered at the barrier in the fake store; waiting "
                + "for all 3 shards (at most 300 s)");
    }

    @Test
    void a_shard_waits_for_the_last_and_all_compute_the_same_start_including_the_warm_up() {
        // given shard 2 comes 7.3 s after this one
        wall.arrivals.put(T0.plusMillis(7300), new ShardRegistration(2, 3, T0.plusMillis(7300)));
        store.registerShard("r1", new ShardRegistration(1, 3, T0.minusSeconds(2)));

        // when
        Instant start = await(new Shard(0, 3), Duration.ofSeconds(5), Duration.ofMinutes(5));

        // then
        assertThat(start).isEqualTo(T0.plusMillis(7300).plus(ShardBarrier.MARGIN).plusSeconds(5));
        assertThat(wall.now).isEqualTo(T0.plusMillis(7400)); // it saw the last one at the next poll
        assertThat(start).isAfter(wall.now.plusSeconds(1)); // well ahead of when it learnt of it
    }

    @Test
    void not_every_shard_in_time_is_a_clear_error_naming_the_missing_ones() {
        // given only shard 1 of 4 besides this one ever comes
        store.registerShard("r1", new ShardRegistration(1, 4, T0));

        // when / then
        assertThatThrownBy(() -> await(new Shard(0, 4), Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("shard barrier of run r1: 2 of 4 shards registered within 30 s (missing: 2, 3); start the "
                        + "missing shards with the same benchmark_run_id and database, or raise --barrier-timeout");
        assertThat(wall.now).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void shards_that_disagree_on_the_count_or_register_twice_are_refused() {
        store.registerShard("r1", new ShardRegistration(1, 2, T0));
        assertThatThrownBy(() -> await(new Shard(0, 3), Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("shard 1 of run r1 registered at the barrier as one of 2 shards, this one as one of 3: "
                        + "give every shard the same count (--shard I/N, or the same shard count in the environment)");

        assertThatThrownBy(() -> await(new Shard(1, 2), Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("shard 1 of run r1 has registered already");
    }
}
