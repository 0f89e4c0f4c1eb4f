package io.benchsuite.report;

import static io.benchsuite.report.Html.esc;

import io.benchsuite.result.RunResult;
import io.benchsuite.result.compare.RunComparison;
import io.benchsuite.result.Stats;
import java.util.List;

/** A page that puts two runs on the same charts, with per-level deltas and regressions highlighted. */
final class ComparePage {

    private final RunResult base;
    private final RunResult current;
    private final boolean llm;
    private final Page page;

    ComparePage(RunResult base, RunResult current) {
        this.base = base;
        this.current = current;
        this.llm = Charts.isLlm(base) && Charts.isLlm(current);
        this.page = new Page(Charts.compare(base, current));
    }

    String render() {
        List<Regression> levels = Regression.compare(base, current);
        long regressed = levels.stream().filter(Regression::regressed).count();
        StringBuilder b = page.body;
        b.append("<header class=\"page\" id=\"summary\"><h1>Comparison: ").append(esc(RunPage.nameOf(current)))
                .append(" <span class=\"verdict ").append(regressed == 0 ? "passed\" id=\"verdict\">NO REGRESSION"
                        : "failed\" id=\"verdict\">" + regressed + (regressed == 1 ? " REGRESSION" : " REGRESSIONS"))
                .append("</span></h1>\n<nav class=\"toc\"><a href=\"#runs\">Runs</a><a href=\"#deltas\">Deltas</a>"
                        + "<a href=\"#scaling\">Scaling</a><a href=\"#timeline\">Timeline</a>"
                        + "<a href=\"#distribution\">Distribution</a></nav></header>\n");
        runs();
        deltas(levels);
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
        fact(b, "Run id", esc(base.runId()), esc(current.runId()));
        fact(b, "Target", esc(base.target()), esc(current.target()));
        fact(b, "Started", esc(Fmt.time(base.startedAt())), esc(Fmt.time(current.startedAt())));
        fact(b, "Duration", Fmt.seconds(base.durationSeconds()) + " s", Fmt.seconds(current.durationSeconds()) + " s");
        fact(b, "Verdict", Verdict.of(base).name() + " (" + RunPage.verdictReason(base) + ")",
                Verdict.of(current).name() + " (" + RunPage.verdictReason(current) + ")");
        if (base.overall() != null && current.overall() != null) {
            fact(b, "Requests", Fmt.count(base.overall().requests()), Fmt.count(current.overall().requests()));
            fact(b, "Throughput", Fmt.rate(base.overall().throughputRps()) + " req/s",
                    Fmt.rate(current.overall().throughputRps()) + " req/s");
            fact(b, "p99", Fmt.ms(base.overall().latencyMs().p99()) + " ms",
                    Fmt.ms(current.overall().latencyMs().p99()) + " ms");
        }
        b.append("</tbody></table></section>\n");
    }

    private static void fact(StringBuilder b, String name, String base, String current) {
        b.append("<tr><th class=\"text\">").append(name).append("</th><td class=\"text\">").append(base)
                .append("</td><td class=\"text\">").append(current).append("</td></tr>\n");
    }

    private void deltas(List<Regression> levels) {
        StringBuilder b = page.body;
        b.append("<section id=\"deltas\"><h2>Per worker level: current vs base</h2>\n<p class=\"muted\">A level is a "
                + "regression when p99 latency rises more than " + pct(RunComparison.LATENCY_LIMIT) + ", throughput "
                + "falls more than " + pct(RunComparison.THROUGHPUT_LIMIT) + ", or the success rate falls more than "
                + Fmt.pct(RunComparison.SUCCESS_POINTS) + " percentage points" + (llm ? " (LLM: also TTFT p99 up more "
                + "than " + pct(RunComparison.LATENCY_LIMIT) + ", output tokens/s down more than "
                + pct(RunComparison.THROUGHPUT_LIMIT) + ")" : "") + ". Values: base → current (change).</p>\n");
        if (levels.isEmpty()) {
            b.append("<p>The runs have no worker level in common.</p></section>\n");
            return;
        }
        b.append("<div class=\"scroll\"><table id=\"delta-table\"><thead><tr><th>Workers</th><th>Req/s</th>"
                + "<th>Success %</th><th>p50 (ms)</th><th>p99 (ms)</th>");
        if (llm) {
            b.append("<th>TTFT p99 (ms)</th><th>Output tok/s</th>");
        }
        b.append("<th class=\"text\">Regression</th></tr></thead><tbody>\n");
        for (Regression l : levels) {
            Stats s0 = l.base();
            Stats s1 = l.current();
            b.append("<tr data-workers=\"").append(l.workers()).append("\"")
                    .append(l.regressed() ? " class=\"regression\">" : ">").append("<td>").append(l.workers())
                    .append("</td>");
            cell(b, Fmt.rate(s0.throughputRps()), Fmt.rate(s1.throughputRps()),
                    Fmt.change(s0.throughputRps(), s1.throughputRps()));
            cell(b, Fmt.pct(s0.successRate()), Fmt.pct(s1.successRate()), Fmt.points(s0.successRate(), s1.successRate()));
            cell(b, Fmt.ms(s0.latencyMs().p50()), Fmt.ms(s1.latencyMs().p50()),
                    Fmt.change(s0.latencyMs().p50(), s1.latencyMs().p50()));
            cell(b, Fmt.ms(s0.latencyMs().p99()), Fmt.ms(s1.latencyMs().p99()),
                    Fmt.change(s0.latencyMs().p99(), s1.latencyMs().p99()));
            if (llm) {
                if (s0.ttftMs() != null && s1.ttftMs() != null) {
                    cell(b, Fmt.ms(s0.ttftMs().p99()), Fmt.ms(s1.ttftMs().p99()),
                            Fmt.change(s0.ttftMs().p99(), s1.ttftMs().p99()));
                } else {
                    b.append("<td></td>");
                }
                if (s0.outputTokensPerSecond() != null && s1.outputTokensPerSecond() != null) {
                    cell(b, Fmt.rate(s0.outputTokensPerSecond()), Fmt.rate(s1.outputTokensPerSecond()),
                            Fmt.change(s0.outputTokensPerSecond(), s1.outputTokensPerSecond()));
                } else {
                    b.append("<td></td>");
                }
            }
            b.append("<td class=\"text\">").append(l.regressed()
                    ? "<span class=\"worse\">REGRESSION: " + esc(String.join(", ", l.regressions())) + "</span>"
                    : "none").append("</td></tr>\n");
        }
        b.append("</tbody></table></div></section>\n");
    }

    private static void cell(StringBuilder b, String base, String current, String change) {
        b.append("<td>").append(base).append(" → ").append(current).append(" <span class=\"muted\">(")
                .append(change).append(")</span></td>");
    }

    private static String pct(double fraction) {
        return Math.round(fraction * 100) + "%";
    }
}
