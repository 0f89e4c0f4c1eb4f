package io.benchsuite.report;

import static io.benchsuite.report.Html.esc;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.MetricChange;
import io.benchsuite.result.compare.RunComparison;
import io.benchsuite.result.compare.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A page that puts two runs on the same charts, with the comparison's verdict: per metric the change, its 95 %
 * interval and verdict, what would decide an undecided one, and the same per worker level. The verdicts are
 * {@link RunComparison}'s, the same as {@code bench analyze --compare} prints.
 */
final class ComparePage {

    /** The metrics of the per-level table. */
    private static final List<String> LEVEL_METRICS = List.of("throughput_rps", "success_rate", "p50_ms", "p99_ms");
    private static final List<String> LEVEL_METRICS_LLM = List.of("ttft_p99_ms", "output_tokens_per_s");

    private final RunResult base;
    private final RunResult current;
    private final RunComparison comparison;
    private final boolean llm;
    private final Page page;

    ComparePage(RunResult base, RunResult current, RunComparison comparison) {
        this.base = base;
        this.current = current;
        this.comparison = comparison;
        this.llm = Charts.isLlm(base) && Charts.isLlm(current);
        this.page = new Page(Charts.compare(base, current));
    }

    String render() {
        Verdict v = comparison.verdict();
        StringBuilder b = page.body;
        b.append("<header class=\"page\" id=\"summary\"><h1>Comparison: ").append(esc(RunPage.nameOf(current)))
                .append(" <span class=\"verdict ").append(v.name()).append("\" id=\"verdict\">")
                .append(v.name().toUpperCase(Locale.ROOT)).append("</span></h1>\n<nav class=\"toc\">"
                        + "<a href=\"#runs\">Runs</a><a href=\"#metrics\">Verdict</a><a href=\"#deltas\">Per level</a>"
                        + "<a href=\"#scaling\">Scaling</a><a href=\"#timeline\">Timeline</a>"
                        + "<a href=\"#distribution\">Distribution</a></nav></header>\n");
        runs();
        metrics();
        deltas();
        page.append("<section id=\"scaling\"><h2>Scaling with workers</h2>\n<p class=\"muted\">Dashed: base run; "
                + "solid: current run.</p>\n<p class=\"statement\">Base: " + esc(Saturation.of(base.buckets()).sentence())
                + "<br>Current: " + esc(Saturation.of(current.buckets()).sentence()) + "</p>\n<div class=\"grid\">\n");
        page.chart(Charts.LATENCY, null).chart(Charts.THROUGHPUT, null).chart(Charts.SUCCESS, null);
        if (llm) {
            page.chart(Charts.TTFT, null).chart(Charts.TPOT, null).chart(Charts.TOKENS, null);
        }
        page.append("</div></section>\n<section id=\"timeline\"><h2>Timeline</h2>\n<div class=\"grid\">\n");
        page.chart(Charts.TIMELINE_LOAD, "Seconds since each run's start. Dashed: base run.")
                .chart(Charts.TIMELINE_LATENCY, "Dashed: base run.");
        page.append("</div></section>\n<section id=\"distribution\"><h2>Latency distribution</h2>\n");
        page.chart(Charts.DISTRIBUTION, "Same colour: same worker level. Dashed: base run.");
        page.append("</section>\n");
        return page.render("BenchSuite comparison: " + RunPage.nameOf(base) + " vs " + RunPage.nameOf(current));
    }

    private void runs() {
        StringBuilder b = page.body;
        b.append("<section id=\"runs\"><h2>Runs</h2>\n<table><thead><tr><th class=\"text\"></th>"
                + "<th class=\"text\">Base</th><th class=\"text\">Current</th></tr></thead><tbody>\n");
        fact(b, "Name", esc(RunPage.nameOf(base)), esc(RunPage.nameOf(current)));
        fact(b, "Run id", esc(String.join(", ", comparison.base().runIds())),
                esc(String.join(", ", comparison.current().runIds())));
        fact(b, "Target", esc(base.target()), esc(current.target()));
        fact(b, "Started", esc(Fmt.time(base.startedAt())), esc(Fmt.time(current.startedAt())));
        fact(b, "Duration", Fmt.seconds(base.durationSeconds()) + " s", Fmt.seconds(current.durationSeconds()) + " s");
        fact(b, "Verdict", runVerdict(base), runVerdict(current));
        fact(b, "Requests compared", Fmt.count(comparison.base().requests()),
                Fmt.count(comparison.current().requests()));
        fact(b, "Data", data(comparison.base()), data(comparison.current()));
        b.append("</tbody></table></section>\n");
    }

    /** The run's own verdict (its thresholds), as its report shows it. */
    private static String runVerdict(RunResult r) {
        return io.benchsuite.report.Verdict.of(r).name() + " (" + RunPage.verdictReason(r) + ")";
    }

    private static String data(RunComparison.Side side) {
        return side.requestLog() ? "request log" : "latency histograms only (no request log)";
    }

    private static void fact(StringBuilder b, String name, String base, String current) {
        b.append("<tr><th class=\"text\">").append(name).append("</th><td class=\"text\">").append(base)
                .append("</td><td class=\"text\">").append(current).append("</td></tr>\n");
    }

