package io.benchsuite.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.benchsuite.result.BucketTable;
import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import io.benchsuite.result.Stats;
import io.benchsuite.result.compare.ComparisonTable;
import io.benchsuite.result.compare.RegressionThreshold;
import io.benchsuite.result.compare.RunComparison;
import io.benchsuite.result.source.RunSource;
import io.benchsuite.result.threshold.ChangeThreshold;
import io.benchsuite.result.threshold.Criterion;
import io.benchsuite.engine.config.ConfigException;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench analyze}: queries stored runs (the seed's {@code analyzer.py}), compares two runs, exports runs or
 * a request log. Reads MongoDB when it is configured or answers at the default address, else the results
 * directory; {@code --source} chooses. Output is the same from either source. See {@code docs/analyze.md}.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Queries stored runs: --query latest | list [--limit N] | run <id> | org <org_id>;",
                "compares two runs (--compare BASE CURRENT); exports runs or one run's request log (--export).",
                "Exit codes: 0 ok (--compare: unchanged, improved or inconclusive), 1 --compare: regressed,",
                "2 bad input or nothing found."})
final class AnalyzeCommand implements Callable<Integer> {

    static final int DEFAULT_LIMIT = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--query", arity = "1..2", paramLabel = "QUERY",
            description = "latest | list | run <id> | org <org_id> (default: latest).")
    List<String> query = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "Most runs listed by list and org (default: 20).")
    Integer limit;

    @Option(names = "--compare", arity = "2", paramLabel = "RUN",
            description = {"Compares CURRENT with BASE: p50, p90, p99, mean, throughput, success rate (and LLM "
                    + "metrics), each with its 95 %% interval and verdict (regressed, improved, unchanged, "
                    + "inconclusive).",
                    "A run is a run id, latest, a run directory or result.json, a repetition group, or a baseline "
                            + "(baseline, baseline:NAME)."})
    List<String> compare;

    @Option(names = "--threshold", paramLabel = "EXPR",
            description = "With --compare: a minimum effect, e.g. \"regression < 5%%\" or \"p99 regression < 20%%\" "
                    + "(default: CURRENT's regression_threshold, else 5 %%).")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--export", paramLabel = "csv|json",
            description = "Exports the runs of the query, or with --run the request log of one run.")
    String export;

    @Option(names = "--run", paramLabel = "RUN_ID", description = "With --export: the run whose request log to export.")
    String run;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the export here (default: stdout).")
    Path output;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
            description = "Output of queries and --compare (default: ${DEFAULT-VALUE}); json prints result.json "
                    + "documents: one object for latest/run, an array for list/org.")
    String format;

    @Option(names = "--source", paramLabel = "mongo|files",
            description = "Where to read (default: mongo when configured or reachable, else files).")
    String source;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Results directory read by --source files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--mongodb-uri", paramLabel = "URI", description = "MongoDB to read (default: $MONGODB_URI).")
    String mongodbUri;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            Request r = validate();
            try (Sources sources = Sources.open(source, out, mongodbUri)) {
                return execute(r, sources, stdout);
            }
        } catch (UserError | IllegalArgumentException | NoSuchElementException | ConfigException e) {
            err.println("bench analyze: " + e.getMessage());
            err.flush();
            return BenchCli.USAGE;
        } catch (IOException e) {
            err.println("bench analyze: " + e.getMessage());
            err.flush();
            return BenchCli.USAGE;
        }
    }

    /** What was asked, validated. */
    private record Request(String query, String argument, int limit, List<ChangeThreshold> thresholds) {
    }

    private Request validate() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new UserError("--format \"" + format + "\" is not known; use table or json");
        }
        if (export != null && !export.equals("csv") && !export.equals("json")) {
            throw new UserError("--export \"" + export + "\" is not known; use csv or json");
        }
        if (run != null && export == null) {
            throw new UserError("--run needs --export csv|json (e.g. --export csv --run " + run + ")");
        }
        if (compare != null && (!query.isEmpty() || export != null)) {
            throw new UserError("--compare cannot be combined with --query or --export");
        }
        if (limit != null && limit < 1) {
            throw new UserError("--limit (" + limit + ") must be >= 1");
        }
        if (!thresholds.isEmpty() && compare == null) {
            throw new UserError("--threshold needs --compare BASE CURRENT");
        }
        List<ChangeThreshold> limits = new ArrayList<>();
        for (String t : thresholds) {
            if (!(Criterion.parse(t) instanceof ChangeThreshold c)) {
                throw new UserError("--threshold \"" + t + "\" is not a limit on the change; write e.g. "
                        + "\"regression < 5%\" or \"p99 regression < 20%\"");
            }
            limits.add(c);
        }
        String q = query.isEmpty() ? (export != null ? "list" : "latest") : query.get(0);
        String arg = query.size() > 1 ? query.get(1) : null;
        switch (q) {
            case "latest", "list" -> {
                if (arg != null) {
                    throw new UserError("--query " + q + " takes no argument, got \"" + arg + "\"");
                }
            }
            case "run", "org" -> {
                if (arg == null) {
                    throw new UserError("--query " + q + " needs " + (q.equals("run") ? "a run id" : "an org id")
                            + ", e.g. --query " + q + (q.equals("run") ? " 20261128-031500-a1b2" : " my_org"));
                }
            }
            default -> throw new UserError("--query \"" + q + "\" is not known; use latest, list, run <id> or "
                    + "org <org_id>");
        }
        return new Request(q, arg, limit == null ? DEFAULT_LIMIT : limit, limits);
    }

    private int execute(Request r, Sources sources, PrintWriter stdout) throws IOException {
        RunSource runs = sources.runs();
        if (compare != null) {
            RunRefs refs = new RunRefs(sources);
            RunRefs.Ref current = refs.resolve(compare.get(1), null);
            RunRefs.Ref base = refs.resolve(compare.get(0), current.runs().getFirst());
            RunComparison c = RunComparison.of(base.compared(), current.compared(),
                    RegressionThreshold.configuredIn(current.runs().getFirst(), r.thresholds()));
            if (format.equals("json")) {
                stdout.println(ResultJson.mapper().writeValueAsString(c));
            } else {
                stdout.print(ComparisonTable.text(c));
            }
            stdout.flush();
            return c.regressed() ? BenchCli.REGRESSED : BenchCli.OK;
        }
        if (export != null && run != null) {
            find(runs, run);
            try (Sink sink = sink(stdout)) {
                long n = export.equals("csv") ? AnalyzeExport.requestsCsv(runs, run, sink.writer)
                        : AnalyzeExport.requestsJson(runs, run, sink.writer);
                sink.done(n + " requests of run " + run);
            }
            return BenchCli.OK;
        }
        List<RunResult> found;
        boolean single = r.query.equals("latest") || r.query.equals("run");
        switch (r.query) {
            case "latest" -> found = runs.latest().map(List::of).orElseThrow(() ->
                    new NoSuchElementException("no runs in " + runs.description()));
            case "run" -> found = List.of(find(runs, r.argument));
            case "org" -> found = runs.org(r.argument, r.limit);
            default -> found = runs.list(r.limit);
        }
        if (export != null) {
            try (Sink sink = sink(stdout)) {
                if (export.equals("csv")) {
                    AnalyzeExport.runsCsv(found, sink.writer);
                } else {
                    writeJson(found, false, sink.writer);
                    sink.writer.write(System.lineSeparator());
                }
                sink.done(found.size() + " runs");
            }
            return BenchCli.OK;
        }
        if (format.equals("json")) {
            writeJson(found, single, stdout);
            stdout.println();
        } else if (single) {
            stdout.print(runHeader(found.get(0)));
            stdout.print(BucketTable.format(found.get(0)));
            stdout.println(BucketTable.summary(found.get(0)));
        } else {
            stdout.print(listTable(found, runs.description()));
        }
        stdout.flush();
        return BenchCli.OK;
    }

    private static RunResult find(RunSource runs, String id) {
        return runs.run(id).orElseThrow(() -> new NoSuchElementException("no run \"" + id + "\" in "
                + runs.description() + "; list the runs with bench analyze --query list"));
    }

    /** Result documents as in result.json: one object, or an array. */
    private static void writeJson(List<RunResult> runs, boolean single, Writer out) throws IOException {
        ObjectMapper m = ResultJson.mapper();
        m.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, single ? runs.get(0) : runs);
        out.flush();
    }

    private static String runHeader(RunResult r) {
        return String.format(Locale.ROOT, "run %s (%s, org %s): %s, %s, started %s, %.3f s%n%n", r.runId(),
                r.name(), r.orgId(), r.benchmarkType(), r.status(), r.startedAt(), r.durationSeconds());
    }

    static String listTable(List<RunResult> runs, String where) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"run_id", "org_id", "type", "status", "started_at", "requests", "success%",
                "req/s", "p50 ms", "p99 ms"});
        for (RunResult r : runs) {
            Stats o = r.overall();
            rows.add(new String[] {r.runId(), r.orgId(), r.benchmarkType(), String.valueOf(r.status()),
                    String.valueOf(r.startedAt()), o == null ? "" : String.valueOf(o.requests()),
                    o == null ? "" : num(o.successRate()), o == null ? "" : num(o.throughputRps()),
                    o == null ? "" : num(o.latencyMs().p50()), o == null ? "" : num(o.latencyMs().p99())});
        }
        return align(rows) + runs.size() + " run" + (runs.size() == 1 ? "" : "s") + " from " + where
                + System.lineSeparator();
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** Columns padded to their widest cell, two spaces apart, trailing blanks stripped. */
    static String align(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String cell = r[i] == null ? "" : r[i];
                line.append(cell).append(" ".repeat(width[i] - cell.length()));
                if (i < cols - 1) {
                    line.append("  ");
                }
            }
            sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private Sink sink(PrintWriter stdout) throws IOException {
        if (output == null) {
            stdout.flush();
            return new Sink(new FilterWriter(stdout) {
                @Override
                public void close() {
                    stdout.flush();
                }
            }, null, spec.commandLine().getErr());
        }
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new Sink(Files.newBufferedWriter(output, StandardCharsets.UTF_8), output, spec.commandLine().getErr());
    }

    /** Where an export goes: a file (then one line on stderr says what was written) or stdout. */
    private static final class Sink implements AutoCloseable {
        final Writer writer;
        final Path file;
        final PrintWriter err;
        private String what;

        Sink(Writer writer, Path file, PrintWriter err) {
            this.writer = writer;
            this.file = file;
            this.err = err;
        }

        void done(String what) {
            this.what = what;
        }

        @Override
        public void close() throws IOException {
            writer.close();
            if (file != null && what != null) {
                err.println("bench analyze: exported " + what + " to " + file);
            }
        }
    }

    /** A mistake in the command line: one line on stderr, exit code 2. */
    static final class UserError extends RuntimeException {
        UserError(String message) {
            super(message);
        }
    }
}
