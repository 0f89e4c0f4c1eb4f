package io.benchsuite.engine.target.http;

import static io.benchsuite.engine.target.http.Requests.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.LoadPlan;
import io.benchsuite.result.RunResult;
import io.benchsuite.engine.run.LoadEngine;
import io.benchsuite.engine.run.ManualClock;
import io.benchsuite.engine.run.RunSpec;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The event loop when requests fail at once, or our own code throws on it: the run still keeps its schedule. The
 * runs are on a {@link ManualClock}: a loop or controller kept busy by the failures would never let it move.
 */
class EventLoopRobustnessTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    @Test
    void requests_that_fail_the_moment_they_start_neither_spin_the_loop_nor_stop_the_run_on_time() throws Exception {
        // given a port nobody listens on: every connect is refused at once
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AtomicLong logged = new AtomicLong();
        try (SystemApiTransport target = Requests.target("http://127.0.0.1:" + port + "/x", true);
             ManualClock clock = new ManualClock()) {

            // when the workers have failed more than 100 requests, the clock reaches the end of the load
            Future<RunResult> run = clock.start(() -> LoadEngine.run(clock.applyTo(RunSpec.builder(target,
                    LoadPlan.constant(4, Duration.ofSeconds(1)))).withTimeout(Duration.ofSeconds(5))
                    .withRequestLog(batch -> logged.addAndGet(batch.size())).build()));
            ManualClock.waitFor("more than 100 requests", () -> logged.get() > 100);
            clock.advanceTo(Duration.ofSeconds(1));
            RunResult result = clock.await(run);

            // then: the load ended after its second (it used to spin forever on the first worker)
            assertThat(result.buckets().get(0).windowSeconds()).containsExactly(0.0, 1.0);
            assertThat(result.status()).isEqualTo(RunResult.Status.completed);
            assertThat(result.overall().requests()).isGreaterThan(100);
            assertThat(result.overall().errors()).containsOnlyKeys("connect_error");
        }
    }

    @Test
    void an_exception_thrown_on_the_loop_fails_one_request_and_the_others_go_on() throws Exception {
        // given a target whose outcome code throws once
        AtomicInteger outcomes = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write(OK);
            }
        }); HttpLoopTarget target = new HttpLoopTarget(server.url("/x"), new HttpProtocol() {
            final RequestTemplate post = RequestTemplate.post(server.url("/x"), Map.of());

            @Override
            public byte[] request(Exchange exchange) {
                return post.encode("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void outcome(Exchange exchange, BodyReader reader, Response response) {
                if (outcomes.incrementAndGet() == 50) {
                    throw new IllegalStateException("a bug in outcome()");
                }
                exchange.success(response.status());
            }
        }, 2); ManualClock clock = new ManualClock()) {

            // when more than 1,000 requests ran in the first second, and more in the last half one
            Future<RunResult> run = clock.start(() -> LoadEngine.run(clock.applyTo(RunSpec.builder(target,
                    LoadPlan.constant(4, Duration.ofMillis(1500)))).withTimeout(Duration.ofSeconds(1)).build()));
            ManualClock.waitFor("more than 1,001 responses", () -> outcomes.get() > 1001);
            clock.advanceTo(Duration.ofSeconds(1));
            int firstSecond = outcomes.get();
            ManualClock.waitFor("responses after the first second", () -> outcomes.get() > firstSecond);
            clock.advanceTo(Duration.ofMillis(1500));
            RunResult result = clock.await(run);

            // then: one request failed with the bug; the workers kept sending until the end of the load
            assertThat(result.overall().errors()).containsOnlyKeys("exception").containsEntry("exception", 1L);
            assertThat(result.overall().successes()).isGreaterThan(1000);
            assertThat(result.timeline().get(result.timeline().size() - 1).completed()).isPositive();
            assertThat(result.buckets().get(0).windowSeconds()).containsExactly(0.0, 1.5);
        }
    }

    @Test
    void a_record_that_makes_no_request_is_ended_by_the_loop_not_inside_start() throws Exception {
        // given a target that never sends (as an LLM record without a prompt)
        AtomicLong requests = new AtomicLong();
        try (HttpLoopTarget target = new HttpLoopTarget("http://127.0.0.1:9/x", new HttpProtocol() {
            @Override
            public byte[] request(Exchange exchange) {
                requests.incrementAndGet();
                exchange.failure("missing_prompt", 0, "no prompt");
                return null;
            }

            @Override
            public void outcome(Exchange exchange, BodyReader reader, Response response) {
            }
        }, 1); ManualClock clock = new ManualClock()) {

            // when
            Future<RunResult> run = clock.start(() -> LoadEngine.run(clock.applyTo(RunSpec.builder(target,
                    LoadPlan.constant(2, Duration.ofMillis(500))))
                    .withDataset(io.benchsuite.engine.dataset.Dataset.of(java.util.List.of(json("{}")))).build()));
            ManualClock.waitFor("a request", () -> requests.get() > 0);
            clock.advanceTo(Duration.ofMillis(500));
            RunResult result = clock.await(run);

            // then the load ended on time
            assertThat(result.buckets().get(0).windowSeconds()).containsExactly(0.0, 0.5);
            assertThat(result.overall().errors()).containsOnlyKeys("missing_prompt");
            assertThat(result.overall().requests()).isPositive();
        }
    }
}
