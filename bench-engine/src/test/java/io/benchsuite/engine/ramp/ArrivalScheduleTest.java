package io.benchsuite.engine.ramp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchsuite.engine.RatePlan;
import io.benchsuite.engine.RatePlan.Arrival;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The open model's schedule, as pure arithmetic on nanoseconds: no clock, no load. */
class ArrivalScheduleTest {

    private static final long MS = 1_000_000L;

    private static RatePlan constant(double rate, Duration duration, Arrival arrival, double burstiness) {
        return RatePlan.constant(rate, duration, 100, 42).withArrival(arrival, burstiness);
    }

    /** Every arrival of {@code schedule}, in nanoseconds after the start. */
    private static List<Long> arrivals(ArrivalSchedule schedule) {
        List<Long> out = new ArrayList<>();
        for (long t; (t = schedule.next()) != Long.MAX_VALUE; ) {
            out.add(t);
        }
        return out;
    }

    private static double coefficientOfVariation(List<Long> arrivals) {
        double n = arrivals.size() - 1;
        double sum = 0;
        double sumSq = 0;
        for (int i = 1; i < arrivals.size(); i++) {
            double gap = arrivals.get(i) - arrivals.get(i - 1);
            sum += gap;
            sumSq += gap * gap;
        }
        double mean = sum / n;
        return Math.sqrt(sumSq / n - mean * mean) / mean;
    }

    @Test
    void constant_arrivals_at_400_per_second_put_exactly_20_in_every_50_ms_window() {
        // given
        List<Long> arrivals = arrivals(new ArrivalSchedule(constant(400, Duration.ofSeconds(10), Arrival.CONSTANT, 1)));

        // then
        assertThat(arrivals).hasSize(4000);
        int[] perWindow = new int[200];
        arrivals.forEach(t -> perWindow[(int) (t / (50 * MS))]++);
        assertThat(perWindow).containsOnly(20);
        assertThat(arrivals.get(1) - arrivals.get(0)).isEqualTo(2_500_000L);
    }

    @Test
    void poisson_gaps_have_the_rates_mean_and_a_coefficient_of_variation_of_one() {
        // given
        List<Long> arrivals = arrivals(new ArrivalSchedule(constant(1000, Duration.ofSeconds(20), Arrival.POISSON, 1)));

        // then: about 20,000 arrivals (a Poisson count: sd ~141), gaps of mean 1 ms, CV 1 +- 0.15
        assertThat(arrivals.size()).isBetween(19_400, 20_600);
        assertThat(coefficientOfVariation(arrivals)).isCloseTo(1.0, within(0.15));
    }

    @Test
    void gamma_burstiness_sets_the_coefficient_of_variation_to_one_over_its_square_root() {
        // when
        double bursty = coefficientOfVariation(arrivals(new ArrivalSchedule(
                constant(1000, Duration.ofSeconds(20), Arrival.GAMMA, 0.25))));
        double regular = coefficientOfVariation(arrivals(new ArrivalSchedule(
                constant(1000, Duration.ofSeconds(20), Arrival.GAMMA, 4))));
        double poisson = coefficientOfVariation(arrivals(new ArrivalSchedule(
                constant(1000, Duration.ofSeconds(20), Arrival.GAMMA, 1))));

        // then: 1/sqrt(0.25) = 2, 1/sqrt(4) = 0.5, 1/sqrt(1) = 1
        assertThat(bursty).isCloseTo(2.0, within(0.2));
        assertThat(regular).isCloseTo(0.5, within(0.05));
        assertThat(poisson).isCloseTo(1.0, within(0.1));
    }

    @Test
    void the_same_seed_gives_the_same_schedule_and_another_seed_another() {
        RatePlan plan = constant(200, Duration.ofSeconds(5), Arrival.POISSON, 1);

        assertThat(arrivals(new ArrivalSchedule(plan, 7))).isEqualTo(arrivals(new ArrivalSchedule(plan, 7)));
        assertThat(arrivals(new ArrivalSchedule(plan, 7))).isNotEqualTo(arrivals(new ArrivalSchedule(plan, 8)));
    }

    @Test
    void a_ramp_runs_each_level_at_its_rate_within_its_window() {
        // given 100 -> 400 req/s in 4 levels over 8 s, hold 2 s: 100, 200, 300, 400 req/s, 2 s each, the top 4 s
        RatePlan plan = new RatePlan(100, 400, true, Duration.ofSeconds(8), Duration.ofSeconds(2),
                Duration.ofSeconds(10), 4, Arrival.CONSTANT, 1, 100, 1, 0);
        ArrivalSchedule schedule = new ArrivalSchedule(plan);
        int[] perLevel = new int[5];
        long[] first = new long[5];
        long[] last = new long[5];

        // when
        for (long t; (t = schedule.next()) != Long.MAX_VALUE; ) {
            int level = schedule.level();
            if (perLevel[level]++ == 0) {
                first[level] = t;
            }
            last[level] = t;
        }

        // then
        assertThat(perLevel).containsExactly(0, 200, 400, 600, 1600);
        assertThat(first).containsExactly(0, 0, 2_000 * MS, 4_000 * MS, 6_000 * MS);
        assertThat(last[1]).isLessThan(2_000 * MS);
        assertThat(last[4]).isLessThan(10_000 * MS);
        assertThat(plan.rate(2)).isEqualTo(200.0);
    }

    @Test
    void total_requests_ends_the_schedule_after_exactly_that_many_arrivals() {
        RatePlan plan = new RatePlan(50, 50, false, Duration.ofSeconds(10), Duration.ZERO, Duration.ofSeconds(10), 1,
                Arrival.POISSON, 1, 10, 3, 123);

        assertThat(arrivals(new ArrivalSchedule(plan))).hasSize(123);
    }
}