    private void metrics() {
        StringBuilder b = page.body;
        b.append("<section id=\"metrics\"><h2>Verdict: current vs base</h2>\n")
                .append("<p class=\"statement\" id=\"summary-line\">").append(esc(comparison.summary()))
                .append("</p>\n");
        List<MetricChange> undecided = comparison.metrics().stream().filter(m -> m.advice() != null).toList();
        if (!undecided.isEmpty()) {
            b.append("<p class=\"statement\" id=\"undecided\"><b>The data cannot decide")
                    .append(undecided.size() == comparison.metrics().size() ? " anything" : " every metric")
                    .append(".</b>");
            for (MetricChange m : undecided) {
                b.append("<br>").append(esc(m.label())).append(": ").append(esc(m.advice()));
            }
            b.append("</p>\n");
        }
        b.append("<table id=\"metric-table\"><thead><tr><th class=\"text\">Metric</th><th>Base</th><th>Current</th>"
                + "<th>Change</th><th>95 % interval</th><th>Threshold</th><th class=\"text\">Verdict</th></tr>"
                + "</thead><tbody>\n");
        for (MetricChange m : comparison.metrics()) {
            b.append("<tr data-metric=\"").append(m.metric()).append("\"").append(rowClass(m.verdict())).append('>')
                    .append("<td class=\"text\">").append(esc(m.label())).append(" (").append(esc(m.unit()))
                    .append(")</td><td>").append(value(m.base(), m.unit())).append("</td><td>")
                    .append(value(m.current(), m.unit())).append("</td><td>").append(change(m)).append("</td><td>")
                    .append(interval(m)).append("</td><td>±").append(Fmt.value(m.threshold(), m.changeUnit()))
                    .append("</td><td class=\"text\">").append(verdict(m.verdict())).append("</td></tr>\n");
        }
        b.append("</tbody></table>\n<p class=\"muted\">A metric regressed when the whole 95 % interval of its change "
                + "lies beyond its threshold, improved likewise on the other side, is unchanged when the whole "
                + "interval lies within ± the threshold, and is inconclusive when the interval straddles the "
                + "threshold. Overall: "
                + "regressed if any metric regressed, else improved if any improved, else unchanged if all are, else "
                + "inconclusive. Method: ").append(esc(comparison.method())).append(" (docs/metrics.md, "
                + "\"Compare\").</p>\n");
        if (!comparison.notes().isEmpty()) {
            b.append("<ul id=\"compare-notes\">");
            comparison.notes().forEach(n -> b.append("<li>").append(esc(n)).append("</li>"));
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    private void deltas() {
        StringBuilder b = page.body;
        b.append("<section id=\"deltas\"><h2>Per worker level</h2>\n<p class=\"muted\">The same comparison within each "
                + "level both runs reached: base → current, change [95 % interval]. Fewer requests per level make "
                + "wider intervals; the levels inform, the verdict above is the run's.</p>\n");
        if (comparison.levels().isEmpty()) {
            b.append("<p>The runs have no worker level in common.</p></section>\n");
            return;
        }
        List<String> columns = new java.util.ArrayList<>(LEVEL_METRICS);
        if (llm) {
            columns.addAll(LEVEL_METRICS_LLM);
        }
        b.append("<div class=\"scroll\"><table id=\"delta-table\"><thead><tr><th>Workers</th>");
        for (String c : columns) {
            b.append("<th>").append(header(c)).append("</th>");
        }
        b.append("<th class=\"text\">Verdict</th></tr></thead><tbody>\n");
        for (RunComparison.Level l : comparison.levels()) {
            b.append("<tr data-workers=\"").append(l.workers()).append("\"").append(rowClass(l.verdict()))
                    .append("><td>").append(l.workers()).append("</td>");
            for (String c : columns) {
                MetricChange m = l.metrics().stream().filter(x -> x.metric().equals(c)).findFirst().orElse(null);
                if (m == null) {
                    b.append("<td></td>");
                    continue;
                }
                b.append("<td").append(m.verdict() == Verdict.regressed ? " class=\"worse\""
                                : m.verdict() == Verdict.improved ? " class=\"better\"" : "").append('>')
                        .append(value(m.base(), m.unit())).append(" → ").append(value(m.current(), m.unit()))
                        .append(" <span class=\"muted\">(").append(change(m)).append(' ').append(interval(m))
                        .append(")</span></td>");
            }
            b.append("<td class=\"text\">").append(verdict(l.verdict())).append("</td></tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }

    private static final Set<String> RATES = Set.of("req/s", "tokens/s");

    private static String value(Double v, String unit) {
        if (v == null) {
            return "n/a";
        }
        return RATES.contains(unit) ? Fmt.rate(v) : unit.equals("%") ? Fmt.pct(v) : Fmt.ms(v);
    }

    private static String change(MetricChange m) {
        if (m.change() == null) {
            return "n/a";
        }
        return m.inPoints() ? String.format(Locale.ROOT, "%+.2f pt", m.change())
                : String.format(Locale.ROOT, "%+.1f%%", m.change());
    }

    private static String interval(MetricChange m) {
        if (m.changeLow() == null) {
            return "[n/a]";
        }
        String f = m.inPoints() ? "%+.2f" : "%+.1f";
        return "[" + String.format(Locale.ROOT, f, m.changeLow()) + ", " + String.format(Locale.ROOT, f, m.changeHigh())
                + "]" + (m.inPoints() ? " pt" : "%");
    }

    private static String header(String metric) {
        return switch (metric) {
            case "throughput_rps" -> "Req/s";
            case "success_rate" -> "Success %";
            case "p50_ms" -> "p50 (ms)";
            case "p99_ms" -> "p99 (ms)";
            case "ttft_p99_ms" -> "TTFT p99 (ms)";
            case "output_tokens_per_s" -> "Output tok/s";
            default -> metric;
        };
    }

    private static String rowClass(Verdict v) {
        return v == Verdict.regressed ? " class=\"regression\"" : v == Verdict.improved ? " class=\"improvement\"" : "";
    }

    private static String verdict(Verdict v) {
        return switch (v) {
            case regressed -> "<span class=\"worse\">regressed</span>";
            case improved -> "<span class=\"better\">improved</span>";
            default -> v.name();
        };
    }
}
