package io.benchsuite.result;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-bucket table printed at the end of a run (CLI and JUnit): one row per worker level plus the
 * overall row. LLM runs get TTFT/TPOT columns and output tokens per second, TTFO beside TTFT when the model
 * reasoned (reasoning tokens were counted), and the cost when the config had {@code pricing}. An open-model run's rows are its rate
 * levels ({@code rate}, the target requests per second), and it gets the service time's p50 and p99 beside the
 * latency, which runs from each request's intended start.
 */
public final class BucketTable {

    private BucketTable() {
    }

    /** Formats the table of {@code result} as plain text with aligned columns. */
    public static String format(RunResult result) {
        boolean llm = result.overall() != null && result.overall().hasTokenMetrics();
        boolean open = result.openModel();
        boolean goodput = result.overall() != null && result.overall().goodputRps() != null;
        Columns cols = new Columns(llm, open, goodput, llm && result.overall().reasoningTokens() != null
                && result.overall().reasoningTokens() > 0, llm && result.overall().costUsd() != null);
        List<String> header = new ArrayList<>(List.of(open ? "rate" : "workers", "requests", "req/s", "success%",
                "mean ms", "p50 ms", "p75 ms", "p90 ms", "p95 ms", "p99 ms", "p99.9 ms", "max ms"));
        if (goodput) {
            header.add(3, "goodput");
        }
        if (open) {
            header.addAll(List.of("svc p50", "svc p99"));
        }
        if (llm) {
            header.addAll(List.of("ttft p50", "ttft p99"));
            if (cols.reasoning()) {
                header.addAll(List.of("ttfo p50", "ttfo p99"));
            }
            header.addAll(List.of("tpot p50", "tpot p99", "itl p99", "tok/s"));
            if (cols.cost()) {
                header.add("cost $");
            }
        }
        header.add("errors");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (Stats b : result.buckets()) {
            rows.add(row(open ? num(b.rate() == null ? 0 : b.rate(), b.rate() != null && b.rate() % 1 == 0 ? 0 : 1)
                    : String.valueOf(b.workers()), b, cols));
        }
        if (result.overall() != null) {
            rows.add(row("all", result.overall(), cols));
        }
        int[] width = new int[header.size()];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size(); i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int ri = 0; ri < rows.size(); ri++) {
            List<String> r = rows.get(ri);
            if (ri == rows.size() - 1 && result.overall() != null) {
                sb.append(rule(width)).append('\n');
            }
            for (int i = 0; i < r.size(); i++) {
                boolean last = i == r.size() - 1;
                String cell = r.get(i);
                if (last) {
                    sb.append(cell);
                } else {
                    sb.append(" ".repeat(width[i] - cell.length())).append(cell).append("  ");
                }
            }
            sb.append('\n');
            if (ri == 0) {
                sb.append(rule(width)).append('\n');
            }
        }
        return sb.toString();
    }

    private static String rule(int[] width) {
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        return "-".repeat(Math.max(0, total - 2));
    }

    /** Which optional columns the table has. */
    private record Columns(boolean llm, boolean open, boolean goodput, boolean reasoning, boolean cost) {
    }

    private static List<String> row(String level, Stats s, Columns cols) {
        Distribution l = s.latencyMs();
        List<String> r = new ArrayList<>(List.of(level, String.valueOf(s.requests()), num(s.throughputRps(), 1),
                num(s.successRate(), 2), num(l.mean(), 2), num(l.p50(), 2), num(l.p75(), 2), num(l.p90(), 2),
                num(l.p95(), 2), num(l.p99(), 2), num(l.p999(), 2), num(l.max(), 2)));
        if (cols.goodput()) {
            r.add(3, s.goodputRps() == null ? "-" : num(s.goodputRps(), 1));
        }
        if (cols.open()) {
            Distribution svc = s.serviceTimeMs();
            r.add(svc == null ? "-" : num(svc.p50(), 2));
            r.add(svc == null ? "-" : num(svc.p99(), 2));
        }
        if (cols.llm()) {
            r.add(num(s.ttftMs() == null ? 0 : s.ttftMs().p50(), 1));
            r.add(num(s.ttftMs() == null ? 0 : s.ttftMs().p99(), 1));
            if (cols.reasoning()) {
                r.add(s.ttfoMs() == null ? "-" : num(s.ttfoMs().p50(), 1));
                r.add(s.ttfoMs() == null ? "-" : num(s.ttfoMs().p99(), 1));
            }
            r.add(num(s.tpotMs() == null ? 0 : s.tpotMs().p50(), 2));
            r.add(num(s.tpotMs() == null ? 0 : s.tpotMs().p99(), 2));
            r.add(num(s.itlMs() == null ? 0 : s.itlMs().p99(), 2));
            r.add(num(s.outputTokensPerSecond() == null ? 0 : s.outputTokensPerSecond(), 1));
            if (cols.cost()) {
                r.add(s.costUsd() == null ? "-" : num(s.costUsd(), 6));
            }
        }
        r.add(errors(s.errors()));
        return r;
    }

    private static String errors(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        errors.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /**
     * One line: {@code 1234 requests, 99.50% ok, 210.3 req/s, p50 12.1 ms, p99 48.0 ms} (open model: and the service
     * time's p99), then whether the thresholds passed and whether the run is invalid.
     */
    public static String summary(RunResult result) {
        Stats o = result.overall();
        String service = result.openModel() && o.serviceTimeMs() != null
                ? String.format(Locale.ROOT, " (service time p99 %.2f ms)", o.serviceTimeMs().p99()) : "";
        return String.format(Locale.ROOT, "%s: %d requests, %.2f%% ok, %.1f req/s, p50 %.2f ms, p99 %.2f ms%s%s%s",
                result.status(), o.requests(), o.successRate(), o.throughputRps(), o.latencyMs().p50(),
                o.latencyMs().p99(), service, result.thresholds().isEmpty() ? ""
                        : result.thresholdsPassed() ? ", thresholds passed" : ", THRESHOLDS FAILED",
                result.valid() ? "" : ", INVALID");
    }

    /**
     * The warning an invalid run gets, one line: {@code warning: this run is invalid: <reasons>}; empty for a valid
     * run (or one without a verdict).
     */
    public static java.util.Optional<String> validityWarning(RunResult result) {
        if (result.valid()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("warning: this run is invalid, its numbers measure more than the target: "
                + String.join("; ", result.validity().reasons()));
    }
}
