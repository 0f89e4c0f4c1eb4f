package io.benchsuite.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scrapes an inference server's own metrics ({@code server_metrics_url}: Prometheus text, e.g. vLLM's
 * {@code /metrics}) once a second on a daemon thread of its own, and keeps the last scrape as a few documented series
 * for the timeline ({@link #latest}): {@code running_requests}, {@code waiting_requests}, {@code kv_cache_usage}
 * (0 to 1), {@code generation_tokens_per_second} and {@code prompt_tokens_per_second} (the counters' increase between
 * two scrapes over the time between them). docs/metrics.md lists which server series each is read from.
 *
 * <p>Off the request path: one request a second on a connection of its own ({@link HttpClient}), never on the
 * target's connections, so the load is not disturbed. A failed scrape keeps nothing (the second has no server
 * metrics) and is counted for the run's note.
 */
final class ServerMetrics implements AutoCloseable {

    /** How often the server is scraped. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    /** A series of the timeline and the server metrics it is read from, in order of preference. */
    private record Series(String name, Kind kind, List<String> sources) {
    }

    private enum Kind { GAUGE_SUM, GAUGE_MAX, COUNTER_RATE }

    private static final List<Series> SERIES = List.of(
            new Series("running_requests", Kind.GAUGE_SUM, List.of("vllm:num_requests_running",
                    "sglang:num_running_reqs")),
            new Series("waiting_requests", Kind.GAUGE_SUM, List.of("vllm:num_requests_waiting",
                    "sglang:num_queue_reqs")),
            new Series("kv_cache_usage", Kind.GAUGE_MAX, List.of("vllm:kv_cache_usage_perc",
                    "vllm:gpu_cache_usage_perc", "sglang:token_usage")),
            new Series("generation_tokens_per_second", Kind.COUNTER_RATE, List.of("vllm:generation_tokens_total",
                    "sglang:generation_tokens_total")),
            new Series("prompt_tokens_per_second", Kind.COUNTER_RATE, List.of("vllm:prompt_tokens_total",
                    "sglang:prompt_tokens_total")));

    private final HttpClient client;
    private final HttpRequest request;
    private final String where;
    private final Thread thread;
    private volatile boolean closed;
    /** The last successful scrape; null after a failed one. */
    private volatile Scrape latest;

    /** One scrape: its series, when it was taken, and when the scrape its rates were computed against was. */
    private record Scrape(Map<String, Double> series, long nanos, long sinceNanos) {
    }
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;

    // the scraping thread's own state: the counters of the last scrape, for rates
    private Map<String, Double> lastCounters = Map.of();
    private long lastNanos;

    private ServerMetrics(URI uri) {
        this.client = HttpClient.newBuilder().connectTimeout(INTERVAL).build();
        this.request = HttpRequest.newBuilder(uri).timeout(INTERVAL).GET().build();
        this.where = uri.getHost() + ":" + (uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme())
                ? 443 : 80);
        this.thread = Thread.ofPlatform().daemon().name("bench-server-metrics").unstarted(this::run);
    }

    /** Starts scraping {@code url} (an http(s) URL, checked by {@link LlmSettings}). */
    static ServerMetrics start(String url) {
        ServerMetrics m = new ServerMetrics(URI.create(url));
        m.thread.start();
        return m;
    }

    /**
     * The series of the last scrape if it was taken at or after {@code fromNanos}, else null; its rates only when
     * the interval they cover began at or after {@code ratesFromNanos} (a rate appears from the second scrape on).
     */
    Map<String, Double> latest(long fromNanos, long ratesFromNanos) {
        Scrape s = latest;
        if (s == null || s.nanos() - fromNanos < 0) {
            return null;
        }
        if (s.sinceNanos() - ratesFromNanos >= 0) {
            return s.series();
        }
        Map<String, Double> gauges = new LinkedHashMap<>(s.series());
        for (Series series : SERIES) {
            if (series.kind() == Kind.COUNTER_RATE) {
                gauges.remove(series.name());
            }
        }
        return gauges.isEmpty() ? null : gauges;
    }

    /** The run's note: how many scrapes failed, and the last reason (host and port only, never the path). */
    List<String> notes() {
        long failed = failures.get();
        if (failed == 0) {
            return List.of();
        }
        return List.of("server metrics: " + failed + " of " + scrapes.get() + " scrapes of " + where + " failed (last: "
                + lastFailure + "); those seconds have no server metrics in the timeline");
    }

    private void run() {
        long next = System.nanoTime();
        while (!closed) {
            scrapeOnce();
            next += INTERVAL.toNanos();
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime(); // a slow scrape: the next one at once, then on the new beat
            }
        }
    }

    void scrapeOnce() {
        scrapes.incrementAndGet();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                fail("HTTP " + response.statusCode());
                return;
            }
            long since = lastNanos;
            long now = System.nanoTime();
            Map<String, Double> series = series(PrometheusText.parse(response.body()), now);
            latest = series == null ? null : new Scrape(series, now, since);
        } catch (java.io.IOException e) {
            fail(io.benchsuite.engine.ErrorClass.message(e));
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private void fail(String why) {
        failures.incrementAndGet();
        lastFailure = why;
        latest = null;
    }

    /** The documented series from one scrape's samples; counters become rates against the previous scrape. */
    Map<String, Double> series(Map<String, List<Double>> samples, long nanos) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Double> counters = new HashMap<>();
        for (Series s : SERIES) {
            for (String source : s.sources()) {
                List<Double> values = samples.get(source);
                if (values == null || values.isEmpty()) {
                    continue;
                }
                double v = s.kind() == Kind.GAUGE_MAX ? values.stream().mapToDouble(Double::doubleValue).max()
                        .orElse(0) : values.stream().mapToDouble(Double::doubleValue).sum();
                if (s.kind() == Kind.COUNTER_RATE) {
                    counters.put(s.name(), v);
                    Double before = lastCounters.get(s.name());
                    double seconds = (nanos - lastNanos) / 1e9;
                    if (before != null && seconds > 0 && v >= before) {
                        out.put(s.name(), round3((v - before) / seconds));
                    }
                } else {
                    out.put(s.name(), round3(v));
                }
                break;
            }
        }
        lastCounters = counters;
        lastNanos = nanos;
        return out.isEmpty() ? null : out;
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        client.close();
    }
}
