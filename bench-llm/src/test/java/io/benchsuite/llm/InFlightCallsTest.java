package io.benchsuite.llm;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** The deadline watch cancels exactly the calls past their deadline, and runs only while the target is open. */
class InFlightCallsTest {

    private final OkHttpClient client = new OkHttpClient();

    @Test
    void only_calls_past_their_deadline_are_cancelled_and_marked_expired() {
        // given
        try (InFlightCalls calls = new InFlightCalls()) {
            InFlightCalls.Flight early = calls.started(call(), 1_000);
            InFlightCalls.Flight late = calls.started(call(), 5_000);
            InFlightCalls.Flight none = calls.started(call(), 0);

            // when
            int cancelled = calls.expire(2_000);

            // then
            assertThat(cancelled).isEqualTo(1);
            assertThat(early.expired()).isTrue();
            assertThat(early.call.isCanceled()).isTrue();
            assertThat(late.expired()).isFalse();
            assertThat(late.call.isCanceled()).isFalse();
            assertThat(none.expired()).isFalse();
            assertThat(calls.expire(2_000)).as("an expired call is cancelled once").isZero();
        }
    }

    @Test
    void aborting_cancels_every_call_without_calling_it_a_timeout() {
        // given
        try (InFlightCalls calls = new InFlightCalls()) {
            InFlightCalls.Flight flight = calls.started(call(), Long.MAX_VALUE);

            // when
            calls.cancelAll();

            // then
            assertThat(flight.call.isCanceled()).isTrue();
            assertThat(flight.expired()).isFalse();
        }
    }

    @Test
    void the_watch_starts_with_the_first_call_and_stops_on_close() {
        // given
        InFlightCalls calls = new InFlightCalls();
        assertThat(calls.watching()).isFalse();

        // when
        InFlightCalls.Flight flight = calls.started(call(), System.nanoTime() - 1);
        calls.finished(flight);
        boolean running = calls.watching();
        calls.close();

        // then
        assertThat(running).isTrue();
        assertThat(calls.watching()).isFalse();
        assertThat(calls.size()).isZero();
    }

    @Test
    void a_timed_out_call_fails_as_a_timeout() {
        assertThat(io.benchsuite.engine.ErrorClass.of(InFlightCalls.timedOut(new java.io.IOException("Canceled"))))
                .isEqualTo("timeout");
    }

    private okhttp3.Call call() {
        return client.newCall(new Request.Builder().url("http://127.0.0.1:9/").build());
    }
}
