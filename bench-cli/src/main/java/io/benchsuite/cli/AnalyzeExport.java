package io.benchsuite.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.source.RunSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** {@code bench analyze --export}: runs as CSV, and one run's request log as CSV or a JSON array. */
final class AnalyzeExport {

    /** Columns of the runs CSV: one row per run and worker level, then the run's {@code overall} row. */
    static final List<String> RUN_COLUMNS = List.of("run_id", "org_id", "name", "benchmark_type", "status", "target",
            "started_at", "finished_at", "duration_seconds", "workers", "requests", "successes", "failures",
            "success_rate", "throughput_rps", "latency_mean_ms", "latency_p50_ms", "latency_p75_ms",
            "latency_p90_ms", "latency_p95_ms", "latency_p99_ms", "latency_p999_ms", "latency_max_ms",
            "ttft_p50_ms", "ttft_p99_ms", "output_tokens_per_second");

    /** Columns of the request-log CSV: the fields of {@code requests.jsonl.gz}, blank when absent. */
    static final List<String> REQUEST_COLUMNS = List.of("seq", "workers", "start_offset_ms", "latency_ms", "success",
            "status", "error", "ttft_ms", "tpot_ms", "output_tokens", "input_tokens", "token_source");

    private AnalyzeExport() {
    }

    static void runsCsv(List<RunResult> runs, Writer out) throws IOException {
        line(out, RUN_COLUMNS);
        for (RunResult r : runs) {
            for (Stats b : r.buckets()) {
                line(out, runRow(r, String.valueOf(b.workers()), b));
            }
            if (r.overall() != null) {
                line(out, runRow(r, "overall", r.overall()));
            }
        }
    }

    private static List<String> runRow(RunResult r, String workers, Stats s) {
        List<String> row = new ArrayList<>(List.of(r.runId(), r.orgId(), str(r.name()), str(r.benchmarkType()),
                String.valueOf(r.status()), str(r.target()), String.valueOf(r.startedAt()),
                String.valueOf(r.finishedAt()), AnalyzeCommand.num(r.durationSeconds()), workers,
                Long.toString(s.requests()), Long.toString(s.successes()), Long.toString(s.failures()),
                AnalyzeCommand.num(s.successRate()), AnalyzeCommand.num(s.throughputRps())));
        for (String stat : List.of("mean", "p50", "p75", "p90", "p95", "p99", "p999", "max")) {
            row.add(AnalyzeCommand.num(s.latencyMs().get(stat)));
        }
        row.add(s.ttftMs() == null ? "" : AnalyzeCommand.num(s.ttftMs().p50()));
        row.add(s.ttftMs() == null ? "" : AnalyzeCommand.num(s.ttftMs().p99()));
        row.add(s.outputTokensPerSecond() == null ? "" : AnalyzeCommand.num(s.outputTokensPerSecond()));
        return row;
    }

    /** Writes the request log of {@code runId} as CSV in seq order; returns the number of requests. */
    static long requestsCsv(RunSource runs, String runId, Writer out) throws IOException {
        line(out, REQUEST_COLUMNS);
        List<String> row = new ArrayList<>(REQUEST_COLUMNS.size());
        return runs.forEachRequest(runId, r -> {
            row.clear();
            for (String c : REQUEST_COLUMNS) {
                JsonNode v = r.get(c);
                row.add(v == null || v.isNull() ? "" : v.asText());
            }
            try {
                line(out, row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Writes the request log of {@code runId} as a JSON array, one object per line, in seq order. */
    static long requestsJson(RunSource runs, String runId, Writer out) throws IOException {
        out.write("[");
        boolean[] first = {true};
        long n = runs.forEachRequest(runId, r -> {
            try {
                out.write(first[0] ? "\n" : ",\n");
                first[0] = false;
                out.write(r.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.write(n == 0 ? "]\n" : "\n]\n");
        return n;
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(csv(cells.get(i)));
        }
        out.write('\n');
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String csv(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
