package io.benchsuite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.Shard;
import io.benchsuite.engine.config.BenchConfig;
import io.benchsuite.engine.config.ConfigException;
import io.benchsuite.engine.config.ConfigLoader;
import io.benchsuite.runner.ShardRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardOptionsTest {

    private static ShardRun resolve(String flag, Integer count, Map<String, String> env) {
        return ShardOptions.resolve(flag, count, null, 300, env);
    }

    @Test
    void the_shard_comes_from_the_flag_else_from_an_indexed_jobs_environment() {
        assertThat(resolve("1/3", null, Map.of("JOB_COMPLETION_INDEX", "2", "BENCH_SHARDS", "5")).shard())
                .isEqualTo(new Shard(1, 3));
        assertThat(resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "2", "BENCH_SHARDS", "3")).shard())
                .isEqualTo(new Shard(2, 3));
        assertThat(resolve(null, 4, Map.of("JOB_COMPLETION_INDEX", "3")).shard()).isEqualTo(new Shard(3, 4));
        assertThat(resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "2")).shard()).isEqualTo(Shard.WHOLE);
        assertThat(resolve(null, null, Map.of())).isEqualTo(ShardRun.WHOLE);
    }

    @Test
    void bad_environment_values_say_which_variable_and_the_fix() {
        assertThatThrownBy(() -> resolve(null, null, Map.of("BENCH_SHARDS", "3")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BENCH_SHARDS=3 gives the shard count, but JOB_COMPLETION_INDEX (the shard index, set by a "
                        + "Kubernetes Indexed Job) is not set: give --shard I/3 instead, or unset BENCH_SHARDS");
        assertThatThrownBy(() -> resolve(null, 3, Map.of()))
                .hasMessage("--shard-count 3 gives the shard count, but JOB_COMPLETION_INDEX (the shard index, set by "
                        + "a Kubernetes Indexed Job) is not set: give --shard I/3 instead");
        assertThatThrownBy(() -> resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "x", "BENCH_SHARDS", "3")))
                .hasMessage("JOB_COMPLETION_INDEX=x must be a whole number (the shard index, from 0)");
        assertThatThrownBy(() -> resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "0", "BENCH_SHARDS", "three")))
                .hasMessage("BENCH_SHARDS=three must be a whole number (the number of shards)");
        assertThatThrownBy(() -> resolve(null, null, Map.of("JOB_COMPLETION_INDEX", "3", "BENCH_SHARDS", "3")))
                .hasMessage("JOB_COMPLETION_INDEX=3 and BENCH_SHARDS=3: the shard index (3) must be from 0 to 2 for 3 "
                        + "shards (shards are numbered from 0); give the Job as many completions as shards");
    }

    @Test
    void start_times_are_rfc_3339_with_any_offset() {
        assertThat(ShardOptions.resolve(null, null, "2026-12-06T11:00:00+01:00", 60, Map.of()))
                .isEqualTo(new ShardRun(Shard.WHOLE, Optional.of(Instant.parse("2026-12-06T10:00:00Z")),
                        Duration.ofSeconds(60)));
        assertThat(ShardOptions.instant("2026-12-06T10:00:00.250Z"))
                .isEqualTo(Instant.parse("2026-12-06T10:00:00.250Z"));
    }

    @Test
    void shards_given_a_start_time_share_a_run_id_derived_from_it_unless_the_config_names_one() {
        BenchConfig config = BenchConfig.of("c.json", null, ConfigLoader.parseObject("c.json",
                "{\"benchmark_type\": \"system_api\"}"));
        ShardRun run = ShardOptions.resolve("1/3", null, "2026-12-06T10:00:00Z", 300, Map.of());

        BenchConfig derived = ShardOptions.withRunId(config, run);

        assertThat(derived.runId()).contains("20261206-100000-3shards");
        assertThat(derived.origin("benchmark_run_id")).isEqualTo("--start-at (derived)");
        BenchConfig named = BenchConfig.of("c.json", null, ConfigLoader.parseObject("c.json",
                "{\"benchmark_run_id\": \"mine\"}"));
        assertThat(ShardOptions.withRunId(named, run).runId()).contains("mine");
        assertThat(ShardOptions.withRunId(config, ShardRun.WHOLE)).isSameAs(config);
    }
}
