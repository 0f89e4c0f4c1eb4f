package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Many workers recording into striped buckets while the level rises and a collector harvests, with the same
 * join, record and harvest protocol as the engine's {@link Worker} and {@link Collector}: nothing is lost or
 * counted twice.
 */
class StripedBucketsTest {

    static final int WORKERS = 64;
    static final int REQUESTS_PER_WORKER = 2_000;

    private final Bucket[] buckets = new Bucket[WORKERS];
    private volatile int level = 1;
    private volatile boolean done;
    private final AtomicLong completed = new AtomicLong();

    @RepeatedTest(10)
    void counts_and_percentiles_are_exact_across_64_workers_over_a_ramp_and_passed_levels_drop_their_stripes()
            throws Exception {
        // given 64 workers recording while the level rises from 1 to 64 and a collector harvests
        for (int l = 1; l <= WORKERS; l++) {
            buckets[l - 1] = new Bucket(l, false);
        }
        Histogram[] references = new Histogram[WORKERS];
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int id = w;
            references[w] = new Histogram(Stripe.HIGHEST_MICROS, Bucket.DIGITS);
            threads.add(Thread.ofPlatform().start(() -> work(id, references[id])));
        }
        Thread collector = Thread.ofPlatform().start(this::collect);

        // when the level follows the progress (no sleeps), then everything stops
        long total = (long) WORKERS * REQUESTS_PER_WORKER;
        while (level < WORKERS) {
            if (completed.get() >= total * level / WORKERS) {
                level = level + 1;
            }
            Thread.onSpinWait();
        }
        for (Thread t : threads) {
            t.join();
        }
        done = true;
        collector.join();
        Histogram merged = new Histogram(Stripe.HIGHEST_MICROS, Bucket.DIGITS);
        long requests = 0;
        int finalLevel = level;
        for (Bucket b : buckets) {
            b.harvest(null, finalLevel);
            merged.add(b.latencyTotal);
            requests += b.latencyTotal.getTotalCount();
        }
        Histogram reference = new Histogram(Stripe.HIGHEST_MICROS, Bucket.DIGITS);
        for (Histogram h : references) {
            reference.add(h);
        }

        // then every request is counted once, the distribution is the reference's, and the passed levels hold
        // no stripes
        assertThat(requests).isEqualTo(total);
        assertThat(merged.getTotalCount()).isEqualTo(reference.getTotalCount());
        for (double p : new double[] {0, 50, 90, 99, 99.9, 100}) {
            assertThat(merged.getValueAtPercentile(p)).as("p%s", p).isEqualTo(reference.getValueAtPercentile(p));
        }
        assertThat(merged).isEqualTo(reference);
        for (int l = 1; l < WORKERS; l++) {
            assertThat(buckets[l - 1].liveStripes()).as("stripes of the level %d", l).isZero();
        }
    }

    /** As a {@link Worker}: joins the bucket of the level when it changed, records. */
    private void work(int id, Histogram reference) {
        Exchange ex = new Exchange();
        ex.reset(null, 0, 1, Long.MAX_VALUE / 4, null);
        ex.success(200);
        Bucket current = null;
        WorkerRecorders recorders = null;
        for (int i = 0; i < REQUESTS_PER_WORKER; i++) {
            Bucket bucket = buckets[level - 1];
            if (bucket != current) {
                current = bucket;
                recorders = bucket.join();
            }
            long micros = 1 + (id * 7_919L + i * 104_729L) % 5_000_000L;
            bucket.record(ex, micros * 1000, -1, recorders);
            reference.recordValue(micros);
            completed.incrementAndGet();
        }
    }

    /** As the {@link Collector}, without pauses: reads the level, then harvests every bucket. */
    private void collect() {
        Histogram second = new Histogram(Stripe.HIGHEST_MICROS, Bucket.DIGITS);
        while (!done) {
            int lvl = level;
            for (Bucket b : buckets) {
                b.harvest(second, lvl);
            }
            second.reset();
        }
    }
}
