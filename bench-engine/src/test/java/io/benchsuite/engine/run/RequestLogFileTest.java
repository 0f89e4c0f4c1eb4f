package io.benchsuite.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchsuite.engine.Exchange;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestLogFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writes_one_json_object_per_request_with_milliseconds_to_three_decimals_and_escapes_odd_error_classes() throws Exception {
        RequestBatch batch = new RequestBatch(8);
        Exchange ex = new Exchange();
        long runStart = 1_000_000_000L;

        ex.reset(null, 7, 3, 10_000_000_000L, null);
        ex.success(204);
        batch.add(ex, ex.startNanos() - 2_500_000L, 12_345_678L); // start 2.5 ms, latency 12.345678 ms

        ex.reset(null, 8, 3, 10_000_000_000L, null);
        ex.failure("http_503", 503, "HTTP 503");
        batch.add(ex, ex.startNanos() + 1_499L, 999L); // start -0.001 ms (rounded), latency 0.001 ms

        ex.reset(null, 9, 4, 10_000_000_000L, null);
        ex.outputChunk(ex.startNanos() + 200_000_000L);
        ex.outputChunk(ex.startNanos() + 220_000_000L);
        ex.outputChunk(ex.startNanos() + 240_000_000L);
        ex.usage(11, -1);
        batch.add(ex, runStart, 240_000_000L);

        ex.reset(null, 10, 4, 10_000_000_000L, null);
        ex.failure("odd \"class\"\\é\n", 0, "x");
        batch.add(ex, ex.startNanos(), 5_000_000_000_123L);

        Path file = dir.resolve(RequestLogFile.FILE_NAME);
        try (RequestLogFile log = new RequestLogFile(file)) {
            log.accept(batch);
            assertThat(log.lines()).isEqualTo(4);
            log.close(); // closed twice (the run closes its sinks, then try-with-resources): harmless
        }

        List<String> lines;
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            lines = in.lines().toList();
        }
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("{\"seq\":7,\"workers\":3,\"start_offset_ms\":2.500,\"latency_ms\":12.346,"
                + "\"success\":true,\"status\":204,\"error\":null}");
        assertThat(lines.get(1)).isEqualTo("{\"seq\":8,\"workers\":3,\"start_offset_ms\":-0.001,\"latency_ms\":0.001,"
                + "\"success\":false,\"status\":503,\"error\":\"http_503\"}");

        JsonNode streamed = JSON.readTree(lines.get(2));
        assertThat(streamed.get("ttft_ms").decimalValue()).isEqualByComparingTo("200.000");
        assertThat(streamed.get("tpot_ms").decimalValue()).isEqualByComparingTo("20.000");
        assertThat(streamed.get("output_tokens").asLong()).isEqualTo(3);
        assertThat(streamed.get("input_tokens").asLong()).isEqualTo(11);
        assertThat(streamed.get("token_source").asText()).isEqualTo("chunks");

        JsonNode odd = JSON.readTree(lines.get(3));
        assertThat(odd.get("error").asText()).isEqualTo("odd \"class\"\\é\n");
        assertThat(odd.get("latency_ms").decimalValue()).isEqualByComparingTo("5000000.000");
    }

    @Test
    void a_flushed_log_is_readable_up_to_the_flush_when_the_process_dies_before_closing_it() throws Exception {
        // given a log that accepted 3 requests and was flushed, then the process was killed (never closed)
        Path file = dir.resolve(RequestLogFile.FILE_NAME);
        RequestLogFile log = new RequestLogFile(file);
        RequestBatch batch = new RequestBatch(8);
        Exchange ex = new Exchange();
        for (int seq = 0; seq < 3; seq++) {
            ex.reset(null, seq, 1, 10_000_000_000L, null);
            ex.success(200);
            batch.add(ex, ex.startNanos(), 1_000_000L);
        }
        log.accept(batch);
        log.flush();

        // when the file is read as it is on disk, up to where it ends
        byte[] onDisk = Files.readAllBytes(file);
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(onDisk))) {
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) > 0; ) {
                text.write(buf, 0, n);
            }
        } catch (java.io.EOFException cut) {
            // no gzip trailer: the file was never closed
        }
        List<String> lines = text.toString(StandardCharsets.UTF_8).lines().toList();

        // then every accepted request is there
        assertThat(lines).hasSize(3);
        assertThat(lines.getLast()).startsWith("{\"seq\":2,");
        log.close();
    }

    @Test
    void a_batch_is_handed_over_once_it_is_a_second_old_even_when_not_full() {
        // given
        RequestBatch batch = new RequestBatch(512);
        Exchange ex = new Exchange();

        // when two requests end 0.5 s apart, then one 1.1 s after the first
        ex.reset(null, 0, 1, 10_000_000_000L, null);
        boolean first = batch.add(ex, 0, 1_000_000L);
        ex.reset(null, 1, 1, 10_000_000_000L, null);
        boolean halfSecond = batch.add(ex, 0, 500_000_000L);
        ex.reset(null, 2, 1, 10_000_000_000L, null);
        boolean late = batch.add(ex, 0, 1_200_000_000L);

        // then
        assertThat(first).isFalse();
        assertThat(halfSecond).isFalse();
        assertThat(late).isTrue();
    }
}
