package io.benchsuite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    @TempDir
    Path results;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void save_a_run() throws Exception {
        Files.createDirectories(results.resolve("run-a"));
        Files.createDirectories(results.resolve("run-b"));
        try (InputStream in = ReportCommandTest.class.getResourceAsStream("/report-fixture-result.json")) {
            byte[] json = in.readAllBytes();
            Files.write(results.resolve("run-a/result.json"), json);
            Files.write(results.resolve("run-b/result.json"), json);
        }
    }

    private int bench(String... args) {
        CommandLine cli = new CommandLine(new ReportCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void run_id_is_looked_up_in_the_results_directory_and_the_report_written_next_to_it() throws Exception {
        // when
        int code = bench("run-a", "--out", results.toString());

        // then
        Path html = results.resolve("run-a/report.html").toAbsolutePath().normalize();
        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo(html.toString());
        assertThat(Files.readString(html)).contains("<h1>orders-api ");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void result_file_and_output_option_are_accepted() throws Exception {
        // given
        Path target = results.resolve("elsewhere/page.html");

        // when
        int code = bench(results.resolve("run-b/result.json").toString(), "-o", target.toString());

        // then
        assertThat(code).isZero();
        assertThat(out.toString().strip()).isEqualTo(target.toString());
        assertThat(target).exists();
    }

    @Test
    void compare_writes_the_comparison_next_to_the_current_run() throws Exception {
        // when
        int code = bench("--compare", results.resolve("run-a").toString(), "run-b", "--out", results.toString());

        // then
        assertThat(code).isZero();
        Path html = Path.of(out.toString().strip());
        assertThat(html.getParent()).isEqualTo(results.resolve("run-b").toAbsolutePath().normalize());
        assertThat(html.getFileName().toString()).startsWith("compare-").endsWith(".html");
        assertThat(Files.readString(html)).contains("Comparison: orders-api", "id=\"metric-table\"")
                .doesNotContain("REGRESSED");
    }

    @Test
    void index_links_every_run() throws Exception {
        // when
        int code = bench("--index", results.toString());

        // then
        assertThat(code).isZero();
        assertThat(Files.readString(results.resolve("index.html"))).contains("href=\"run-a/report.html\"",
                "href=\"run-b/report.html\"");
        assertThat(results.resolve("run-a/report.html")).exists();
    }

    @Test
    void unknown_run_is_one_line_on_stderr_and_exit_code_2() {
        // when
        int code = bench("no-such-run", "--out", results.toString());

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("bench report: no run 'no-such-run'").contains("--out DIR");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void file_that_is_not_a_result_is_exit_code_2() throws Exception {
        // given
        Path bad = Files.writeString(results.resolve("bad.json"), "{ not json");

        // when
        int code = bench(bad.toString());

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith("bench report: cannot read ");
    }

    @Test
    void run_and_compare_together_are_rejected() {
        // when
        int code = bench("run-a", "--compare", "run-a", "run-b", "--out", results.toString());

        // then
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("give exactly one of");
    }
}
