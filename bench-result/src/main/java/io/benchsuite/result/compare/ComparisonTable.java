package io.benchsuite.result.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link RunComparison} for people: the verdict table {@code bench analyze --compare} prints and a failed load test
 * shows ({@link #text}), and the short markdown table of a CI job summary ({@link #markdown}).
 *
 * <pre>
 * metric            base    current  change    95 % interval     verdict
 * p50 ms            20.36   23.39    +14.9 %   [+14.1, +15.7] %  regressed
 * p99 ms            36.10   41.20    +14.1 %   [-3.2, +30.1] %   inconclusive
 * throughput req/s  195.2   170.3    -12.8 %   [-13.5, -12.0] %  regressed
 * </pre>
 */
public final class ComparisonTable {

    /** The metrics of the short (markdown) table. */
    private static final Set<String> SHORT = Set.of("p50_ms", "p99_ms", "throughput_rps", "success_rate");

    private ComparisonTable() {
    }

    /** The full verdict table: a header, one row per metric, the verdict, what would decide the undecided, notes. */
    public static String text(RunComparison c) {
        String nl = System.lineSeparator();
        StringBuilder b = new StringBuilder();
        b.append("compare ").append(c.current().id()).append(" (current) with ").append(c.base().id())
                .append(" (base): ").append(sides(c)).append(nl);
        b.append("threshold ").append(thresholds(c.threshold())).append("; ").append(c.method()).append(nl).append(nl);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric", "base", "current", "change", "95 % interval", "verdict"});
        for (MetricChange m : c.metrics()) {
            rows.add(new String[] {m.label() + " " + m.unit(), value(m.base(), m.unit()), value(m.current(), m.unit()),
                    change(m.change(), m.changeUnit()), interval(m), m.verdict().name()});
        }
        b.append(align(rows)).append(nl);
        b.append("verdict: ").append(c.verdict().name().toUpperCase(Locale.ROOT))
                .append(c.summary().substring(c.summary().indexOf(':'))).append(nl);
        for (MetricChange m : c.metrics()) {
            if (m.advice() != null) {
                b.append(m.label()).append(" inconclusive: ").append(m.advice()).append(nl);
            }
        }
        for (String note : c.notes()) {
            b.append("note: ").append(note).append(nl);
        }
        return b.toString();
    }

    /**
     * The short markdown table of a CI job summary (GitHub's {@code GITHUB_STEP_SUMMARY}): the verdict, then p50, p99,
     * throughput and success rate with their changes and intervals.
     *
     * @param title what was compared, e.g. the load test's name
     */
    public static String markdown(RunComparison c, String title) {
        StringBuilder b = new StringBuilder();
        b.append("#### ").append(escape(title)).append(": **").append(c.verdict().name()).append("**\n\n");
        b.append("| metric | base | current | change | 95 % interval | verdict |\n");
        b.append("|---|---:|---:|---:|---:|---|\n");
        for (MetricChange m : c.metrics()) {
            if (!SHORT.contains(m.metric())) {
                continue;
            }
            b.append("| ").append(m.label()).append(" | ").append(value(m.base(), m.unit())).append(' ')
                    .append(m.unit()).append(" | ").append(value(m.current(), m.unit())).append(' ')
                    .append(m.unit()).append(" | ")
                    .append(change(m.change(), m.changeUnit())).append(" | ").append(interval(m)).append(" | ")
                    .append(m.verdict() == Verdict.regressed || m.verdict() == Verdict.improved
                            ? "**" + m.verdict() + "**" : m.verdict().name()).append(" |\n");
        }
        b.append('\n').append(escape(c.summary())).append(" (current ").append(escape(c.current().id()))
                .append(", base ").append(escape(c.base().id())).append("; threshold ")
                .append(thresholds(c.threshold())).append(")\n");
        for (MetricChange m : c.metrics()) {
            if (m.advice() != null && SHORT.contains(m.metric())) {
                b.append("\n_").append(m.label()).append(": ").append(escape(m.advice())).append("_\n");
            }
        }
        return b.toString();
    }

    /**
     * The short markdown table of a run that was not compared with anything: its verdict on its own thresholds, then
     * p50, p99, throughput and success rate; the run's stored comparison instead, when it has one.
     */
    public static String markdown(io.benchsuite.result.RunResult run, String title) {
        if (run.comparison() != null) {
            return markdown(run.comparison(), title);
        }
        io.benchsuite.result.Stats o = run.overall();
        StringBuilder b = new StringBuilder();
        b.append("#### ").append(escape(title)).append(": **").append(run.status())
                .append(run.thresholds().isEmpty() ? "" : run.thresholdsPassed() ? ", thresholds passed"
                        : ", thresholds failed").append("**\n\n| metric | value |\n|---|---:|\n");
        if (o != null) {
            b.append("| p50 | ").append(value(o.latencyMs().p50(), "ms")).append(" ms |\n")
                    .append("| p99 | ").append(value(o.latencyMs().p99(), "ms")).append(" ms |\n")
                    .append("| throughput | ").append(value(o.throughputRps(), "req/s")).append(" req/s |\n")
                    .append("| success rate | ").append(value(o.successRate(), "%")).append(" % |\n");
        }
        return b.append("\nRun ").append(escape(run.runId())).append(": no baseline to compare with.\n").toString();
    }

    /** The one-line summary of a verdict: which metrics made it. */
    static String summary(Verdict verdict, List<MetricChange> metrics) {
        List<String> which = new ArrayList<>();
        Verdict listed = verdict == Verdict.unchanged ? null : verdict;
        for (MetricChange m : metrics) {
            if (m.verdict() == listed) {
                which.add(m.label() + (m.change() == null ? "" : " " + change(m.change(), m.changeUnit())));
            }
        }
        return switch (verdict) {
            case regressed -> "regressed: " + String.join(", ", which) + ", beyond the threshold";
            case improved -> "improved: " + String.join(", ", which) + ", beyond the threshold";
            case unchanged -> "unchanged: every change is within its threshold";
            case inconclusive -> which.isEmpty() ? "inconclusive: nothing could be compared"
                    : "inconclusive: these data cannot decide " + String.join(", ", which);
        };
    }

    /** {@code ±10 % (success rate ±1 pt, p99 ±20 %)}. */
    static String thresholds(RegressionThreshold t) {
        StringBuilder b = new StringBuilder("±").append(number(t.percent())).append(" % (success rate ±")
                .append(number(t.successRatePoints())).append(" pt");
        t.byMetric().forEach((metric, limit) -> b.append(", ").append(Metric.byKey(metric).label).append(" ±")
                .append(number(limit)).append(" %"));
        return b.append(')').toString();
    }

    /** {@code v} with its sign: {@code +14.9}, {@code -0.2}, {@code 0.0}. */
    static String signed(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v));
        return Double.parseDouble(s) == 0 ? s : (v > 0 ? "+" : "-") + s;
    }

    private static String sides(RunComparison c) {
        String requests = String.format(Locale.ROOT, "%,d and %,d requests", c.current().requests(),
                c.base().requests());
        int cur = c.current().runIds().size();
        int base = c.base().runIds().size();
        return requests + (cur == 1 && base == 1 ? "" : ", " + cur + " and " + base + " runs");
    }

    private static String value(Double v, String unit) {
        if (v == null) {
            return "n/a";
        }
        int decimals = unit.equals("req/s") || unit.equals("tokens/s") ? 1 : 2;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String change(Double v, String unit) {
        if (v == null) {
            return "n/a";
        }
        return unit.equals(Metric.POINTS) ? signed(v, 2) + " pt" : signed(v, 1) + " %";
    }

    private static String interval(MetricChange m) {
        if (m.changeLow() == null) {
            return "n/a";
        }
        int decimals = m.inPoints() ? 2 : 1;
        return "[" + signed(m.changeLow(), decimals) + ", " + signed(m.changeHigh(), decimals) + "] "
                + (m.inPoints() ? "pt" : "%");
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String align(List<String[]> rows) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                line.append(r[i]).append(" ".repeat(width[i] - r[i].length())).append(i < cols - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
