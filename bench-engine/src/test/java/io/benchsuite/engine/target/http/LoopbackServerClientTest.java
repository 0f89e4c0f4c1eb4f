package io.benchsuite.engine.target.http;

import static io.benchsuite.engine.target.http.Requests.json;
import static io.benchsuite.engine.target.http.Requests.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client against scripted servers: framing, keep-alive, endless and huge bodies, stale connections. */
class LoopbackServerClientTest implements Transports {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static List<Exchange> sendTimes(SystemApiTransport target, int n) throws Exception {
        List<Exchange> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(send(target));
        }
        return out;
    }

    @Test
    void keep_alive_responses_reuse_one_connection() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write(OK);
            }
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 5);

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(200));
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(server.requests).hasSize(5);
        }
    }

    @Test
    void connection_close_responses_open_a_new_connection_per_request() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 3);

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.failed()).isFalse());
            assertThat(server.connections.get()).isEqualTo(3);
            assertThat(server.requests).hasSize(3);
            assertThat(target.openConnections()).isZero();
        }
    }

    @Test
    void a_connection_with_bytes_beyond_the_response_is_not_reused() throws Exception {
        // given: the body is followed by bytes nobody asked for
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write(OK + "JUNK");
            }
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 2);

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(200));
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(server.requests).hasSize(2);
        }
    }

    @Test
    void an_http_1_0_response_with_keep_alive_reuses_the_connection() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok");
            }
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 3);

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(200));
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void chunked_bodies_with_extensions_and_trailers_are_read_to_the_end() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n"
                        + "1A;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n"
                        + "0\r\nX-Checksum: 123\r\nX-Other: 4\r\n\r\n");
            }
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 3);

            // then: each response ended exactly after its trailers, so the connection stayed usable
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(200));
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void a_chunked_error_body_is_sampled_across_chunks() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 502 Bad Gateway\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4\r\nupst\r\n6\r\nream d\r\n4\r\nown!\r\n0\r\n\r\n");
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.errorClass()).isEqualTo("http_502");
            assertThat(ex.errorMessage()).isEqualTo("HTTP 502: upstream down!");
        }
    }

    @Test
    void an_http_1_0_body_delimited_by_connection_close_is_read_and_the_connection_not_reused() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body ends when the connection does");
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 2);

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(200));
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(target.openConnections()).isZero();
        }
    }

    @Test
    void interim_1xx_responses_are_skipped_and_204_has_no_body() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 204 No Content\r\n\r\n");
            }
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 3);

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(204));
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void a_50_mb_body_is_discarded_as_it_streams_without_being_held_in_memory() throws Exception {
        // given
        int size = 50 * 1024 * 1024;
        byte[] block = new byte[64 * 1024];
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n");
                for (int sent = 0; sent < size; sent += block.length) {
                    conn.out.write(block, 0, Math.min(block.length, size - sent));
                }
                conn.out.flush();
            }
        }); SystemApiTransport target = target(server.url("/x"))) {
            send(target); // warm-up: class loading, connection

            // when
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            Exchange ex = send(target, json("{}"), Duration.ofSeconds(30));
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

            // then
            assertThat(ex.status()).isEqualTo(200);
            assertThat(allocated).as("bytes allocated while reading a %d byte body", size).isLessThan(1024 * 1024);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void a_body_that_never_ends_times_out_at_the_deadline() throws Exception {
        // given: a declared 1 GB body trickling one byte every 20 ms
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\n\r\n");
            while (true) {
                conn.write("x");
                Thread.sleep(20);
            }
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            long start = System.nanoTime();
            Exchange ex = send(target, json("{}"), Duration.ofMillis(500));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // then: only the timeout could end it, and not before its deadline
            assertThat(ex.errorClass()).isEqualTo("timeout");
            assertThat(elapsedMs).isGreaterThanOrEqualTo(450L);
            assertThat(target.openConnections()).isZero();
        }
    }

    @Test
    void a_chunked_stream_that_never_ends_times_out_at_the_deadline() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            while (true) {
                conn.write("1\r\nx\r\n");
                Thread.sleep(20);
            }
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            Exchange ex = send(target, json("{}"), Duration.ofMillis(500));

            // then
            assertThat(ex.errorClass()).isEqualTo("timeout");
        }
    }

    @Test
    void slow_headers_time_out_at_the_deadline() throws Exception {
        // given: the status line arrives, the rest of the head never does
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nX-Slow: 1\r\n");
            Thread.sleep(10_000);
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            long start = System.nanoTime();
            Exchange ex = send(target, json("{}"), Duration.ofMillis(400));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // then: not before its deadline, and before the server's 10 s pause ended
            assertThat(ex.errorClass()).isEqualTo("timeout");
            assertThat(elapsedMs).isBetween(350L, 9_999L);
        }
    }

    @Test
    void a_response_that_never_comes_ends_at_its_deadline_and_its_connection_is_closed()
            throws Exception {
        // given: the server reads the request and never answers
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            Thread.sleep(10_000);
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            long start = System.nanoTime();
            Exchange ex = send(target, json("{}"), Duration.ofMillis(300));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            // then: not before its deadline, and before the server's 10 s pause ended (how soon after the deadline
            // is a matter of speed: the deadline watch looks every 5 ms, see docs/http-client.md)
            assertThat(ex.errorClass()).isEqualTo("timeout");
            assertThat(ex.errorMessage()).contains("within the request timeout");
            assertThat(elapsedMs).isBetween(300L, 9_999L);
            assertThat(target.openConnections()).isZero();
        }
    }

    @Test
    void each_worker_keeps_its_own_connection_between_requests() throws Exception {
        // given two workers taking turns
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write(OK);
            }
        }); SystemApiTransport target = target(server.url("/x"))) {
            Exchange first = new Exchange();
            Exchange second = new Exchange();

            // when
            for (int i = 0; i < 3; i++) {
                for (Exchange worker : List.of(first, second)) {
                    worker.reset(json("{}"), i, 2, TimeUnit.SECONDS.toNanos(5), null);
                    target.execute(worker);
                    assertThat(worker.status()).isEqualTo(200);
                }
            }

            // then: one connection each, held by the worker, given back to the pool when it stops
            assertThat(server.connections.get()).isEqualTo(2);
            assertThat(first.attachment()).isNotNull().isNotSameAs(second.attachment());
            target.workerStopped(first);
            target.workerStopped(second);
            assertThat(first.attachment()).isNull();
            assertThat(target.openConnections()).isEqualTo(2);
            assertThat(send(target).status()).isEqualTo(200);
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void a_body_cut_short_is_an_io_error() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.errorClass()).isEqualTo("io_error");
            assertThat(ex.errorMessage()).contains("9 of 100 body bytes");
        }
    }

    @Test
    void a_keep_alive_connection_the_server_closed_while_idle_is_replaced_and_the_request_sent_once_more()
            throws Exception {
        // given: the server answers one request per connection but without "Connection: close"
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write(OK);
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            List<Exchange> results = sendTimes(target, 3);

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(200));
            assertThat(server.connections.get()).isEqualTo(3);
            assertThat(server.requests).hasSize(3);
        }
    }

    @Test
    void a_request_re_sent_after_the_server_closed_its_keep_alive_connection_is_counted_in_a_note()
            throws Exception {
        // given: the server answers the first request of a connection, then reads (and stores) the second and closes
        // the connection without answering it, as a server closing idle keep-alive connections may
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write(OK);
            conn.readRequest();
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when: request 1 on connection 0; 2 stored there, re-sent on connection 1; 3 stored there, re-sent on 2
            List<Exchange> results = sendTimes(target, 3);

            // then: three successes, five requests stored, and the two duplicates said
            assertThat(results).allSatisfy(ex -> assertThat(ex.failed()).isFalse());
            assertThat(server.requests).hasSize(5);
            assertThat(target.notes()).containsExactly("2 requests were re-sent on a new connection (warm-up included) "
                    + "after the server closed a keep-alive connection without answering them; a server that had "
                    + "already processed them may have stored them twice (see docs/http-client.md, Retries)");
        }
    }

    @Test
    void a_new_connection_closed_without_a_response_is_an_io_error_and_not_retried() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> conn.readRequest());
             SystemApiTransport target = target(server.url("/x"))) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.errorClass()).isEqualTo("io_error");
            assertThat(ex.errorMessage()).contains("closed before any response byte");
            assertThat(server.requests).hasSize(1);
        }
    }

    @Test
    void a_reused_connection_that_fails_after_response_bytes_is_not_retried() throws Exception {
        // given: the second response on the connection is cut after its status line
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write(OK);
            conn.readRequest();
            conn.write("HTTP/1.1 200 OK\r\n");
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            Exchange first = send(target);
            Exchange second = send(target);

            // then
            assertThat(first.failed()).isFalse();
            assertThat(second.errorClass()).isEqualTo("io_error");
            assertThat(server.requests).hasSize(2);
            assertThat(server.connections.get()).isEqualTo(1);
        }
    }

    @Test
    void a_response_that_is_not_http_is_an_io_error_naming_the_problem() throws Exception {
        // given
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            conn.readRequest();
            conn.write("SSH-2.0-OpenSSH_9.2\r\n");
        }); SystemApiTransport target = target(server.url("/x"))) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.errorClass()).isEqualTo("io_error");
            assertThat(ex.errorMessage()).contains("does not start with an HTTP/1.0 or HTTP/1.1 status line");
        }
    }

    @Test
    void the_token_and_secret_headers_never_appear_in_failure_messages_even_when_the_server_echoes_them()
            throws Exception {
        // given: a server that echoes the request head in its 401 body
        String token = "tok-" + System.nanoTime();
        String apiKey = "key-" + System.nanoTime();
        String marked = "mine-" + System.nanoTime();
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            String head = conn.readRequest();
            conn.write("HTTP/1.1 401 Unauthorized\r\nContent-Length: " + head.length() + "\r\n\r\n" + head);
        }); SystemApiTransport target = target(server.url("/x"), token, null,
                java.util.Map.of("X-Api-Key", apiKey, "X-Secret", marked, "X-Team", "visible"), false, null,
                new ArrayList<>())) {

            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.errorClass()).isEqualTo("http_401");
            assertThat(ex.errorMessage()).contains("Authorization: Bearer ***").contains("X-Api-Key: ***")
                    .contains("X-Secret: ***").contains("X-Team: visible")
                    .doesNotContain(token).doesNotContain(apiKey).doesNotContain(marked);
            assertThat(server.requests).singleElement().asString().contains("Authorization: Bearer " + token);
        }
    }
}
