package io.benchsuite.benchmarks;

import io.benchsuite.llm.sse.SseParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing one whole OpenAI-style chat completion stream (256 {@code chat.completion.chunk} events, a usage
 * event and {@code [DONE]}, about 45 KB) with {@link SseParser}, fed in reads of {@code readBytes} bytes
 * (a socket read is typically one or a few events; 8192 is a full buffer). Score: streams per millisecond;
 * events per second = score × 258,000.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SseParserBench {

    static final int CHUNKS = 256;

    @Param({"64", "8192"})
    public int readBytes;

    private byte[] stream;
    private SseParser parser;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole bh) {
        sink = bh;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < CHUNKS; i++) {
            String chunk = "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1764300000,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" tok" + i
                    + "\"},\"finish_reason\":null}]}\n\n";
            out.writeBytes(chunk.getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("data: {\"id\":\"chatcmpl-9\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
                + "\"completion_tokens\":256,\"total_tokens\":268}}\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        stream = out.toByteArray();
        parser = new SseParser((event, data) -> sink.consume(data));
    }

    @Benchmark
    public long parse_stream() {
        parser.reset();
        for (int off = 0; off < stream.length; off += readBytes) {
            parser.feed(stream, off, Math.min(readBytes, stream.length - off));
        }
        return parser.events();
    }
}
