package io.benchsuite.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback LLM server that streams tokens with a timing you choose, for demos and tests: no key, no network.
 *
 * <p>It serves two wire protocols on one port:
 * <ul>
 *   <li>{@code POST /v1/chat/completions} (OpenAI-compatible, {@code "stream": true}): a role-only chunk at
 *       once, the first content chunk after {@link Timing#firstToken()}, then one content chunk every
 *       {@link Timing#interToken()} until {@link Timing#outputTokens()} chunks were sent, a chunk with
 *       {@code finish_reason}, a usage chunk with empty {@code choices} (when the request asked for
 *       {@code stream_options.include_usage}), and {@code data: [DONE]};</li>
 *   <li>{@code POST /v1/messages} (Anthropic Messages API): {@code message_start}, {@code content_block_start},
 *       {@code ping}, the {@code content_block_delta} events with the same timing, {@code content_block_stop},
 *       {@code message_delta} with the final {@code usage.output_tokens}, {@code message_stop}.</li>
 * </ul>
 * Content chunk {@code i} is sent at {@code start + firstToken + i * interToken} (absolute times, so sleeps do
 * not accumulate drift), where {@code start} is when the request body was read.
 *
 * <p>What a hosted or self-hosted server adds, for demos of the metrics that need it:
 * <ul>
 *   <li>a reasoning model ({@link Timing#withReasoning}): the first {@code reasoningTokens} chunks are reasoning
 *       ({@code reasoning_content} deltas; an Anthropic {@code thinking} block), then the answer's
 *       {@code outputTokens}; the usage counts both ({@code completion_tokens_details.reasoning_tokens});</li>
 *   <li>a prompt cache ({@link Timing#withCachedTokens}): the usage says that many prompt tokens were cached
 *       ({@code prompt_tokens_details.cached_tokens}; Anthropic {@code cache_read_input_tokens}); prompt tokens are
 *       the prompt's words plus the cached ones;</li>
 *   <li>a rate limit ({@link #rateLimit}): every response carries {@code x-ratelimit-remaining-requests} and
 *       {@code -tokens} (Anthropic: {@code anthropic-ratelimit-requests-remaining}, {@code -tokens-remaining}); past
 *       the limit of the current window a request gets 429 with {@code Retry-After};</li>
 *   <li>{@code "ignore_eos": true} in a chat request (vLLM's option): exactly {@code max_tokens} generated tokens
 *       (reasoning included) instead of the timing's count, as vLLM does;</li>
 *   <li>{@code GET /metrics}: Prometheus text with vLLM's names ({@code vllm:num_requests_running},
 *       {@code vllm:num_requests_waiting}, {@code vllm:kv_cache_usage_perc} (open streams / 100, at most 1),
 *       {@code vllm:generation_tokens_total}, {@code vllm:prompt_tokens_total}).</li>
 * </ul>
 *
 * <p>Faults, for tests and demos of failure reporting: a prompt containing {@code #fault=<name>} gets
 * <ul>
 *   <li>{@code http_429} / {@code http_500}: that status and a JSON error body, before any stream;</li>
 *   <li>{@code stream_error}: HTTP 200, two content chunks, then an error event;</li>
 *   <li>{@code error_text}: HTTP 200, two content chunks, then {@code event: error} whose data is plain text;</li>
 *   <li>{@code json_error_200}: HTTP 200 whose body is a JSON error (the HTTP faults' body), not a stream;</li>
 *   <li>{@code truncate}: HTTP 200, three content chunks, then the connection is cut;</li>
 *   <li>{@code stall}: HTTP 200, two content chunks, then nothing until the client gives up;</li>
 *   <li>{@code empty}: HTTP 200, a role chunk and the end of the stream without any content;</li>
 *   <li>{@code garbage}: a normal stream whose content events come with keep-alive comments, lines that are not
 *       SSE, {@code data:} without a space and CRLF line ends (a tolerant client succeeds).</li>
 * </ul>
 * A prompt containing {@value #FAST_MARKER} streams with no delays (for warming up a client before measuring).
 *
 * <pre>{@code
 * try (FakeLlmServer server = FakeLlmServer.start(FakeLlmServer.Timing.realistic())) {
 *     String baseUrl = server.baseUrl();   // http://127.0.0.1:<port>/v1
 *     ...
 * }
 * }</pre>
 */
public final class FakeLlmServer implements AutoCloseable {

    /** The marker a prompt uses to ask for a fault: {@code #fault=http_429}. */
    public static final String FAULT_MARKER = "#fault=";
    /** The marker a prompt uses to be streamed without delays. */
    public static final String FAST_MARKER = "#fast";

    static {
        // The JDK server leaves Nagle's algorithm on by default: small SSE writes then wait for delayed ACKs
        // (~40 ms on Linux), which would show up as fake inter-token gaps. Read once, when the server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * The timing of every stream.
     *
     * @param firstToken   delay from reading the request to the first content chunk (the server's TTFT)
     * @param interToken   delay between consecutive content chunks (the server's TPOT and ITL)
     * @param outputTokens content chunks per response, one token each, at least 1
     * @param reasoningTokens reasoning chunks before the content, one token each (0: not a reasoning model)
     * @param cachedTokens prompt tokens the usage reports as read from the prompt cache (0: none)
     */
    public record Timing(Duration firstToken, Duration interToken, int outputTokens, int reasoningTokens,
                         int cachedTokens) {

        /** A timing without reasoning or cache. */
        public Timing(Duration firstToken, Duration interToken, int outputTokens) {
            this(firstToken, interToken, outputTokens, 0, 0);
        }

        /** This timing for a reasoning model: {@code tokens} reasoning chunks before the answer. */
        public Timing withReasoning(int tokens) {
            return new Timing(firstToken, interToken, outputTokens, tokens, cachedTokens);
        }

        /** This timing with {@code tokens} prompt tokens reported as cached. */
        public Timing withCachedTokens(int tokens) {
            return new Timing(firstToken, interToken, outputTokens, reasoningTokens, tokens);
        }

        public Timing {
            if (firstToken == null || firstToken.isNegative()) {
                throw new IllegalArgumentException("firstToken (" + firstToken + ") must be >= 0");
            }
            if (interToken == null || interToken.isNegative()) {
                throw new IllegalArgumentException("interToken (" + interToken + ") must be >= 0");
            }
            if (outputTokens < 1) {
                throw new IllegalArgumentException("outputTokens (" + outputTokens + ") must be >= 1");
            }
            if (reasoningTokens < 0 || cachedTokens < 0) {
                throw new IllegalArgumentException("reasoningTokens (" + reasoningTokens + ") and cachedTokens ("
                        + cachedTokens + ") must be >= 0");
            }
        }

        /** Timings of a busy hosted model: TTFT 150 ms, 20 ms per token, 40 tokens. */
        public static Timing realistic() {
            return of(150, 20, 40);
        }

        /** A timing in milliseconds. */
        public static Timing of(long firstTokenMillis, long interTokenMillis, int outputTokens) {
            return new Timing(Duration.ofMillis(firstTokenMillis), Duration.ofMillis(interTokenMillis), outputTokens);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Timing timing;
    private final AtomicInteger openStreams = new AtomicInteger();
    private final AtomicInteger maxOpenStreams = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong usageRequested = new AtomicLong();
    private final ConcurrentLinkedQueue<StreamTiming> streamTimings = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recordedStreams = new AtomicInteger();
    private final AtomicLong generationTokens = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final RateWindow rateWindow = new RateWindow();

    /** Streams whose server-side timing is kept for {@link #streamTimings()}; later ones are not recorded. */
    public static final int MAX_RECORDED_STREAMS = 100_000;

    /**
     * What the server really did for one complete stream, in {@link System#nanoTime()} of this JVM: when the
     * request body had been read, and when the first and the last content chunk were written. A client in the
     * same JVM can compare its own timestamps with these to measure what it adds.
     */
    public record StreamTiming(long receivedNanos, long firstContentNanos, long lastContentNanos, int contentChunks) {

        /** The server-side time to first token, in milliseconds. */
        public double ttftMillis() {
            return (firstContentNanos - receivedNanos) / 1e6;
        }

        /** The server-side mean gap between content chunks, in milliseconds (0 for one chunk). */
        public double tpotMillis() {
            return contentChunks < 2 ? 0 : (lastContentNanos - firstContentNanos) / 1e6 / (contentChunks - 1);
        }
    }

    private FakeLlmServer(HttpServer server, ExecutorService executor, Timing timing) {
        this.server = server;
        this.executor = executor;
        this.timing = timing;
    }

    /** Starts a server on {@code 127.0.0.1} and a free port. */
    public static FakeLlmServer start(Timing timing) throws IOException {
        // load the JSON classes now, so the first request's TTFT is not the server's class loading
        JSON.readTree("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"warm-up\"}]}");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        FakeLlmServer fake = new FakeLlmServer(server, executor, timing);
        server.createContext("/v1/chat/completions", fake::chatCompletions);
        server.createContext("/v1/messages", fake::messages);
        server.createContext("/metrics", fake::metrics);
        server.setExecutor(executor);
        server.start();
        fake.warmUp();
        return fake;
    }

    /**
     * Streams one fast response of each protocol to itself, so the first real request does not measure the
     * server's class loading (a demo's first TTFT would otherwise be a second), then forgets the counts.
     */
    private void warmUp() {
        byte[] body = ("{\"model\":\"warm-up\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + FAST_MARKER + " warm-up\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        for (String path : new String[] {"/v1/chat/completions", "/v1/messages"}) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                socket.getInputStream().readAllBytes();
            } catch (IOException e) {
                // best effort: a cold first request is slower, not wrong
            }
        }
        resetStatistics();
        requests.set(0);
        usageRequested.set(0);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/v1}: the base URL for every provider setting. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** {@code http://127.0.0.1:<port>/metrics}: the Prometheus metrics, for {@code server_metrics_url}. */
    public String metricsUrl() {
        return "http://127.0.0.1:" + port() + "/metrics";
    }

    public Timing timing() {
        return timing;
    }

    /**
     * Limits the requests and the generated tokens of each {@code window} (a fixed window from the server's start):
     * every response then carries the remaining counts, and a request past either limit gets 429 with
     * {@code Retry-After} (the seconds to the next window) after {@value #RATE_LIMITED_DELAY_MILLIS} ms, so that a
     * closed-model run against it does not spin on instant refusals. Zero or less turns a limit off.
     */
    public FakeLlmServer rateLimit(long requests, long tokens, Duration window) {
        rateWindow.set(requests, tokens, window.toNanos());
        return this;
    }

    /** How long a request refused by the rate limit waits for its 429. */
    public static final int RATE_LIMITED_DELAY_MILLIS = 100;

    /** Requests answered 429 by the rate limit. */
    public long rateLimitedRequests() {
        return rateLimited.get();
    }

    /** The highest number of streams that were open at the same time since the start. */
    public int maxConcurrentStreams() {
        return maxOpenStreams.get();
    }

    /** Streams open right now. */
    public int openStreams() {
        return openStreams.get();
    }

    /** The server-side timing of the complete streams so far (at most {@value #MAX_RECORDED_STREAMS}). */
    public List<StreamTiming> streamTimings() {
        return List.copyOf(streamTimings);
    }

    /** Forgets the recorded stream timings and the concurrency peak (e.g. after a warm-up). */
    public void resetStatistics() {
        streamTimings.clear();
        recordedStreams.set(0);
        maxOpenStreams.set(openStreams.get());
    }

    /** Requests received. */
    public long requests() {
        return requests.get();
    }

    /** Chat completion requests that asked for {@code stream_options.include_usage}. */
    public long usageRequested() {
        return usageRequested.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ OpenAI-compatible

    private void chatCompletions(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = readBody(exchange);
            if (body == null) {
                return;
            }
            long start = System.nanoTime();
            String model = body.path("model").asText("fake-model");
            boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
            if (includeUsage) {
                usageRequested.incrementAndGet();
            }
            String prompt = lastMessage(body);
            String fault = fault(prompt);
            boolean fast = prompt.contains(FAST_MARKER);
            if (httpFault(exchange, fault, "{\"error\":{\"message\":\"fake " + fault
                    + "\",\"type\":\"server_error\",\"code\":null}}")) {
                return;
            }
            if (rateLimitedNow(exchange, false, fast, "{\"error\":{\"message\":\"Rate limit reached (fake)\","
                    + "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")) {
                return;
            }
            streamHeaders(exchange, fault);
            opened();
            try {
                OutputStream out = exchange.getResponseBody();
                String head = "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":" + JSON.writeValueAsString(model) + ",";
                send(out, "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"finish_reason\":null}]}\n\n");
                if ("empty".equals(fault)) {
                    send(out, "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
                    out.write(DONE);
                    out.flush();
                    return;
                }
                int reasoning = fault == null ? timing.reasoningTokens : 0;
                int tokens = contentTokens(fault);
                if (fault == null && body.path("ignore_eos").asBoolean(false) && body.path("max_tokens").canConvertToInt()) {
                    int max = body.path("max_tokens").asInt();
                    reasoning = Math.min(reasoning, Math.max(0, max - 1));
                    tokens = Math.max(1, max - reasoning);
                }
                long first = 0;
                long last = 0;
                for (int i = 0; i < reasoning + tokens; i++) {
                    if (!fast) {
                        sleepUntil(start + timing.firstToken.toNanos() + i * timing.interToken.toNanos());
                    }
                    last = System.nanoTime();
                    first = i == 0 ? last : first;
                    String field = i < reasoning ? "reasoning_content" : "content";
                    send(out, noisy(fault, "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{\"" + field
                            + "\":\"tok" + i + " \"},\"finish_reason\":null}]}\n\n"));
                    generationTokens.incrementAndGet();
                }
                if (endsAbnormally(out, fault, "data: {\"error\":{\"message\":\"fake stream error\","
                        + "\"type\":\"server_error\",\"code\":\"overloaded\"}}\n\n")) {
                    return;
                }
                send(out, "data: " + head + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n");
                int in = words(prompt) + timing.cachedTokens;
                promptTokens.addAndGet(in);
                if (includeUsage) {
                    int out1 = reasoning + tokens;
                    send(out, "data: " + head + "\"choices\":[],\"usage\":{\"prompt_tokens\":" + in
                            + ",\"completion_tokens\":" + out1 + ",\"total_tokens\":" + (in + out1)
                            + ",\"prompt_tokens_details\":{\"cached_tokens\":" + timing.cachedTokens
                            + "},\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoning + "}}}\n\n");
                }
                out.write(DONE);
                out.flush();
                record(start, first, last, reasoning + tokens);
            } finally {
                closed();
            }
        } catch (IOException e) {
            // the client went away (timeout, cut): nothing to do
        }
    }

    // ------------------------------------------------------------------ Anthropic Messages API

    private void messages(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = readBody(exchange);
            if (body == null) {
                return;
            }
            long start = System.nanoTime();
            String model = body.path("model").asText("fake-model");
            String prompt = lastMessage(body);
            String fault = fault(prompt);
            boolean fast = prompt.contains(FAST_MARKER);
            if (httpFault(exchange, fault, "{\"type\":\"error\",\"error\":{\"type\":\"" + ("http_429".equals(fault)
                    ? "rate_limit_error" : "api_error") + "\",\"message\":\"fake " + fault + "\"}}")) {
                return;
            }
            if (rateLimitedNow(exchange, true, fast, "{\"type\":\"error\",\"error\":{\"type\":"
                    + "\"rate_limit_error\",\"message\":\"Rate limit reached (fake)\"}}")) {
                return;
            }
            streamHeaders(exchange, fault);
            opened();
            try {
                OutputStream out = exchange.getResponseBody();
                int in = words(prompt);
                promptTokens.addAndGet(in + timing.cachedTokens);
                int reasoning = fault == null ? timing.reasoningTokens : 0;
                // input_tokens leaves out the cache reads, as Anthropic's usage does
                send(out, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":"
                        + JSON.writeValueAsString(model) + ",\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":" + in + ",\"cache_read_input_tokens\":" + timing.cachedTokens
                        + ",\"cache_creation_input_tokens\":0,\"output_tokens\":1}}}\n\n"
                        + (reasoning > 0 ? "event: content_block_start\ndata: {\"type\":\"content_block_start\","
                        + "\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
                        : "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n")
                        + "event: ping\ndata: {\"type\": \"ping\"}\n\n");
                int tokens = "empty".equals(fault) ? 0 : contentTokens(fault);
                long first = 0;
                long last = 0;
                for (int i = 0; i < reasoning + tokens; i++) {
                    if (!fast) {
                        sleepUntil(start + timing.firstToken.toNanos() + i * timing.interToken.toNanos());
                    }
                    last = System.nanoTime();
                    first = i == 0 ? last : first;
                    int index = reasoning > 0 && i >= reasoning ? 1 : 0;
                    if (reasoning > 0 && i == reasoning) {
                        send(out, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
                                + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
                    }
                    String delta = i < reasoning ? "{\"type\":\"thinking_delta\",\"thinking\":\"tok" + i + " \"}"
                            : "{\"type\":\"text_delta\",\"text\":\"tok" + i + " \"}";
                    send(out, noisy(fault, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                            + "\"index\":" + index + ",\"delta\":" + delta + "}\n\n"));
                    generationTokens.incrementAndGet();
                }
                if (endsAbnormally(out, fault, "event: error\ndata: {\"type\":\"error\",\"error\":"
                        + "{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")) {
                    return;
                }
                send(out, "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":"
                        + (reasoning > 0 ? 1 : 0) + "}\n\n"
                        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                        + "\"max_tokens\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + (reasoning + tokens)
                        + "}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
                record(start, first, last, reasoning + tokens);
            } finally {
                closed();
            }
        } catch (IOException e) {
            // the client went away (timeout, cut): nothing to do
        }
    }

    // ------------------------------------------------------------------ metrics and rate limit

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            int open = openStreams.get();
            String labels = "{model_name=\"fake-model\"}";
            String text = "# HELP vllm:num_requests_running Number of requests in model execution batches.\n"
                    + "# TYPE vllm:num_requests_running gauge\n"
                    + "vllm:num_requests_running" + labels + " " + open + ".0\n"
                    + "# HELP vllm:num_requests_waiting Number of requests waiting to be processed.\n"
                    + "# TYPE vllm:num_requests_waiting gauge\n"
                    + "vllm:num_requests_waiting" + labels + " 0.0\n"
                    + "# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.\n"
                    + "# TYPE vllm:kv_cache_usage_perc gauge\n"
                    + "vllm:kv_cache_usage_perc" + labels + " " + Math.min(1.0, open / 100.0) + "\n"
                    + "# HELP vllm:generation_tokens_total Number of generation tokens processed.\n"
                    + "# TYPE vllm:generation_tokens_total counter\n"
                    + "vllm:generation_tokens_total" + labels + " " + generationTokens.get() + ".0\n"
                    + "# HELP vllm:prompt_tokens_total Number of prefill tokens processed.\n"
                    + "# TYPE vllm:prompt_tokens_total counter\n"
                    + "vllm:prompt_tokens_total" + labels + " " + promptTokens.get() + ".0\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /**
     * Applies the rate limit to one request: sets the remaining-count headers (OpenAI's or Anthropic's names) and,
     * past a limit, answers 429 with {@code Retry-After} and returns true. Warm-up requests ({@code fast}) are not
     * counted.
     */
    private boolean rateLimitedNow(HttpExchange exchange, boolean anthropic, boolean fast, String body)
            throws IOException {
        long[] left = fast ? null : rateWindow.take(timing.outputTokens + timing.reasoningTokens);
        if (left == null) {
            return false;
        }
        var headers = exchange.getResponseHeaders();
        if (left[0] != Long.MAX_VALUE) { // a limit that is off has no header
            headers.set(anthropic ? "anthropic-ratelimit-requests-remaining" : "x-ratelimit-remaining-requests",
                    Long.toString(Math.max(0, left[0])));
        }
        if (left[1] != Long.MAX_VALUE) {
            headers.set(anthropic ? "anthropic-ratelimit-tokens-remaining" : "x-ratelimit-remaining-tokens",
                    Long.toString(Math.max(0, left[1])));
        }
        if (left[0] >= 0 && left[1] >= 0) {
            return false;
        }
        rateLimited.incrementAndGet();
        sleepUntil(System.nanoTime() + RATE_LIMITED_DELAY_MILLIS * 1_000_000L);
        headers.set("Retry-After", Long.toString(left[2]));
        reply(exchange, 429, body);
        return true;
    }

    /** A fixed-window limit of requests and tokens. */
    private static final class RateWindow {
        private final long origin = System.nanoTime();
        private long requests;
        private long tokens;
        private long windowNanos;
        private long window = -1;
        private long usedRequests;
        private long usedTokens;

        synchronized void set(long requests, long tokens, long windowNanos) {
            this.requests = requests;
            this.tokens = tokens;
            this.windowNanos = windowNanos;
            this.window = -1;
        }

        /**
         * Takes one request of {@code cost} tokens: null without a limit, else {remaining requests, remaining tokens,
         * seconds to the next window}, a remaining count below 0 meaning refused (nothing taken).
         */
        synchronized long[] take(long cost) {
            if (windowNanos <= 0 || (requests <= 0 && tokens <= 0)) {
                return null;
            }
            long elapsed = System.nanoTime() - origin;
            long now = elapsed / windowNanos;
            if (now != window) {
                window = now;
                usedRequests = 0;
                usedTokens = 0;
            }
            long retryAfter = Math.max(1, (long) Math.ceil(((now + 1) * windowNanos - elapsed) / 1e9));
            long leftRequests = requests <= 0 ? Long.MAX_VALUE : requests - usedRequests - 1;
            long leftTokens = tokens <= 0 ? Long.MAX_VALUE : tokens - usedTokens - cost;
            if (leftRequests < 0 || leftTokens < 0) { // refused: nothing taken
                return new long[] {leftRequests < 0 ? -1 : leftRequests == Long.MAX_VALUE ? leftRequests
                        : leftRequests + 1,
                        leftTokens < 0 ? -1 : leftTokens == Long.MAX_VALUE ? leftTokens : leftTokens + cost, retryAfter};
            }
            usedRequests++;
            usedTokens += cost;
            return new long[] {leftRequests, leftTokens, retryAfter};
        }
    }

    // ------------------------------------------------------------------ shared

    private JsonNode readBody(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        if (!"POST".equals(exchange.getRequestMethod())) {
            reply(exchange, 405, "{\"error\":{\"message\":\"use POST\"}}");
            return null;
        }
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in);
        } catch (IOException e) {
            reply(exchange, 400, "{\"error\":{\"message\":\"body is not JSON\"}}");
            return null;
        }
        if (body == null || !body.path("stream").asBoolean(false)) {
            reply(exchange, 400, "{\"error\":{\"message\":\"this fake server only streams: set \\\"stream\\\": true\"}}");
            return null;
        }
        return body;
    }

    private static String lastMessage(JsonNode body) {
        JsonNode messages = body.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return "";
        }
        JsonNode content = messages.get(messages.size() - 1).path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText("")));
        return text.toString();
    }

    private static String fault(String prompt) {
        int at = prompt.indexOf(FAULT_MARKER);
        if (at < 0) {
            return null;
        }
        int from = at + FAULT_MARKER.length();
        int to = from;
        while (to < prompt.length() && (Character.isLetterOrDigit(prompt.charAt(to)) || prompt.charAt(to) == '_')) {
            to++;
        }
        return prompt.substring(from, to).toLowerCase(Locale.ROOT);
    }

    /**
     * For {@code #fault=garbage}: the event preceded by a keep-alive comment and a line that is not SSE, sent
     * with {@code data:} without a space and CRLF line ends, as some servers and proxies do.
     */
    private static String noisy(String fault, String event) {
        if (!"garbage".equals(fault)) {
            return event;
        }
        return ": keep-alive\r\n\r\nthis line is not sse\r\n" + event.replace("data: ", "data:").replace("\n", "\r\n");
    }

    private static boolean httpFault(HttpExchange exchange, String fault, String body) throws IOException {
        if ("http_429".equals(fault)) {
            exchange.getResponseHeaders().set("Retry-After", "1");
            reply(exchange, 429, body);
            return true;
        }
        if ("http_500".equals(fault)) {
            reply(exchange, 500, body);
            return true;
        }
        if ("json_error_200".equals(fault)) {
            reply(exchange, 200, body);
            return true;
        }
        return false;
    }

    private static void streamHeaders(HttpExchange exchange, String fault) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        // a cut stream declares more bytes than it sends, so closing it early aborts the connection
        exchange.sendResponseHeaders(200, "truncate".equals(fault) ? 1 << 20 : 0);
    }

    private int contentTokens(String fault) {
        if ("stream_error".equals(fault) || "stall".equals(fault) || "error_text".equals(fault)) {
            return Math.min(2, timing.outputTokens);
        }
        if ("truncate".equals(fault)) {
            return Math.min(3, timing.outputTokens);
        }
        return timing.outputTokens;
    }

    /** Finishes a faulty stream; true when the stream must not end normally. */
    private static boolean endsAbnormally(OutputStream out, String fault, String errorEvent) throws IOException {
        if ("stream_error".equals(fault)) {
            send(out, errorEvent);
            return true;
        }
        if ("error_text".equals(fault)) {
            send(out, "event: error\ndata: fake upstream overloaded\n\n");
            return true;
        }
        if ("truncate".equals(fault)) {
            throw new IOException("fault: stream cut"); // closing the exchange with bytes missing drops the connection
        }
        if ("stall".equals(fault)) {
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
        return false;
    }

    private void record(long received, long first, long last, int tokens) {
        if (tokens > 0 && recordedStreams.incrementAndGet() <= MAX_RECORDED_STREAMS) {
            streamTimings.add(new StreamTiming(received, first, last, tokens));
        }
    }

    private void opened() {
        int now = openStreams.incrementAndGet();
        maxOpenStreams.accumulateAndGet(now, Math::max);
    }

    private void closed() {
        openStreams.decrementAndGet();
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private static int words(String text) {
        int count = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                count++;
            }
            inWord = !space;
        }
        return Math.max(1, count);
    }
}
