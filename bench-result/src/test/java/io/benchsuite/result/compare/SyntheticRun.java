package io.benchsuite.result.compare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.benchsuite.result.Distribution;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.HdrHistogram.Histogram;

/**
 * A run of closed-loop workers against a simulated server, seeded: each worker sends its next request when the last
 * returns; a request takes {@code median × shift × e^(sigma·z) × slow(t)}, where {@code slow(t)} is the machine's noise,
 * the same for every request in flight in the same 100 ms ({@code e^x}, {@code x} an AR(1) process with the given
 * standard deviation): the correlation in time that independent-request statistics miss. Writes {@code result.json}
 * and {@code requests.jsonl.gz} as the engine does.
 */
final class SyntheticRun {

    double seconds = 4;
    int workers = 4;
    double medianMs = 20;
    double sigma = 0.25;
    double shift = 1;
    /** Standard deviation of the log of the machine's slowdown, per 100 ms step. */
    double noise = 0;
    /** Correlation of the machine's slowdown from one 100 ms step to the next. */
    double noiseCorrelation = 0.9;
    /** The share of requests that fail. */
    double failures = 0;
    /** Multiplies every latency of this run: a run-to-run difference. */
    double runFactor = 1;
    String runId = "run";
    /** Streamed (LLM) requests: TTFT a third of the latency, 20 output tokens each. */
    boolean streamed;
    RunResult.Repetition repetition;

    SyntheticRun seconds(double s) {
        seconds = s;
        return this;
    }

    SyntheticRun workers(int w) {
        workers = w;
        return this;
    }

    SyntheticRun shift(double s) {
        shift = s;
        return this;
    }

    SyntheticRun noise(double n) {
        noise = n;
        return this;
    }

    SyntheticRun failures(double f) {
        failures = f;
        return this;
    }

    SyntheticRun runFactor(double f) {
        runFactor = f;
        return this;
    }

    SyntheticRun streamed() {
        streamed = true;
        return this;
    }

    SyntheticRun id(String id) {
        runId = id;
        return this;
    }

    SyntheticRun repetition(String group, int index, int count) {
        repetition = new RunResult.Repetition(group, index, count);
        return this;
    }

    /** One request of the log. */
    record Request(double startMs, double latencyMs, boolean success) {
    }

    /** Simulates the run with {@code seed}, writes it to {@code dir/<runId>/}, and returns that directory. */
    Path write(Path dir, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int steps = (int) Math.ceil(seconds * 10) + 1;
        double[] slow = new double[steps];
        double x = 0;
        for (int i = 0; i < steps; i++) {
            x = noiseCorrelation * x + Math.sqrt(1 - noiseCorrelation * noiseCorrelation) * noise * random.nextGaussian();
            slow[i] = Math.exp(x);
        }
        List<Request> requests = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            double t = random.nextDouble() * medianMs;
            while (t < seconds * 1000) {
                double latency = medianMs * shift * runFactor * Math.exp(sigma * random.nextGaussian())
                        * slow[(int) (t / 100)];
                requests.add(new Request(t, latency, random.nextDouble() >= failures));
                t += latency;
            }
        }
        Path runDir = dir.resolve(runId);
        try {
            Files.createDirectories(runDir);
            try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(
                    runDir.resolve(ResultJson.REQUEST_LOG_FILE))), StandardCharsets.UTF_8)) {
                int seq = 0;
                for (Request r : requests) {
                    String tokens = !streamed ? "" : String.format(Locale.ROOT, ",\"ttft_ms\":%.3f,\"tpot_ms\":%.3f,"
                            + "\"output_tokens\":20,\"input_tokens\":null,\"token_source\":\"usage\"",
                            r.latencyMs() / 3, r.latencyMs() * 2 / 3 / 19);
                    out.write(String.format(Locale.ROOT, "{\"seq\":%d,\"workers\":%d,\"start_offset_ms\":%.3f,"
                                    + "\"latency_ms\":%.3f,\"success\":%s,\"status\":%d,\"error\":%s%s}%n", seq++,
                            workers, r.startMs(), r.latencyMs(), r.success(), r.success() ? 200 : 503,
                            r.success() ? "null" : "\"http_503\"", tokens));
                }
            }
            ResultJson.write(result(requests), runDir.resolve(ResultJson.RESULT_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runDir;
    }

    /** {@link #write}, read back as one side of a comparison. */
    ComparedRun compared(Path dir, long seed) {
        try {
            return ComparedRun.read(write(dir, seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RunResult result(List<Request> requests) {
        Histogram h = new Histogram(3);
        long ok = 0;
        for (Request r : requests) {
            h.recordValue(Math.max(1, Math.round(r.latencyMs() * 1000)));
            ok += r.success() ? 1 : 0;
        }
        long n = requests.size();
        double rate = Math.round(ok * 100_000.0 / n) / 1000.0;
        Stats bucket = new Stats(workers, List.of(0.0, seconds), n, ok, n - ok, rate, n / seconds,
                Distribution.ofMicros(h), java.util.Map.of(), null, null, null, null, null, null, encode(h));
        Distribution ttft = streamed ? Distribution.ofMicros(h) : null;
        Stats overall = new Stats(null, null, n, ok, n - ok, rate, n / seconds, Distribution.ofMicros(h),
                java.util.Map.of(), ttft, ttft, ttft, streamed ? 20 * ok : null, null, streamed ? 20 * ok / seconds : null,
                null);
        return new RunResult(1, runId, "acme", "system_api", "orders", RunResult.Status.completed, "POST http://x",
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:04Z"), seconds,
                JsonNodeFactory.instance.objectNode(), null, overall, List.of(bucket), null, null, null, null,
                null, null, null, null, null, repetition, null);
    }

    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), h.encodeIntoCompressedByteBuffer(buf)));
    }
}
