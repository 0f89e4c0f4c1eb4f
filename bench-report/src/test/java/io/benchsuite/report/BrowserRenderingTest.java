package io.benchsuite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.benchsuite.result.ResultJson;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Opens the report pages in a real headless Chromium from {@code file:} URLs with name resolution off, and checks
 * what the page's script reports on {@code <body>}: every chart drew its series, no script error; that Chromium
 * logged no console message and the page requested nothing from the network (net log). Screenshots go to
 * {@code target/report-screenshot*.png}.
 *
 * <p>Skipped when no Chromium is installed, except on CI ({@code CI=true}), where a missing browser fails.
 */
class BrowserRenderingTest {

    private static final Path OUT = Path.of("target", "browser-reports");
    private static final Pattern BODY = Pattern.compile("<body([^>]*)>");
    private static Path chromium;

    @BeforeAll
    static void find_chromium() {
        Optional<Path> found = locate();
        if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true but no Chromium was found (looked for $BENCHSUITE_CHROMIUM, chromium, chromium-browser, "
                    + "google-chrome on PATH); install it with: apt-get install -y chromium");
        }
        assumeTrue(found.isPresent(), "no Chromium on PATH; browser rendering test skipped (install: apt-get "
                + "install -y chromium)");
        chromium = found.get();
    }

    @Test
    void system_api_report_draws_every_chart_in_a_real_browser() throws Exception {
        // given
        Path page = OUT.resolve("system-api.html");
        HtmlReport.write(Fixtures.systemApi(), page);

        // when
        Rendered r = open(page, Path.of("target", "report-screenshot.png"));

        // then
        r.assertAllChartsDrawn(6);
    }

    @Test
    void llm_report_draws_every_chart_in_a_real_browser() throws Exception {
        // given
        Path page = OUT.resolve("llm.html");
        HtmlReport.write(Fixtures.llm(), page);

        // when
        Rendered r = open(page, Path.of("target", "report-screenshot-llm.png"));

        // then
        r.assertAllChartsDrawn(9);
    }

    @Test
    void open_model_report_draws_every_chart_against_the_target_rate_in_a_real_browser() throws Exception {
        // given
        Path page = OUT.resolve("open.html");
        HtmlReport.write(Fixtures.open(), page);

        // when
        Rendered r = open(page, Path.of("target", "report-screenshot-open.png"));

        // then
        r.assertAllChartsDrawn(6);
    }

    @Test
    void comparison_draws_every_chart_in_a_real_browser() throws Exception {
        // given
        Path page = OUT.resolve("compare.html");
        HtmlReport.compare(Fixtures.systemApi(), Fixtures.systemApi(), page);

        // when
        Rendered r = open(page, Path.of("target", "report-screenshot-compare.png"));

        // then
        r.assertAllChartsDrawn(6);
    }

    @Test
    void check_catches_a_page_with_a_script_error() throws Exception {
        // given: a report whose chart script was broken on purpose, to prove the check can fail
        String html = HtmlReport.render(Fixtures.systemApi()).replace("new uPlot(opts, data, el)", "new uPlotX(opts)");
        Path page = OUT.resolve("broken.html");
        Files.createDirectories(OUT);
        Files.writeString(page, html);

        // when
        Rendered r = open(page, null);

        // then
        assertThat(r.attribute("data-js-errors")).isEqualTo("6");
        assertThat(r.attribute("data-rendered")).isEqualTo("0");
        assertThat(r.dom()).contains("uPlotX is not defined");
    }

    private record Rendered(String dom, String stderr, List<String> networkRequests) {

        String attribute(String name) {
            Matcher body = BODY.matcher(dom);
            assertThat(body.find()).as("a <body> element in the dumped DOM").isTrue();
            Matcher a = Pattern.compile("\\b" + name + "=\"([^\"]*)\"").matcher(body.group(1));
            return a.find() ? a.group(1) : null;
        }

        void assertAllChartsDrawn(int charts) {
            assertThat(attribute("data-js-errors")).as("script errors; page says: %s", jsErrors()).isNull();
            assertThat(attribute("data-charts-expected")).isEqualTo(String.valueOf(charts));
            assertThat(attribute("data-rendered")).as("charts with drawn series").isEqualTo(String.valueOf(charts));
            assertThat(consoleLines()).as("console messages").isEmpty();
            assertThat(networkRequests).as("requests from the page to the network").isEmpty();
        }

        String jsErrors() {
            int i = dom.indexOf("id=\"js-errors\"");
            return i < 0 ? "" : dom.substring(i, Math.min(dom.length(), i + 500));
        }

        List<String> consoleLines() {
            return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    private static Rendered open(Path page, Path screenshot) throws Exception {
        Path work = Files.createDirectories(OUT.resolve("chromium"));
        String url = page.toAbsolutePath().toUri().toString();
        Path netLog = work.resolve(page.getFileName() + ".netlog.json");
        Files.deleteIfExists(netLog);
        Result dump = run(work, List.of("--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog.toAbsolutePath(),
                "--dump-dom", url));
        if (screenshot != null) {
            Files.deleteIfExists(screenshot);
            run(work, List.of("--hide-scrollbars", "--window-size=1280,4000",
                    "--screenshot=" + screenshot.toAbsolutePath(), url));
            assertThat(screenshot).exists();
            assertThat(Files.size(screenshot)).as("screenshot size").isGreaterThan(20_000);
        }
        return new Rendered(dump.stdout, dump.stderr, pageRequests(netLog));
    }

    /** URLs the page (network isolation key {@code file://}) requested that are not files. */
    private static List<String> pageRequests(Path netLog) throws IOException {
        assertThat(netLog).as("Chromium net log").exists();
        JsonNode log = ResultJson.mapper().readTree(netLog.toFile());
        List<String> urls = new ArrayList<>();
        for (JsonNode e : log.path("events")) {
            JsonNode p = e.path("params");
            String url = p.path("url").asText("");
            if (p.path("network_isolation_key").asText("").startsWith("file://") && !url.startsWith("file:")
                    && !url.isEmpty()) {
                urls.add(url);
            }
        }
        return urls;
    }

    private record Result(String stdout, String stderr) {
    }

    private static Result run(Path work, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + work.resolve("profile").toAbsolutePath(), "--virtual-time-budget=5000"));
        cmd.addAll(args);
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("Chromium did not finish within 120 s: " + String.join(" ", cmd));
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("Chromium exit code; stderr:%n%s", stderr).isZero();
        return new Result(Files.readString(out, StandardCharsets.UTF_8), stderr);
    }

    private static Optional<Path> locate() {
        String override = System.getenv("BENCHSUITE_CHROMIUM");
        if (override != null && !override.isBlank() && Files.isExecutable(Path.of(override))) {
            return Optional.of(Path.of(override));
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
