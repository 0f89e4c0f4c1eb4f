package io.benchsuite.engine.target.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.engine.Exchange;
import io.benchsuite.engine.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A protocol's body reader and error sample, the same on both transports (threads and the event loop). */
@Timeout(30)
class HttpProtocolTest {

    /** What the reader saw: each piece of body with its arrival time, and the outcome's sample. */
    private final List<String> pieces = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    @ParameterizedTest(name = "event loop: {0}")
    @ValueSource(booleans = {false, true})
    void a_2xx_body_reaches_the_reader_de_chunked_with_the_arrival_time_of_each_read(boolean eventLoop)
            throws Exception {
        // given: a chunked body in two parts, 150 ms apart
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
                Thread.sleep(150);
                conn.write("5\r\nworld\r\n0\r\n\r\n");
            }
        }); Target target = target(server.url("/x"), eventLoop, 512)) {

            // when
            Exchange ex = Requests.send(target);

            // then
            assertThat(ex.status()).isEqualTo(200);
            assertThat(String.join("", pieces)).isEqualTo("helloworld");
            assertThat(pieces).first().isEqualTo("hello");
            assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(140).toNanos());
        }
    }

    @ParameterizedTest(name = "event loop: {0}")
    @ValueSource(booleans = {false, true})
    void a_non_2xx_body_is_sampled_up_to_the_protocols_size_and_not_given_to_the_reader(boolean eventLoop)
            throws Exception {
        // given
        String body = "e".repeat(3000);
        try (LoopbackServer server = new LoopbackServer((conn, i) -> {
            while (conn.readRequest() != null) {
                conn.write("HTTP/1.1 503 Busy\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            }
        }); Target target = target(server.url("/x"), eventLoop, 2048)) {

            // when
            Exchange ex = Requests.send(target);

            // then
            assertThat(ex.errorMessage()).isEqualTo("2048 cut");
            assertThat(pieces).isEmpty();
        }
    }

    private Target target(String url, boolean eventLoop, int sampleBytes) {
        RequestTemplate post = RequestTemplate.post(url, Map.of());
        HttpProtocol protocol = new HttpProtocol() {
            @Override
            public byte[] request(Exchange exchange) {
                return post.encode("{}".getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public BodyReader newBodyReader() {
                return new BodyReader() {
                    @Override
                    public void begin(Exchange exchange, int status) {
                    }

                    @Override
                    public void bytes(byte[] buf, int off, int len, long arrivalNanos) {
                        pieces.add(new String(buf, off, len, StandardCharsets.US_ASCII));
                        arrivals.add(arrivalNanos);
                    }
                };
            }

            @Override
            public int errorSampleBytes() {
                return sampleBytes;
            }

            @Override
            public void outcome(Exchange exchange, BodyReader reader, Response response) {
                if (response.status() == 200) {
                    exchange.success(200);
                } else {
                    exchange.failure("http_" + response.status(), response.status(),
                            response.sample().length() + (response.sampleCut() ? " cut" : ""));
                }
            }
        };
        return eventLoop ? new HttpLoopTarget(url, protocol, 1) : new HttpThreadTarget(url, protocol);
    }
}
