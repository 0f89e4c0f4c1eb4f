package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.benchsuite.engine.Exchange;
import io.benchsuite.result.Stats;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class BucketTest {

    private static Exchange exchange(boolean fail, String errorClass) {
        Exchange ex = new Exchange();
        ex.reset(null, 0, 4, 1_000_000_000L, null);
        if (fail) {
            ex.failure(errorClass, 503, "unavailable");
        } else {
            ex.success(200);
        }
        return ex;
    }

    @Test
    void stripes_are_dropped_once_the_level_passed_and_requests_still_in_flight_are_counted_once_as_late() {
        // given two workers, one of which still has a request in flight when the level moves on
        Bucket bucket = new Bucket(2, false);
        WorkerRecorders first = bucket.join();
        WorkerRecorders second = bucket.join();
        bucket.record(exchange(false, null), 10_000_000L, -1, first);
        bucket.record(exchange(false, null), 20_000_000L, -1, second);
        bucket.harvest(null, 2);
        int liveAtItsLevel = bucket.liveStripes();

        // when harvested at the level 3, then the request in flight ends, then harvested again
        bucket.harvest(null, 3);
        int liveAfterThePass = bucket.liveStripes();
        bucket.record(exchange(false, null), 30_000_000L, -1, second);
        WorkerRecorders joinedLate = bucket.join();
        bucket.record(exchange(false, null), 40_000_000L, -1, joinedLate);
        bucket.harvest(null, 3);

        // then every value is in the total exactly once, and the stripes are gone
        assertThat(liveAtItsLevel).isEqualTo(2);
        assertThat(liveAfterThePass).isZero();
        assertThat(bucket.liveStripes()).isZero();
        assertThat(bucket.latencyTotal.getTotalCount()).isEqualTo(4);
        assertThat(bucket.latencyTotal.getMaxValue()).isBetween(39_960L, 40_040L);
    }

    @Test
    void a_late_stream_still_adds_token_metrics_only_when_it_succeeded() {
        // given two streams in flight when the level moves on
        Bucket bucket = new Bucket(2, true);
        WorkerRecorders a = bucket.join();
        WorkerRecorders b = bucket.join();
        Exchange cut = new Exchange();
        cut.reset(null, 0, 2, 10_000_000_000L, a.itlSink);
        Exchange ok = new Exchange();
        ok.reset(null, 1, 2, 10_000_000_000L, b.itlSink);
        for (int i = 0; i < 3; i++) {
            cut.outputChunk(cut.startNanos() + 500_000_000L + i * 100_000_000L);
            ok.outputChunk(ok.startNanos() + 20_000_000L + i * 10_000_000L);
        }
        bucket.harvest(null, 3);

        // when they end
        cut.failure("truncated_stream", 200, "cut");
        bucket.record(cut, 800_000_000L, -1, a);
        ok.success(200);
        bucket.record(ok, 40_000_000L, -1, b);
        bucket.harvest(null, 3);

        // then
        assertThat(bucket.latencyTotal.getTotalCount()).isEqualTo(2);
        assertThat(bucket.totals.ttft.getTotalCount()).isEqualTo(1);
        assertThat(bucket.totals.tpot.getTotalCount()).isEqualTo(1);
        assertThat(bucket.totals.itl.getTotalCount()).isEqualTo(2);
        assertThat(bucket.totals.itl.getMaxValue()).isBetween(9_990L, 10_010L);
    }

    @Test
    void the_stripes_of_the_current_level_are_kept() {
        Bucket bucket = new Bucket(2, false);
        WorkerRecorders worker = bucket.join();
        bucket.record(exchange(false, null), 1_000_000L, -1, worker);

        bucket.harvest(null, 2);

        assertThat(bucket.liveStripes()).isEqualTo(1);
        assertThat(bucket.latencyTotal.getTotalCount()).isEqualTo(1);
    }

    @Test
    void workers_share_at_most_twice_the_processors_stripes() {
        Bucket bucket = new Bucket(1000, false);
        for (int i = 0; i < 1000; i++) {
            bucket.record(exchange(false, null), 1_000_000L, -1, bucket.join());
        }

        bucket.harvest(null, 1000);

        assertThat(bucket.liveStripes()).isEqualTo(Math.min(1000, Bucket.MAX_STRIPES));
        assertThat(bucket.latencyTotal.getTotalCount()).isEqualTo(1000);
    }

    @Test
    void values_above_the_range_are_recorded_as_the_highest_instead_of_throwing() {
        // given a latency of two hours, beyond the stripes' fixed range of one hour
        Bucket bucket = new Bucket(1, false);
        WorkerRecorders worker = bucket.join();

        // when
        bucket.record(exchange(false, null), TimeUnit.HOURS.toNanos(2), -1, worker);
        bucket.harvest(null, 1);

        // then
        assertThat(bucket.latencyTotal.getTotalCount()).isEqualTo(1);
        assertThat(bucket.latencyTotal.highestEquivalentValue(bucket.latencyTotal.getMaxValue()))
                .isEqualTo(bucket.latencyTotal.highestEquivalentValue(Stripe.HIGHEST_MICROS));
    }

    @Test
    void stats_hold_counts_rates_percentiles_and_throughput_of_the_recorded_requests() {
        // given 1..100 ms, every 10th a failure, over a 4 s window
        Bucket bucket = new Bucket(4, false);
        WorkerRecorders worker = bucket.join();
        for (int ms = 1; ms <= 100; ms++) {
            bucket.started.increment();
            bucket.record(exchange(ms % 10 == 0, "http_503"), ms * 1_000_000L, -1, worker);
        }

        // when
        bucket.harvest(null, bucket.workers);
        Stats s = bucket.stats(2.0, 6.0, 0, io.benchsuite.engine.ErrorClass.TIMEOUT);

        // then
        assertThat(s.workers()).isEqualTo(4);
        assertThat(s.windowSeconds()).containsExactly(2.0, 6.0);
        assertThat(s.requests()).isEqualTo(100);
        assertThat(s.successes()).isEqualTo(90);
        assertThat(s.failures()).isEqualTo(10);
        assertThat(s.successRate()).isEqualTo(90.0);
        assertThat(s.throughputRps()).isEqualTo(25.0);
        assertThat(s.errors()).containsEntry("http_503", 10L);
        // HdrHistogram with 3 significant digits: within 0.1 %
        assertThat(s.latencyMs().min()).isCloseTo(1.0, within(0.001));
        assertThat(s.latencyMs().p50()).isCloseTo(50.0, within(0.05));
        assertThat(s.latencyMs().p75()).isCloseTo(75.0, within(0.08));
        assertThat(s.latencyMs().p90()).isCloseTo(90.0, within(0.09));
        assertThat(s.latencyMs().p99()).isCloseTo(99.0, within(0.1));
        assertThat(s.latencyMs().max()).isCloseTo(100.0, within(0.1));
        assertThat(s.latencyMs().mean()).isCloseTo(50.5, within(0.05));
    }

    @Test
    void requests_that_never_finished_count_as_timeout_failures() {
        Bucket bucket = new Bucket(2, false);
        WorkerRecorders worker = bucket.join();
        bucket.started.add(3);
        bucket.record(exchange(false, null), 5_000_000L, -1, worker);
        bucket.harvest(null, bucket.workers);

        Stats s = bucket.stats(0, 1, 2, io.benchsuite.engine.ErrorClass.TIMEOUT);

        assertThat(s.requests()).isEqualTo(3);
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.errors()).containsEntry("timeout", 2L);
    }

    @Test
    void the_stored_histogram_decodes_to_the_recorded_values() throws Exception {
        Bucket bucket = new Bucket(1, false);
        WorkerRecorders worker = bucket.join();
        for (int i = 0; i < 1000; i++) {
            bucket.record(exchange(false, null), 2_000_000L, -1, worker);
        }
        bucket.harvest(null, bucket.workers);
        Stats s = bucket.stats(0, 1, 0, io.benchsuite.engine.ErrorClass.TIMEOUT);

        Histogram h = Histogram.decodeFromCompressedByteBuffer(
                ByteBuffer.wrap(Base64.getDecoder().decode(s.latencyHistogramUs())), 0);

        assertThat(h.getTotalCount()).isEqualTo(1000);
        assertThat(h.getValueAtPercentile(50)).isBetween(1999L, 2001L);
    }

    @Test
    void streamed_requests_record_ttft_tpot_and_inter_token_gaps() {
        // given a request: first token 100 ms after start, then 4 more tokens 10 ms apart
        Bucket bucket = new Bucket(1, true);
        WorkerRecorders worker = bucket.join();
        Exchange ex = new Exchange();
        ex.reset(null, 0, 1, 10_000_000_000L, worker.itlSink);
        long t0 = ex.startNanos();
        for (int i = 0; i < 5; i++) {
            ex.outputChunk(t0 + 100_000_000L + i * 10_000_000L);
        }
        ex.success(200);

        // when
        bucket.record(ex, ex.endNanos() - t0, -1, worker);
        bucket.harvest(null, bucket.workers);
        Stats s = bucket.stats(0, 2, 0, io.benchsuite.engine.ErrorClass.TIMEOUT);

        // then
        assertThat(s.ttftMs().p50()).isCloseTo(100.0, within(0.1));
        assertThat(s.tpotMs().p50()).isCloseTo(10.0, within(0.01));
        assertThat(s.itlMs().p50()).isCloseTo(10.0, within(0.01));
        assertThat(s.latencyMs().p50()).isCloseTo(140.0, within(0.14));
        assertThat(s.outputTokens()).isEqualTo(5);
        assertThat(s.outputTokensPerSecond()).isEqualTo(2.5);
    }

    @Test
    void tpot_uses_the_servers_token_count_when_reported() {
        Bucket bucket = new Bucket(1, true);
        WorkerRecorders worker = bucket.join();
        Exchange ex = new Exchange();
        ex.reset(null, 0, 1, 10_000_000_000L, worker.itlSink);
        long t0 = ex.startNanos();
        ex.outputChunk(t0 + 50_000_000L);
        ex.outputChunk(t0 + 150_000_000L);
        ex.usage(12, 11); // 2 chunks carried 11 tokens
        ex.success(200);

        bucket.record(ex, ex.endNanos() - t0, -1, worker);
        bucket.harvest(null, bucket.workers);
        Stats s = bucket.stats(0, 1, 0, io.benchsuite.engine.ErrorClass.TIMEOUT);

        assertThat(s.tpotMs().p50()).isCloseTo(10.0, within(0.01)); // 100 ms / (11 - 1)
        assertThat(s.outputTokens()).isEqualTo(11);
        assertThat(s.inputTokens()).isEqualTo(12);
    }

    @Test
    void a_stream_that_failed_counts_as_a_failure_but_adds_no_token_metrics() {
        // given a stream cut after 3 chunks, then a complete one
        Bucket bucket = new Bucket(1, true);
        WorkerRecorders worker = bucket.join();
        Exchange cut = new Exchange();
        cut.reset(null, 0, 1, 10_000_000_000L, worker.itlSink);
        long t0 = cut.startNanos();
        for (int i = 0; i < 3; i++) {
            cut.outputChunk(t0 + 500_000_000L + i * 100_000_000L);
        }
        cut.failure("truncated_stream", 200, "cut");
        bucket.record(cut, 800_000_000L, -1, worker);
        Exchange ok = new Exchange();
        ok.reset(null, 1, 1, 10_000_000_000L, worker.itlSink);
        long t1 = ok.startNanos();
        ok.outputChunk(t1 + 100_000_000L);
        ok.outputChunk(t1 + 110_000_000L);
        ok.success(200);
        bucket.record(ok, 110_000_000L, -1, worker);

        // when
        bucket.harvest(null, bucket.workers);
        Stats s = bucket.stats(0, 1, 0, io.benchsuite.engine.ErrorClass.TIMEOUT);

        // then only the successful stream is in the token metrics
        assertThat(s.requests()).isEqualTo(2);
        assertThat(s.errors()).containsEntry("truncated_stream", 1L);
        assertThat(s.ttftMs().max()).isCloseTo(100.0, within(0.1));
        assertThat(s.itlMs().max()).isCloseTo(10.0, within(0.01));
        assertThat(s.outputTokens()).isEqualTo(2);
    }

    @Test
    void gaps_of_a_failed_stream_are_not_recorded_even_when_another_worker_on_the_same_stripe_succeeds() {
        // given two workers on one stripe (a bucket of one worker has one stripe), streams interleaved
        Bucket bucket = new Bucket(1, true);
        WorkerRecorders a = bucket.join();
        WorkerRecorders b = bucket.join();
        Exchange cut = new Exchange();
        cut.reset(null, 0, 1, 10_000_000_000L, a.itlSink);
        Exchange ok = new Exchange();
        ok.reset(null, 1, 1, 10_000_000_000L, b.itlSink);
        long t0 = cut.startNanos();
        long t1 = ok.startNanos();
        for (int i = 0; i < 3; i++) {
            cut.outputChunk(t0 + 500_000_000L + i * 100_000_000L);
            ok.outputChunk(t1 + 20_000_000L + i * 10_000_000L);
        }

        // when the first fails and the second succeeds
        cut.failure("truncated_stream", 200, "cut");
        bucket.record(cut, 800_000_000L, -1, a);
        ok.success(200);
        bucket.record(ok, 40_000_000L, -1, b);
        bucket.harvest(null, 1);
        Stats s = bucket.stats(0, 1, 0, io.benchsuite.engine.ErrorClass.TIMEOUT);

        // then only the successful stream's first token and two gaps are in the token metrics
        assertThat(s.requests()).isEqualTo(2);
        assertThat(bucket.liveStripes()).isEqualTo(1);
        assertThat(bucket.totals.ttft.getTotalCount()).isEqualTo(1);
        assertThat(bucket.totals.itl.getTotalCount()).isEqualTo(2);
        assertThat(s.ttftMs().max()).isCloseTo(20.0, within(0.02));
        assertThat(s.itlMs().max()).isCloseTo(10.0, within(0.01));
        assertThat(bucket.latencyTotal.getTotalCount()).isEqualTo(2);
    }
}
