package io.benchsuite.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexPageTest {

    @Test
    void index_links_every_run_report_with_its_verdict(@TempDir Path root) throws Exception {
        // given: runs as several load tests leave them under target/benchsuite
        save(root.resolve("OrdersIT/orders_scale"), Fixtures.json("system-api-result.json"));
        save(root.resolve("ChatIT/chat latency"), Fixtures.json("llm-result.json"));
        save(root.resolve("BrokenIT/run"), "{ \"run_id\": ");
        Files.writeString(Files.createDirectories(root.resolve("ChatIT/chat latency")).resolve("report.html"), "kept");

        // when
        Path index = IndexPage.write(root);

        // then
        String html = Files.readString(index);
        assertThat(index).isEqualTo(root.resolve("index.html"));
        assertThat(html).contains("<a href=\"OrdersIT/orders_scale/report.html\">orders-api</a>",
                "<a href=\"ChatIT/chat%20latency/report.html\">chat-latency</a>");
        assertThat(html).containsPattern("orders-api</a>.*?<span class=\"verdict failed\">FAILED</span>")
                .containsPattern("chat-latency</a>.*?<span class=\"verdict passed\">PASSED</span>")
                .contains("BrokenIT/run", "unreadable result.json")
                .contains("2 NOT PASSED");
        assertThat(HtmlReportTest.externalReferences(html)).isEmpty();
        assertThat(Files.readString(root.resolve("OrdersIT/orders_scale/report.html"))).contains("<h1>orders-api ");
        assertThat(Files.readString(root.resolve("ChatIT/chat latency/report.html"))).isEqualTo("kept");
    }

    @Test
    void empty_directory_gets_an_index_that_says_so(@TempDir Path root) throws Exception {
        // when
        String html = Files.readString(IndexPage.write(root));

        // then
        assertThat(html).contains("No result.json found.", "NO RUNS");
    }

    @Test
    void missing_directory_is_an_error_that_names_it(@TempDir Path root) {
        assertThatThrownBy(() -> IndexPage.write(root.resolve("nope")))
                .isInstanceOf(IOException.class).hasMessageContaining("nope is not a directory");
    }

    private static void save(Path dir, String json) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("result.json"), json);
    }
}
