package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.benchsuite.engine.Exchange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestLogWriterTest {

    @Test
    void an_event_loop_worker_hands_over_without_waiting_for_a_stalled_sink_and_nothing_is_lost() throws Exception {
        // given a sink that blocks until released
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong written = new AtomicLong();
        RequestLogWriter writer = new RequestLogWriter(List.of(batch -> {
            release.await();
            written.addAndGet(batch.size());
        }));
        Exchange ex = new Exchange();
        ex.reset(null, 0, 1, 1_000_000_000L, null);
        ex.success(200);

        // when 600 full batches are handed over (the queue holds 256) while the sink is stalled (it finishes no
        // batch before the release below): a hand-over that waited would wait for ever, so only a hang is bounded
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            RequestBatch batch = writer.newBatch();
            for (int i = 0; i < 600 * RequestLogWriter.BATCH_SIZE; i++) {
                if (batch.add(ex, ex.startNanos(), 1000)) {
                    batch = writer.submitNoWait(batch);
                }
            }
        }, "a hand-over waited for the stalled sink");
        release.countDown();
        writer.close();

        // then the worker never waited, and every line reached the sink
        assertThat(written.get()).isEqualTo(600L * RequestLogWriter.BATCH_SIZE);
        assertThat(writer.failure()).isNull();
    }
}
