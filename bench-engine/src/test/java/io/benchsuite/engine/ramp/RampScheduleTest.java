package io.benchsuite.engine.ramp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.benchsuite.engine.LoadPlan;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RampScheduleTest {

    private static long s(double seconds) {
        return (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void level_follows_min_plus_floor_of_steps_times_t_over_ramp() {
        // given 1 -> 10 over 120 s: 10 levels of 12 s each
        RampSchedule schedule = new RampSchedule(LoadPlan.ramp(1, 10, Duration.ofSeconds(120), Duration.ZERO));

        // then
        assertThat(schedule.levelAt(0)).isEqualTo(1);
        assertThat(schedule.levelAt(s(11.999))).isEqualTo(1);
        assertThat(schedule.levelAt(s(12))).isEqualTo(2);
        assertThat(schedule.levelAt(s(60))).isEqualTo(6);
        assertThat(schedule.levelAt(s(107.999))).isEqualTo(9);
        assertThat(schedule.levelAt(s(108))).isEqualTo(10);
        assertThat(schedule.levelAt(s(119.999))).isEqualTo(10);
        assertThat(schedule.levelAt(s(500))).isEqualTo(10);
    }

    @Test
    void each_level_holds_for_ramp_divided_by_level_count_and_the_last_one_also_for_the_hold() {
        // given 2 -> 5 over 8 s, hold 3 s: 4 levels of 2 s
        RampSchedule schedule = new RampSchedule(LoadPlan.ramp(2, 5, Duration.ofSeconds(8), Duration.ofSeconds(3)));

        // then
        assertThat(schedule.totalNanos()).isEqualTo(s(11));
        assertThat(schedule.levelStartNanos(2)).isZero();
        assertThat(schedule.levelEndNanos(2)).isEqualTo(s(2));
        assertThat(schedule.levelStartNanos(3)).isEqualTo(s(2));
        assertThat(schedule.levelStartNanos(4)).isEqualTo(s(4));
        assertThat(schedule.levelStartNanos(5)).isEqualTo(s(6));
        assertThat(schedule.levelEndNanos(5)).isEqualTo(s(11));
    }

    @Test
    void level_start_times_agree_with_level_at_for_uneven_divisions() {
        // given 3 levels over 10 s (10/3 s each, not a whole number of nanoseconds)
        RampSchedule schedule = new RampSchedule(LoadPlan.ramp(1, 3, Duration.ofSeconds(10), Duration.ZERO));

        // then the level changes exactly at its start instant
        for (int level = 2; level <= 3; level++) {
            long start = schedule.levelStartNanos(level);
            assertThat(schedule.levelAt(start)).isEqualTo(level);
            assertThat(schedule.levelAt(start - 1)).isEqualTo(level - 1);
        }
    }

    @Test
    void workers_only_increase() {
        RampSchedule schedule = new RampSchedule(LoadPlan.ramp(3, 17, Duration.ofMillis(7777), Duration.ZERO));
        int previous = 0;
        for (long t = 0; t <= s(8); t += 1_000_000) {
            int level = schedule.levelAt(t);
            assertThat(level).isGreaterThanOrEqualTo(previous).isBetween(3, 17);
            previous = level;
        }
    }

    @Test
    void without_ramping_max_workers_run_for_the_whole_duration() {
        RampSchedule schedule = new RampSchedule(LoadPlan.constant(32, Duration.ofSeconds(10)));

        assertThat(schedule.levelAt(0)).isEqualTo(32);
        assertThat(schedule.levelAt(s(9.9))).isEqualTo(32);
        assertThat(schedule.totalNanos()).isEqualTo(s(10));
        assertThat(schedule.levelStartNanos(32)).isZero();
        assertThat(schedule.levelEndNanos(32)).isEqualTo(s(10));
    }

    @Test
    void plan_rejects_max_below_min_and_non_positive_durations() {
        assertThatThrownBy(() -> LoadPlan.ramp(5, 3, Duration.ofSeconds(1), Duration.ZERO))
                .hasMessage("max workers (3) must be >= min workers (5)");
        assertThatThrownBy(() -> LoadPlan.ramp(0, 3, Duration.ofSeconds(1), Duration.ZERO))
                .hasMessage("min workers (0) must be >= 1");
        assertThatThrownBy(() -> LoadPlan.ramp(1, 3, Duration.ZERO, Duration.ZERO))
                .hasMessageContaining("ramp duration");
    }
}
