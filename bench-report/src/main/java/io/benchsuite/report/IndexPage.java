package io.benchsuite.report;

import static io.benchsuite.report.Html.esc;

import io.benchsuite.result.ResultJson;
import io.benchsuite.result.RunResult;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An index of all runs under a directory (e.g. {@code target/benchsuite/} after {@code mvn verify} with several
 * load tests): one row per {@code result.json} found, linking its {@code report.html} with its verdict. A missing
 * report is written first, so every link works.
 *
 * <pre>{@code
 * Path index = IndexPage.write(Path.of("target/benchsuite"));
 * }</pre>
 */
public final class IndexPage {

    /** The file name of the index, in the scanned directory. */
    public static final String INDEX_FILE = "index.html";

    private IndexPage() {
    }

    /** {@link #write(Path, Instant)} without telling this build's runs from earlier ones. */
    public static Path write(Path rootDir) throws IOException {
        return write(rootDir, null);
    }

    /**
     * Scans {@code rootDir} recursively for {@code result.json} files and writes {@code rootDir/index.html}: newest
     * run first; a run started before {@code buildStart} is marked as one from an earlier build and left out of the
     * headline's verdict (a stale failure must not make today's build look failed).
     *
     * @param buildStart when this build (test run) started, or null to treat every run as this build's
     * @return the index file
     * @throws IOException when {@code rootDir} cannot be read or the index cannot be written; a result file that
     *                     cannot be read gets a row saying why instead
     */
    public static Path write(Path rootDir, Instant buildStart) throws IOException {
        if (!Files.isDirectory(rootDir)) {
            throw new IOException(rootDir + " is not a directory; pass the directory that holds the runs "
                    + "(e.g. target/benchsuite)");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(rootDir)) {
            files = walk.filter(p -> p.getFileName().toString().equals(ResultJson.RESULT_FILE))
                    .filter(Files::isRegularFile).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
        record Found(Path file, RunResult result, String problem) {
        }
        List<Found> found = new ArrayList<>();
        for (Path file : files) {
            try {
                found.add(new Found(file, ResultJson.read(file), null));
            } catch (IOException | RuntimeException e) {
                found.add(new Found(file, null, String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
            }
        }
        found.sort(Comparator.comparing((Found f) -> f.result() == null ? null : f.result().startedAt(),
                Comparator.nullsFirst(Comparator.reverseOrder())));
        List<String> rows = new ArrayList<>();
        int failed = 0;
        int earlier = 0;
        for (Found f : found) {
            Path dir = f.file().getParent();
            String link = relativeLink(rootDir, dir.resolve(HtmlReport.REPORT_FILE));
            String where = esc(rootDir.relativize(dir).toString().replace('\\', '/'));
            RunResult r = f.result();
            if (r == null) {
                failed++;
                rows.add("<tr><td class=\"text\">" + where + "</td><td class=\"text\" colspan=\"7\"><span class=\"fail\">"
                        + "unreadable result.json</span>: " + esc(f.problem()) + "</td></tr>");
                continue;
            }
            Path report = dir.resolve(HtmlReport.REPORT_FILE);
            if (!Files.exists(report)) {
                HtmlReport.write(r, report);
            }
            boolean old = buildStart != null && r.startedAt() != null && r.startedAt().isBefore(buildStart);
            Verdict v = Verdict.of(r);
            if (old) {
                earlier++;
            } else if (v != Verdict.PASSED) {
                failed++;
            }
            rows.add("<tr" + (old ? " class=\"earlier\"" : "") + "><td class=\"text\"><a href=\"" + esc(link) + "\">"
                    + esc(RunPage.nameOf(r)) + "</a><br><span class=\"muted\">" + where
                    + (old ? " · from an earlier build" : "") + "</span></td><td class=\"text\"><span class=\"verdict "
                    + v.cssClass() + "\">" + v.name() + "</span></td><td class=\"text\">" + esc(r.runId())
                    + "</td><td class=\"text\">" + esc(Fmt.time(r.startedAt())) + "</td>"
                    + (r.overall() == null ? "<td></td><td></td><td></td><td></td>"
                    : "<td>" + Fmt.count(r.overall().requests()) + "</td><td>" + Fmt.rate(r.overall().throughputRps())
                    + "</td><td>" + Fmt.pct(r.overall().successRate()) + "</td><td>"
                    + Fmt.ms(r.overall().latencyMs().p99()) + "</td>") + "</tr>");
        }
        int current = found.size() - earlier;
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>BenchSuite runs</title>\n")
                .append("<style>\n").append(Page.Assets.REPORT_CSS).append("tr.earlier { opacity: 0.6; }\n")
                .append("</style>\n</head>\n<body>\n")
                .append("<header class=\"page\"><h1>BenchSuite runs <span class=\"verdict ")
                .append(current == 0 ? "aborted\">NO RUNS" : failed == 0 ? "passed\">ALL PASSED"
                        : "failed\">" + failed + " NOT PASSED").append("</span></h1>")
                .append("<p class=\"muted\">").append(found.size()).append(found.size() == 1 ? " run" : " runs")
                .append(" under ").append(esc(rootDir.toString()))
                .append(earlier == 0 ? "" : ", " + earlier + " of them from earlier builds (marked, not counted in the "
                        + "verdict)").append("; newest first</p></header>\n");
        if (rows.isEmpty()) {
            b.append("<p>No result.json found.</p>\n");
        } else {
            b.append("<table id=\"runs\"><thead><tr><th class=\"text\">Run</th><th class=\"text\">Verdict</th>"
                    + "<th class=\"text\">Run id</th><th class=\"text\">Started</th><th>Requests</th><th>Req/s</th>"
                    + "<th>Success %</th><th>p99 (ms)</th></tr></thead><tbody>\n");
            rows.forEach(row -> b.append(row).append('\n'));
            b.append("</tbody></table>\n");
        }
        b.append("</body>\n</html>\n");
        Path index = rootDir.resolve(INDEX_FILE);
        HtmlReport.writeAtomically(b.toString(), index);
        return index;
    }

    /** A relative URL from {@code root} to {@code target}, each path segment percent-encoded. */
    private static String relativeLink(Path root, Path target) {
        List<String> parts = new ArrayList<>();
        for (Path segment : root.relativize(target)) {
            parts.add(URLEncoder.encode(segment.toString(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }
}
