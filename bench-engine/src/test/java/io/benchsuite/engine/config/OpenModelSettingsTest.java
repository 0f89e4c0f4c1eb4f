package io.benchsuite.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.RatePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code load_model: open}: its settings, their defaults, and one clear message per mistake. */
class OpenModelSettingsTest {

    private static final String OPEN = "{\"benchmark_type\": \"system_api\", \"endpoint\": \"http://127.0.0.1:9/x\", "
            + "\"load_model\": \"open\"";

    @TempDir
    Path dir;

    private RunSettings settings(String more, String... set) throws Exception {
        Path file = dir.resolve("c.json");
        Files.writeString(file, OPEN + more + "}");
        return RunSettings.of(ConfigLoader.load(file, List.of(set)));
    }

    private String file() {
        return dir.resolve("c.json").toString();
    }

    @Test
    void max_rate_alone_ramps_in_ten_poisson_levels_from_a_tenth_with_a_cap_from_the_timeout() throws Exception {
        RunSettings s = settings(", \"max_rate\": 200, \"timeout\": 2, \"seed\": 7");

        RatePlan r = s.rates();
        assertThat(s.open()).isTrue();
        assertThat(r.minRate()).isEqualTo(20.0);
        assertThat(r.maxRate()).isEqualTo(200.0);
        assertThat(r.levels()).isEqualTo(10);
        assertThat(r.arrival()).isEqualTo(RatePlan.Arrival.POISSON);
        assertThat(r.maxInFlight()).isEqualTo(400); // 200 req/s x 2 s
        assertThat(r.seed()).isEqualTo(7);
        assertThat(r.totalDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.rate(10)).isEqualTo(200.0);
        assertThat(s.plan().maxWorkers()).isEqualTo(400); // sizes the connections
        assertThat(settings(", \"max_rate\": 5000").rates().maxInFlight()).isEqualTo(1000);
    }

    @Test
    void without_ramping_max_rate_holds_for_the_duration() throws Exception {
        RatePlan r = settings(", \"max_rate\": 50, \"enable_ramping\": false, \"duration_seconds\": 12, "
                + "\"arrival\": \"gamma\", \"burstiness\": 0.5").rates();

        assertThat(r.ramping()).isFalse();
        assertThat(r.levels()).isEqualTo(1);
        assertThat(r.rate(1)).isEqualTo(50.0);
        assertThat(r.totalDuration()).isEqualTo(Duration.ofSeconds(12));
        assertThat(r.burstiness()).isEqualTo(0.5);
    }

    @Test
    void each_mistake_gets_one_message_naming_the_setting_and_the_fix() {
        assertThatThrownBy(() -> settings(""))
                .hasMessage(file() + ": \"max_rate\" is required with \"load_model\": \"open\": the requests per "
                        + "second at the top, e.g. 200");
        assertThatThrownBy(() -> settings(", \"max_rate\": 100, \"min_rate\": 300"))
                .hasMessageContaining("\"min_rate\" (300) must be > 0 and <= \"max_rate\" (100)");
        assertThatThrownBy(() -> settings(", \"max_rate\": 100, \"arrival\": \"bursty\""))
                .hasMessageContaining("\"arrival\" must be \"constant\", \"poisson\" or \"gamma\", got \"bursty\"");
        assertThatThrownBy(() -> settings(", \"max_rate\": 100, \"burstiness\": 2"))
                .hasMessageContaining("\"burstiness\" only applies to \"arrival\": \"gamma\"");
        assertThatThrownBy(() -> settings(", \"max_rate\": 100, \"max_load\": 5"))
                .hasMessageContaining("\"max_load\" is a closed-model setting (workers), and \"load_model\" is "
                        + "\"open\"");
        assertThatThrownBy(() -> settings(", \"max_rate\": 100, \"max_in_flight\": 0"))
                .hasMessageContaining("\"max_in_flight\" (0) must be between 1 and 100000");
        assertThatThrownBy(() -> settings(", \"max_rate\": 100", "load_model=sideways"))
                .hasMessageContaining("\"load_model\" must be \"closed\"");
    }

    @Test
    void an_open_model_setting_without_load_model_open_is_a_mistake() throws Exception {
        Path file = dir.resolve("closed.json");
        Files.writeString(file, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"http://127.0.0.1:9/x\", "
                + "\"max_rate\": 100}");

        assertThatThrownBy(() -> RunSettings.of(ConfigLoader.load(file, List.of())))
                .hasMessage(file + ": \"max_rate\" is an open-model setting: add \"load_model\": \"open\" to send "
                        + "requests at a rate, or remove it");
    }

    @Test
    void switching_the_model_from_set_overrides_the_files_settings_of_the_other_model() throws Exception {
        Path file = dir.resolve("closed.json");
        Files.writeString(file, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"http://127.0.0.1:9/x\", "
                + "\"min_load\": 1, \"max_load\": 8}");

        RunSettings s = RunSettings.of(ConfigLoader.load(file, List.of("load_model=open", "max_rate=50")));

        assertThat(s.open()).isTrue();
        assertThat(s.rates().maxRate()).isEqualTo(50.0);
    }

    @Test
    void thresholds_are_scoped_to_the_models_levels() {
        assertThatThrownBy(() -> settings(", \"max_rate\": 100, \"thresholds\": [\"workers=2: p99 < 1s\"]"))
                .hasMessageContaining("is scoped to a worker level, and \"load_model\" is \"open\"");
        assertThatThrownBy(() -> settings(", \"max_rate\": 100, \"rate_levels\": 4, "
                + "\"thresholds\": [\"rate=30: p99 < 1s\"]"))
                .hasMessageContaining("is scoped to rate 30 req/s, which is not one of the run's rate levels "
                        + "[25, 50, 75, 100]");
    }

    @Test
    void a_shard_runs_its_part_of_every_rate_with_a_seed_of_its_own() throws Exception {
        RatePlan whole = settings(", \"max_rate\": 300, \"min_rate\": 30, \"max_in_flight\": 10, \"seed\": 5, "
                + "\"total_requests\": 1001").rates();

        List<RatePlan> parts = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> whole.forShard(new io.benchsuite.engine.Shard(i, 3))).toList();

        assertThat(parts).extracting(RatePlan::maxRate).containsOnly(100.0);
        assertThat(parts).extracting(RatePlan::minRate).containsOnly(10.0);
        assertThat(parts.stream().mapToInt(RatePlan::maxInFlight).sum()).isEqualTo(10);
        assertThat(parts.stream().mapToLong(RatePlan::totalRequests).sum()).isEqualTo(1001);
        assertThat(parts).extracting(RatePlan::seed).doesNotHaveDuplicates().doesNotContain(5L);
        assertThat(parts).extracting(p -> p.levelStartNanos(4)).containsOnly(whole.levelStartNanos(4));
        assertThat(whole.forShard(io.benchsuite.engine.Shard.WHOLE)).isSameAs(whole);
    }

    @Test
    void fail_on_invalid_is_read_for_either_model() throws Exception {
        assertThat(settings(", \"max_rate\": 100, \"fail_on_invalid\": true").failOnInvalid()).isTrue();
        assertThat(settings(", \"max_rate\": 100").failOnInvalid()).isFalse();
    }
}
