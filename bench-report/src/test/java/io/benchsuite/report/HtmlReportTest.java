package io.benchsuite.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.benchsuite.result.Distribution;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.ThresholdResult;
import io.benchsuite.result.TimelineEntry;
import io.benchsuite.result.compare.MetricChange;
import io.benchsuite.result.compare.RegressionThreshold;
import io.benchsuite.result.compare.RunComparison;
import io.benchsuite.result.compare.Verdict;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    private static final Pattern SRC_OR_HREF = Pattern.compile("(?i)\\b(?:src|href|action|poster|data)\\s*=\\s*"
            + "(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");

    @Test
    void system_api_page_has_every_section_with_the_fixture_numbers() {
        // given
        RunResult r = Fixtures.systemApi();

        // when
        String html = HtmlReport.render(r);

        // then: header
        assertThat(html).contains("<h1>orders-api ", "20261128-031500-orders", "acme", "system_api",
                "POST http://127.0.0.1:8080/orders", "Duration</dt><dd>" + f1(r.durationSeconds()) + " s");
        String expectedVerdict = r.thresholdsPassed() ? "PASSED" : "FAILED";
        assertThat(html).contains("id=\"verdict\">" + expectedVerdict + "</span>");
        // thresholds: every one with actual, limit and result
        for (ThresholdResult t : r.thresholds()) {
            assertThat(html).containsPattern(Pattern.quote(Html.esc(t.expression())) + "</td><td class=\"text\">"
                    + Pattern.quote(t.scope()) + "</td><td>[^<]+</td><td>[^<]+</td><td class=\"text "
                    + (t.passed() ? "pass\">PASS" : "fail\">FAIL"));
        }
        assertThat(html).contains("p99 &lt; 15ms").contains("<td>15 ms</td>");
        // per-bucket table: every level with the fixture's numbers as printed
        for (Stats b : r.buckets()) {
            String row = row(html, "bucket-table", b.workers());
            Distribution l = b.latencyMs();
            assertThat(row).contains(td(String.format(Locale.ROOT, "%,d", b.requests())), td(f1(b.throughputRps())),
                    td(f2(b.successRate())), td(f2(l.mean())), td(f2(l.p50())), td(f2(l.p75())), td(f2(l.p90())),
                    td(f2(l.p99())), td(f2(l.max())));
        }
        assertThat(row(html, "bucket-table", 4)).contains(td(f2(r.bucket(4).orElseThrow().latencyMs().p99())));
        // charts placed, with data
        for (String chart : List.of("latency", "throughput", "success", "timeline-load", "timeline-latency",
                "distribution")) {
            assertThat(html).contains("data-chart=\"" + chart + "\"").contains("\"id\":\"" + chart + "\"");
        }
        assertThat(html).doesNotContain("data-chart=\"ttft\"", "id=\"llm-table\"");
        // saturation sentence, from the rule recomputed here
        assertThat(html).contains(expectedSaturation(r));
        // errors by class, with counts and escaped samples; secrets were redacted by the engine
        Map<String, Long> errors = r.overall().errors();
        assertThat(errors).isNotEmpty();
        errors.forEach((cls, n) -> assertThat(html).contains("<code>" + cls + "</code></td><td>"
                + String.format(Locale.ROOT, "%,d", n) + "</td>"));
        assertThat(html).contains("ConnectException: Connection refused: 127.0.0.1:8080 (token ***)")
                .contains("&lt;html&gt;&lt;body&gt;Service Unavailable &amp; queue full&lt;/body&gt;&lt;/html&gt;")
                .doesNotContain("<html><body>Service").doesNotContain("sk-fixture");
        // config (redacted) and environment
        assertThat(html).contains("&quot;Authorization&quot; : &quot;***&quot;", "&quot;max_load&quot; : 4",
                r.environment().jdk(), r.environment().os(), "<dt>CPUs</dt><dd>" + r.environment().cpus() + "</dd>");
        assertThat(html).contains("id=\"thresholds\"", "id=\"buckets\"", "id=\"scaling\"", "id=\"timeline\"",
                "id=\"distribution\"", "id=\"errors\"", "id=\"config\"", "id=\"environment\"");
    }

    @Test
    void llm_page_adds_token_metrics_table_and_charts() {
        // given
        RunResult r = Fixtures.llm();

        // when
        String html = HtmlReport.render(r);

        // then
        assertThat(html).contains("id=\"llm\"", "openai gpt-4o-mini", "ttft_p99 &lt; 500ms");
        for (Stats b : r.buckets()) {
            String row = row(html, "llm-table", b.workers());
            assertThat(row).contains(td(f2(b.ttftMs().p50())), td(f2(b.ttftMs().p99())), td(f2(b.tpotMs().p50())),
                    td(f2(b.tpotMs().p99())), td(f2(b.itlMs().p50())), td(f2(b.itlMs().p99())),
                    td(f1(b.outputTokensPerSecond())), td(String.format(Locale.ROOT, "%,d", b.outputTokens())));
        }
        assertThat(row(html, "llm-table", 3)).contains(td(f2(r.bucket(3).orElseThrow().ttftMs().p99())));
        for (String chart : List.of("ttft", "tpot", "tokens")) {
            assertThat(html).contains("data-chart=\"" + chart + "\"");
        }
        assertThat(html).contains("Output tokens: " + String.format(Locale.ROOT, "%,d", r.overall().outputTokens()))
                .contains("Rate limit reached for gpt-4o-mini; retry after 1s")
                .contains("&quot;api_key&quot; : &quot;***&quot;");
    }

    @Test
    void a_reasoning_model_with_prices_rate_limits_and_server_metrics_gets_their_columns_and_charts() {
        // given: the LLM fixture as a reasoning model, priced, rate-limited and with the server's metrics scraped
        RunResult base = Fixtures.llm();
        java.util.function.UnaryOperator<Stats> reasoning = s -> new Stats(s.workers(), s.windowSeconds(),
                s.requests(), s.successes(), s.failures(), s.successRate(), s.throughputRps(), s.latencyMs(),
                s.errors(), s.ttftMs(), s.tpotMs(), s.itlMs(), s.outputTokens(), s.inputTokens(),
                s.outputTokensPerSecond(), s.latencyHistogramUs(), s.rate(), s.serviceTimeMs(), s.ttftHistogramUs(),
                s.tpotHistogramUs(), s.itlHistogramUs(), s.serviceTimeHistogramUs(), null, null, s.latencyMs(), null, 1234L, 77L,
                "usage", 0.012345);
        List<io.benchsuite.result.TimelineEntry> timeline = base.timeline().stream().map(e ->
                new io.benchsuite.result.TimelineEntry(e.second(), e.workers(), e.started(), e.completed(),
                        e.failures(), e.p50Ms(), e.p99Ms(), e.outputTokens(), e.rate(), 2L, 40L, 9000L,
                        java.util.Map.of("running_requests", 3.0, "kv_cache_usage", 0.25,
                                "generation_tokens_per_second", 512.0))).toList();
        RunResult r = new RunResult(base.schemaVersion(), base.runId(), base.orgId(), base.benchmarkType(),
                base.name(), base.status(), base.target(), base.startedAt(), base.finishedAt(),
                base.durationSeconds(), base.config(), base.environment(), reasoning.apply(base.overall()),
                base.buckets().stream().map(reasoning).toList(), base.thresholds(), timeline, base.errorSamples(),
                base.notes());

        // when
        String html = HtmlReport.render(r);

        // then
        for (String chart : List.of("ttfo", "timeline-rate-limits", "timeline-server")) {
            assertThat(html).contains("data-chart=\"" + chart + "\"");
        }
        assertThat(row(html, "llm-table", 3)).contains(td("1,234"), td("77"), td("0.012345"));
        assertThat(html).contains("Cost of the run at the config's prices: $0.012345")
                .contains("counted from the server's usage");
        assertThat(Charts.group(timeline, 2)).first().satisfies(e -> {
            assertThat(e.rateLimited()).isEqualTo(2L);
            assertThat(e.server()).containsEntry("running_requests", 3.0);
        });
    }

    @Test
    void pages_reference_no_external_url() {
        // given
        List<String> pages = List.of(HtmlReport.render(Fixtures.systemApi()), HtmlReport.render(Fixtures.llm()),
                HtmlReport.renderComparison(Fixtures.systemApi(), Fixtures.systemApi()));

        // then
        for (String html : pages) {
            assertThat(externalReferences(html)).isEmpty();
            assertThat(html).doesNotContainPattern("(?i)<script[^>]*\\bsrc\\s*=")
                    .doesNotContainPattern("(?i)<link\\b").doesNotContainPattern("(?i)@import")
                    .doesNotContainPattern("(?i)url\\(\\s*['\"]?\\s*(https?:|//)")
                    .doesNotContainPattern("(?i)<(iframe|img|object|embed)\\b");
            assertThat(html).contains("uPlot").hasSizeLessThan(200_000);
        }
    }

    @Test
    void external_reference_check_finds_urls() {
        // the check above must be able to fail
        assertThat(externalReferences("<a href=\"https://x.example/\">x</a><script src='//cdn.example/u.js'>"
                + "</script><img src=http://a/b.png><a href=\"#errors\">e</a><a href=\"run/report.html\">r</a>"))
                .containsExactly("https://x.example/", "//cdn.example/u.js", "http://a/b.png");
    }

    @Test
    void text_from_results_is_escaped_and_cannot_close_the_data_script() {
        // given
        RunResult base = Fixtures.systemApi();
        RunResult hostile = new RunResult(base.schemaVersion(), "run</script><script>alert(1)</script>",
                base.orgId(), base.benchmarkType(), "<img src=x onerror=alert(2)>", base.status(),
                "\"><script>alert(3)</script>", base.startedAt(), base.finishedAt(), base.durationSeconds(),
                base.config(), base.environment(), base.overall(), base.buckets(), base.thresholds(),
                base.timeline(), Map.of("boom</script>", List.of("<script>alert(4)</script>")),
                List.of("json_path \"$.x</script>\" matched nothing"));

        // when
        String html = HtmlReport.render(hostile);

        // then
        assertThat(html).doesNotContain("<script>alert", "<img src=x", "boom</script>", "$.x</script>")
                .contains("&lt;img src=x onerror=alert(2)&gt;", "&lt;script&gt;alert(4)&lt;/script&gt;")
                .contains("<section id=\"notes\"><h2>Notes</h2>");
        assertThat(Html.scriptSafeJson("{\"a\":\"</script><!--\"}")).doesNotContain("</", "<!--");
    }

    @Test
    void comparison_shows_the_verdict_of_each_metric_and_level_with_its_interval() {
        // given: the current run is the fixture with level 4 half as slow again and level 3 at half its throughput
        RunResult base = Fixtures.systemApi();
        List<Stats> buckets = new ArrayList<>();
        for (Stats b : base.buckets()) {
            if (b.workers() == 4) {
                b = withHistogram(b, scaled(b.latencyHistogramUs(), 1.5));
            } else if (b.workers() == 3) {
                double start = b.windowSeconds().get(0);
                b = withWindow(b, List.of(start, start + (b.windowSeconds().get(1) - start) * 2));
            }
            buckets.add(b);
        }
        RunResult current = new RunResult(base.schemaVersion(), "current-run", base.orgId(), base.benchmarkType(),
                base.name(), base.status(), base.target(), base.startedAt(), base.finishedAt(),
                base.durationSeconds(), base.config(), base.environment(), base.overall(), buckets,
                base.thresholds(), base.timeline(), base.errorSamples(), base.notes());

        // when
        String html = HtmlReport.renderComparison(base, current);

        // then
        assertThat(html).contains("id=\"verdict\">REGRESSED</span>", "id=\"metric-table\"",
                "latency histograms only (no request log)", "as if its requests were independent");
        assertThat(row(html, "delta-table", 4)).contains("class=\"regression\"")
                .containsPattern("\\+(49|50)\\.\\d% \\[\\+\\d+\\.\\d, \\+\\d+\\.\\d\\]%");
        assertThat(row(html, "delta-table", 3)).contains("class=\"regression\"", "-50.0%");
        assertThat(row(html, "delta-table", 1)).doesNotContain("class=\"regression\"");
        assertThat(html).contains("base p99", "current p99", "current ideal linear", "20261128-031500-orders",
                "current-run");
    }

    @Test
    void comparison_says_when_the_data_cannot_decide_and_what_would() {
        // given
        RunResult run = Fixtures.systemApi();
        MetricChange p99 = new MetricChange("p99_ms", "ms", 40.0, 44.0, 10.0, "%", -3.0, 24.0, 10, Verdict.inconclusive,
                "the interval straddles +10.0 %: about 4x the data would decide: runs 4x as long (about 80 s), or "
                        + "repeat: 4");
        MetricChange p50 = new MetricChange("p50_ms", "ms", 20.0, 20.2, 1.0, "%", -1.0, 3.0, 10, Verdict.unchanged, null);
        RunComparison c = new RunComparison(Verdict.inconclusive, "inconclusive: these data cannot decide p99 +10.0 %",
                new RunComparison.Side("a", List.of("a"), 800, true), new RunComparison.Side("b", List.of("b"), 810, true),
                RegressionThreshold.DEFAULT, "bootstrap", List.of(p50, p99), List.of(), List.of());

        // when
        String html = HtmlReport.renderComparison(c, run, run);

        // then
        assertThat(html).contains("id=\"verdict\">INCONCLUSIVE</span>",
                "<p class=\"statement\" id=\"undecided\"><b>The data cannot decide every metric.</b><br>p99: the "
                        + "interval straddles +10.0 %: about 4x the data would decide",
                "<td>+10.0%</td><td>[-3.0, +24.0]%</td><td>±10%</td><td class=\"text\">inconclusive</td>",
                "The runs have no worker level in common.");
    }

    @Test
    void comparing_a_run_with_itself_shows_no_regression() {
        // given
        RunResult run = Fixtures.llm();

        // when
        String html = HtmlReport.renderComparison(run, run);

        // then
        assertThat(html).doesNotContain("id=\"verdict\">REGRESSED", "class=\"regression\"")
                .contains("TTFT p99 (ms)", "data-chart=\"ttft\"");
    }

    @Test
    void write_puts_a_readable_page_where_asked(@TempDir Path dir) throws Exception {
        // given
        Path file = dir.resolve("nested/run-1").resolve(HtmlReport.REPORT_FILE);

        // when
        HtmlReport.write(Fixtures.systemApi(), file);
        HtmlReport.compare(Fixtures.systemApi(), Fixtures.systemApi(), dir.resolve("compare.html"));

        // then
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(Files.readString(dir.resolve("compare.html"))).contains("Comparison: orders-api");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void page_of_a_long_run_with_many_levels_stays_a_few_megabytes() {
        // given: 200 worker levels and a 6-hour timeline; requests do not appear in the result at all
        RunResult base = Fixtures.systemApi();
        Stats level = base.bucket(4).orElseThrow();
        List<Stats> buckets = new ArrayList<>();
        for (int w = 1; w <= 200; w++) {
            buckets.add(new Stats(w, List.of(w * 100.0, w * 100.0 + 100), 5_000 * 100L, 5_000 * 100L, 0, 100,
                    5_000, level.latencyMs(), Map.of(), null, null, null, null, null, null,
                    level.latencyHistogramUs()));
        }
        List<TimelineEntry> timeline = new ArrayList<>();
        for (int s = 0; s < 6 * 3600; s++) {
            timeline.add(new TimelineEntry(s, 1 + s / 108, 5000, 5000, 3, 12.345, 45.678, null));
        }
        RunResult big = new RunResult(base.schemaVersion(), base.runId(), base.orgId(), base.benchmarkType(),
                base.name(), base.status(), base.target(), base.startedAt(), base.finishedAt(), 6 * 3600,
                base.config(), base.environment(), base.overall(), buckets, base.thresholds(), timeline,
                base.errorSamples(), base.notes());

        // when
        String html = HtmlReport.render(big);

        // then
        assertThat(html.length()).isLessThan(1_000_000);
        assertThat(html).contains("Showing 8 of 200 levels", "each point is a group of 6 seconds");
    }

    @Test
    void run_that_failed_before_measuring_still_renders() {
        // given: no buckets, no timeline, no overall statistics, no environment
        RunResult failed = new RunResult(1, "r-0", "default", "system_api", null, RunResult.Status.failed, null,
                null, null, 0, null, null, null, null, null, null, null, null);

        // when
        String html = HtmlReport.render(failed);

        // then
        assertThat(html).contains("<h1>r-0 ", "id=\"verdict\">FAILED", "No thresholds were set",
                "No failed requests.", "(none stored)", "Not recorded.", "No worker level has 20 requests or more")
                .doesNotContain("data-chart=");
        assertThat(html.split("No data recorded for this chart.", -1)).hasSize(7);
    }

    @Test
    void long_timelines_are_grouped_into_per_second_means() {
        // given: 3 seconds with 10, 20, 30 completed requests
        List<TimelineEntry> t = List.of(new TimelineEntry(0, 1, 10, 10, 0, 5, 9, null),
                new TimelineEntry(1, 2, 20, 20, 2, 8, 12, null), new TimelineEntry(2, 2, 30, 30, 4, 10, 11, null),
                new TimelineEntry(3, 3, 40, 40, 0, 20, 30, null));

        // when
        List<TimelineEntry> g = Charts.group(t, 3);

        // then
        assertThat(g).hasSize(2);
        TimelineEntry first = g.getFirst();
        assertThat(first.second()).isZero();
        assertThat(first.completed()).isEqualTo(20);
        assertThat(first.failures()).isEqualTo(2);
        assertThat(first.workers()).isEqualTo(2);
        assertThat(first.p50Ms()).isCloseTo((5 * 10 + 8 * 20 + 10 * 30) / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.p99Ms()).isEqualTo(12);
        assertThat(g.get(1).second()).isEqualTo(3);
        assertThat(Charts.group(t, 1)).isSameAs(t);
    }

    @Test
    void an_open_model_page_has_rate_levels_service_times_and_the_validity_banner() {
        // given an open run that outran its server (the fixture is invalid: it achieved less than its schedule)
        RunResult r = Fixtures.open();
        assertThat(r.valid()).isFalse();

        // when
        String html = HtmlReport.render(r);

        // then the banner names every reason
        assertThat(html).contains("<section id=\"validity\" class=\"invalid banner\"><h2>Validity: INVALID</h2>");
        r.validity().reasons().forEach(reason -> assertThat(html).contains(Html.esc(reason)));
        assertThat(html).contains("<dt>Scheduled / achieved rate</dt><dd>" + f1(r.validity().targetRps()) + " / "
                + f1(r.validity().achievedRps()) + " req/s</dd>");
        // the table has a row per rate level, with the service time beside the latency
        assertThat(html).contains("<h2>Per rate level</h2>", "<th>Target req/s</th>", "<th>Service p99</th>");
        for (Stats b : r.buckets()) {
            Matcher m = Pattern.compile("<tr data-rate=\"" + Fmt.targetRate(b.rate()) + "\".*?</tr>", Pattern.DOTALL)
                    .matcher(html);
            assertThat(m.find()).as("row at %s req/s", b.rate()).isTrue();
            assertThat(m.group()).contains(td(f2(b.latencyMs().p99())), td(f2(b.serviceTimeMs().p50())),
                    td(f2(b.serviceTimeMs().p99())));
        }
        // charts against the target rate, and the statement about the levels
        assertThat(html).contains("Latency percentiles vs target rate", "\"xKind\":\"rate\"", "target rate",
                "service time p99", "<h2>Scaling with the rate</h2>");
        Stats behind = OpenScaling.firstBehind(r.buckets());
        assertThat(html).contains(behind == null ? "the target kept up with the rate"
                : "From " + Fmt.targetRate(behind.rate()) + " req/s on, requests waited to be sent");
        assertThat(html).contains("Load model</dt><dd>open");
        assertThat(html).doesNotContain("Saturation at", "ideal linear");
    }

    @Test
    void a_valid_run_says_so_with_its_measures_and_no_banner() {
        RunResult r = Fixtures.systemApi();
        RunResult valid = new RunResult(r.schemaVersion(), r.runId(), r.orgId(), r.benchmarkType(), r.name(),
                r.status(), r.target(), r.startedAt(), r.finishedAt(), r.durationSeconds(), r.config(),
                r.environment(), r.overall(), r.buckets(), r.thresholds(), r.timeline(), r.errorSamples(), r.notes(),
                RunResult.CLOSED, new io.benchsuite.result.Validity(true, List.of(), null, null, null, null, null,
                12.5, 3, 0), null, null, null, null, null);

        String html = HtmlReport.render(valid);

        assertThat(html).contains("<section id=\"validity\" class=\"valid\"><h2>Validity: valid</h2>",
                "<dt>Generator CPU</dt><dd>12.50 % of the machine</dd>").doesNotContain("invalid banner");
        assertThat(HtmlReport.render(r)).doesNotContain("id=\"validity\""); // a result from before verdicts
    }

    static String expectedSaturation(RunResult r) {
        List<Stats> levels = r.buckets();
        double perWorker = levels.getFirst().throughputRps() / levels.getFirst().workers();
        for (Stats b : levels) {
            if (b.throughputRps() < 0.8 * perWorker * b.workers()) {
                return "Saturation at " + b.workers() + " workers";
            }
        }
        return "No saturation";
    }

    private static Stats withHistogram(Stats b, String histogram) {
        return new Stats(b.workers(), b.windowSeconds(), b.requests(), b.successes(), b.failures(), b.successRate(),
                b.throughputRps(), b.latencyMs(), b.errors(), b.ttftMs(), b.tpotMs(), b.itlMs(), b.outputTokens(),
                b.inputTokens(), b.outputTokensPerSecond(), histogram);
    }

    private static Stats withWindow(Stats b, List<Double> window) {
        return new Stats(b.workers(), window, b.requests(), b.successes(), b.failures(), b.successRate(),
                b.throughputRps(), b.latencyMs(), b.errors(), b.ttftMs(), b.tpotMs(), b.itlMs(), b.outputTokens(),
                b.inputTokens(), b.outputTokensPerSecond(), b.latencyHistogramUs());
    }

    /** A latency histogram (base64 of HdrHistogram's compressed encoding) with every value times {@code factor}. */
    private static String scaled(String base64, double factor) {
        try {
            Histogram h = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)),
                    0);
            Histogram out = new Histogram(3);
            h.recordedValues().forEach(v -> out.recordValueWithCount(Math.round(v.getValueIteratedTo() * factor),
                    v.getCountAtValueIteratedTo()));
            ByteBuffer buf = ByteBuffer.allocate(out.getNeededByteBufferCapacity());
            int length = out.encodeIntoCompressedByteBuffer(buf);
            return Base64.getEncoder().encodeToString(Arrays.copyOf(buf.array(), length));
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row of {@code workers} in table {@code tableId}. */
    static String row(String html, String tableId, int workers) {
        int table = html.indexOf("id=\"" + tableId + "\"");
        assertThat(table).as("table " + tableId).isNotNegative();
        Matcher m = Pattern.compile("<tr data-workers=\"" + workers + "\".*?</tr>", Pattern.DOTALL)
                .matcher(html.substring(table, html.indexOf("</table>", table)));
        assertThat(m.find()).as("row for " + workers + " workers in " + tableId).isTrue();
        return m.group();
    }

    /** Values of src/href-like attributes that point outside the page (any scheme, or protocol-relative). */
    static List<String> externalReferences(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = SRC_OR_HREF.matcher(html);
        while (m.find()) {
            String v = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String t = v.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("//") || t.matches("^[a-z][a-z0-9+.-]*:.*")) {
                found.add(v);
            }
        }
        return found;
    }

    private static String td(String s) {
        return "<td>" + s + "</td>";
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static RunResult read(Path p) throws Exception {
        return ResultJson.read(p);
    }
}
