package io.benchsuite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.benchsuite.engine.dataset.Dataset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void the_shares_of_every_level_add_up_to_the_level_and_never_fall_as_it_rises() {
        for (int n = 1; n <= 50; n++) {
            int[] previous = new int[n];
            for (int level = 0; level <= 500; level++) {
                int sum = 0;
                int least = Integer.MAX_VALUE;
                int most = 0;
                for (int i = 0; i < n; i++) {
                    int share = new Shard(i, n).workers(level);
                    assertThat(share).as("shard %d/%d at level %d", i, n, level).isGreaterThanOrEqualTo(previous[i]);
                    previous[i] = share;
                    sum += share;
                    least = Math.min(least, share);
                    most = Math.max(most, share);
                }
                assertThat(sum).as("shares of %d shards at level %d", n, level).isEqualTo(level);
                assertThat(most - least).as("spread of %d shards at level %d", n, level).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void the_whole_run_is_one_shard_of_one_and_has_every_worker() {
        assertThat(Shard.WHOLE.whole()).isTrue();
        assertThat(Shard.WHOLE.workers(37)).isEqualTo(37);
        assertThat(Shard.WHOLE.rate(120.0)).isEqualTo(120.0);
        assertThat(Shard.WHOLE.seed(42)).isEqualTo(42);
        assertThat(Shard.WHOLE.key("r1")).isEqualTo("r1");
        assertThat(new Shard(2, 3).key("r1")).isEqualTo("r1.shard-2");
    }

    @Test
    void workers_are_dealt_to_the_shards_in_turn_even_for_levels_near_the_int_limit() {
        assertThat(new Shard(0, 3).workers(1)).isEqualTo(1);
        assertThat(new Shard(2, 3).workers(1)).isZero();
        assertThat(new Shard(0, 3).workers(4)).isEqualTo(2); // workers 0 and 3
        assertThat(new Shard(1, 3).workers(4)).isEqualTo(1);
        assertThat(new Shard(2, 3).workers(4)).isEqualTo(1);
        assertThat(new Shard(0, 7).workers(Integer.MAX_VALUE)).isEqualTo(306_783_379);
        assertThat(new Shard(6, 7).workers(Integer.MAX_VALUE)).isEqualTo(306_783_378);
    }

    @Test
    void a_run_wide_request_cap_is_dealt_like_the_workers() {
        long total = 0;
        for (int i = 0; i < 7; i++) {
            total += new Shard(i, 7).share(1_000_003);
        }
        assertThat(total).isEqualTo(1_000_003);
        assertThat(new Shard(0, 3).share(1000)).isEqualTo(334);
        assertThat(new Shard(1, 3).share(1000)).isEqualTo(333);
        assertThat(new Shard(1, 3).share(0)).isZero();
    }

    @Test
    void contiguous_segments_of_a_count_would_take_workers_away_as_the_level_rises() {
        // k6's segment formula for shard 2 of 5: 1 worker at level 2, none at level 3
        IntBinaryOperator segment = (level, i) -> level * (i + 1) / 5 - level * i / 5;
        assertThat(segment.applyAsInt(2, 2)).isEqualTo(1);
        assertThat(segment.applyAsInt(3, 2)).isZero();
        // dealt: never less at a higher level
        assertThat(new Shard(2, 5).workers(2)).isZero();
        assertThat(new Shard(2, 5).workers(3)).isEqualTo(1);
    }

    @Test
    void rates_split_evenly_and_each_shard_has_its_own_random_stream() {
        Set<Long> seeds = new HashSet<>();
        double total = 0;
        for (int i = 0; i < 50; i++) {
            Shard s = new Shard(i, 50);
            total += s.rate(1000.0);
            assertThat(s.seed(7)).isEqualTo(new Shard(i, 50).seed(7));
            seeds.add(s.seed(7));
        }
        assertThat(total).isCloseTo(1000.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(seeds).hasSize(50).doesNotContain(7L);
    }

    @Test
    void shard_text_is_index_slash_count_and_mistakes_say_how_to_write_it() {
        assertThat(Shard.parse(" 1/3 ")).isEqualTo(new Shard(1, 3));
        assertThat(Shard.parse("1/3")).hasToString("1/3");
        assertThatThrownBy(() -> Shard.parse("3/3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the shard index (3) must be from 0 to 2 for 3 shards (shards are numbered from 0)");
        assertThatThrownBy(() -> Shard.parse("1/0"))
                .hasMessage("the shard count (0) must be at least 1");
        assertThatThrownBy(() -> Shard.parse("-1/2"))
                .hasMessage("the shard index (-1) must be from 0 to 1 for 2 shards (shards are numbered from 0)");
        assertThatThrownBy(() -> Shard.parse("2"))
                .hasMessage("\"2\" is not a shard: write INDEX/COUNT, e.g. 0/3 for the first of three shards");
        assertThatThrownBy(() -> Shard.parse("a/3")).hasMessage("\"a/3\" is not a shard: INDEX and COUNT must be "
                + "whole numbers, e.g. 0/3 for the first of three shards");
    }

    @Test
    void each_shard_gets_the_records_whose_index_modulo_the_count_is_its_own() {
        // given records 0..9
        List<ObjectNode> records = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            records.add(JsonNodeFactory.instance.objectNode().put("k", k));
        }
        Dataset all = Dataset.of(records);

        // when
        Dataset second = all.partition(new Shard(1, 3)).orElseThrow();

        // then records 1, 4, 7, cycled in order
        assertThat(second.size()).isEqualTo(3);
        assertThat(List.of(second.get(0), second.get(1), second.get(2), second.get(3)))
                .extracting(r -> r.get("k").asInt()).containsExactly(1, 4, 7, 1);
        assertThat(all.partition(Shard.WHOLE).orElseThrow()).isSameAs(all);
        assertThat(Dataset.of(records.subList(0, 2)).partition(new Shard(2, 3))).isEmpty();
    }
}
