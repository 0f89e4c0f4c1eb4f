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
}
