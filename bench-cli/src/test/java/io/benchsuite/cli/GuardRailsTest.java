package io.benchsuite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keeps a first day with {@code bench} free of surprises. */
class GuardRailsTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run bench(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = BenchCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void a_run_in_which_every_request_failed_exits_1_naming_the_failures_and_the_target() throws Exception {
        // given nothing listens on the endpoint's port
        int port = freePort();
        Path config = dir.resolve("c.json");
        Files.writeString(config, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"http://127.0.0.1:" + port
                + "/x\", \"max_load\": 1, \"enable_ramping\": false, \"duration_seconds\": 30, \"total_requests\": 5,"
                + " \"timeout\": 2}");

        // when
        Run run = bench("run", "--config", config.toString(), "--out", dir.resolve("out").toString());

        // then
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err().lines().filter(l -> l.startsWith("bench: every request failed")).toList())
                .singleElement().satisfies(line -> assertThat(line)
                        .contains("connect_error 5: ConnectException: Connection refused (127.0.0.1:" + port + ")")
                        .contains("against POST http://127.0.0.1:" + port + "/x")
                        .endsWith("check that the server is up and the endpoint is right"));
    }

    @Test
    void every_help_text_renders_as_written_without_picocli_warnings() {
        java.util.List<picocli.CommandLine> all = new java.util.ArrayList<>();
        all.add(new picocli.CommandLine(new BenchCli()));
        for (int i = 0; i < all.size(); i++) {
            all.addAll(all.get(i).getSubcommands().values());
        }
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (picocli.CommandLine cmd : all) {
                cmd.getUsageMessage(); // picocli reads descriptions as format strings: a lone % is a warning
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).as("picocli's warnings").isEmpty();
    }

    @Test
    void the_demo_server_says_ready_once_it_accepts_connections() throws Exception {
        // given
        int port = freePort();
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> serving = new CompletableFuture<>();
        Thread server = Thread.ofPlatform().daemon().start(() -> serving.complete(BenchCli.execute(
                new String[] {"demo", "--serve", Integer.toString(port)}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true))));
        try {
            // when: the line appears
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!out.toString().contains("ready on ") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            // then: it names the address, and a connection is accepted right away
            assertThat(out.toString().strip()).isEqualTo("ready on http://127.0.0.1:" + port);
            try (Socket s = new Socket("127.0.0.1", port)) {
                assertThat(s.isConnected()).isTrue();
            }
        } finally {
            server.interrupt();
        }
        assertThat(serving.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void analyze_finds_runs_in_the_nested_layout_load_tests_write() throws Exception {
        // given two runs, the way @LoadTest lays them out: <out>/<Class>/<method>/<run_id>/
        try (io.benchsuite.demo.DemoApiServer api = io.benchsuite.demo.DemoApiServer.start(0)) {
            for (String method : new String[] {"first", "second"}) {
                Path config = dir.resolve(method + ".json");
                Files.writeString(config, "{\"benchmark_type\": \"system_api\", \"endpoint\": \"" + api.baseUrl()
                        + io.benchsuite.demo.DemoApiServer.ORDERS_PATH + "\", \"max_load\": 1, \"enable_ramping\": false,"
                        + " \"duration_seconds\": 30, \"total_requests\": 3, \"benchmark_run_id\": \"" + method + "\"}");
                assertThat(bench("run", "--config", config.toString(), "--out",
                        dir.resolve("out/OrdersIT").resolve(method).toString()).code()).isZero();
            }
        }

        // when
        Run list = bench("analyze", "--query", "list", "--source", "files", "--out", dir.resolve("out").toString());

        // then
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("first").contains("second");
    }
}
