package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.RatePlan;
import io.benchsuite.engine.RatePlan.Arrival;
import io.benchsuite.engine.Target;
import io.benchsuite.result.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The case coordinated omission hides: the server stalls for a second while requests keep arriving. In real time
 * (the stall is the point), against a server simulated in the test, with bounds taken from what the test observed.
 */
class StalledServerTest {

    private static final long MS = 1_000_000L;

    /** Answers in 2 ms, except that every request arriving during the stall is held until it ends. */
    static final class StallingTarget implements Target {
        volatile long stallStart = Long.MAX_VALUE;
        volatile long stallEnd = Long.MAX_VALUE;

        @Override
        public void execute(Exchange ex) {
            long now = System.nanoTime();
            if (now >= stallStart && now < stallEnd) {
                while (System.nanoTime() < stallEnd) {
                    LockSupport.parkNanos(stallEnd - System.nanoTime());
                }
            } else {
                LockSupport.parkNanos(2 * MS);
            }
            ex.success(200);
        }
    }

    /** One request of the log: when it was due and sent (ns after the start), its latency and service time. */
    record Logged(long intended, long start, long latency, long service) {
    }

    @Test
    void requests_due_during_a_one_second_stall_report_their_wait_while_the_service_time_stays_low() throws Exception {
        // given 200 req/s for 8 s, at most 10 in flight, a server that stalls for 1 s at 3 s
        StallingTarget target = new StallingTarget();
        List<Logged> log = new CopyOnWriteArrayList<>();
        RequestLogSink sink = batch -> {
            for (int i = 0; i < batch.size(); i++) {
                log.add(new Logged(batch.intendedOffsetNanos(i), batch.startOffsetNanos(i), batch.latencyNanos(i),
                        batch.serviceNanos(i)));
            }
        };
        RatePlan plan = new RatePlan(200, 200, false, Duration.ofSeconds(8), Duration.ZERO, Duration.ofSeconds(8), 1,
                Arrival.CONSTANT, 1, 10, 1, 0);
        long[] epoch = new long[1]; // the run's time origin, from the first request: arrival k is due k x 5 ms after it

        // when
        RunResult result = LoadEngine.run(RunSpec.builder(new Target() {
            @Override
            public void execute(Exchange ex) {
                if (epoch[0] == 0) {
                    synchronized (epoch) {
                        if (epoch[0] == 0) {
                            epoch[0] = ex.intendedStartNanos() - ex.seq() * 5 * MS; // constant 200/s from 0
                            target.stallStart = epoch[0] + 3000 * MS;
                            target.stallEnd = epoch[0] + 4000 * MS;
                        }
                    }
                }
                target.execute(ex);
            }
        }, plan).withRequestLog(sink).build());

        // then every request due during the stall reports at least its wait for the stall's end
        long stallStart = target.stallStart - epoch[0];
        long stallEnd = target.stallEnd - epoch[0];
        List<Logged> dueDuringStall = log.stream().filter(r -> r.intended() >= stallStart && r.intended() < stallEnd)
                .toList();
        assertThat(dueDuringStall).hasSizeBetween(195, 205);
        assertThat(dueDuringStall).allSatisfy(r -> assertThat(r.latency())
                .isGreaterThanOrEqualTo(stallEnd - r.intended() - 2 * MS));
        // only what was in flight (max_in_flight) waited at the server; the rest waited for a slot, not at the server
        assertThat(log.stream().filter(r -> r.service() > 500 * MS).count()).isLessThanOrEqualTo(10);
        assertThat(result.overall().requests()).isEqualTo(log.size()).isBetween(1595L, 1605L);
        assertThat(result.overall().latencyMs().p99()).isGreaterThan(0.8 * (stallEnd - stallStart) / 1e6);
        assertThat(result.overall().serviceTimeMs().p99()).isLessThan(result.overall().latencyMs().p99() / 2);
        assertThat(result.validity().waitedForSlot()).isGreaterThan(150);
        assertThat(TimeUnit.NANOSECONDS.toMillis(stallEnd - stallStart)).isEqualTo(1000);
    }
}
