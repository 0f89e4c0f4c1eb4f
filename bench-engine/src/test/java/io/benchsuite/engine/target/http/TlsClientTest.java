package io.benchsuite.engine.target.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.benchsuite.engine.target.http.Requests.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.benchsuite.engine.Exchange;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS against WireMock on loopback with self-signed certificates made by the JDK's keytool at test time: one
 * issued for 127.0.0.1, one for another host name.
 */
class TlsClientTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    private static WireMockServer rightName;
    private static WireMockServer wrongName;
    private static SSLContext trustRightName;
    private static SSLContext trustWrongName;

    @BeforeAll
    static void start() throws Exception {
        Path right = keystore("right.p12", "ip:127.0.0.1");
        Path wrong = keystore("wrong.p12", "dns:other.example");
        rightName = https(right);
        wrongName = https(wrong);
        trustRightName = trusting(right);
        trustWrongName = trusting(wrong);
    }

    @AfterAll
    static void stop() {
        if (rightName != null) {
            rightName.stop();
        }
        if (wrongName != null) {
            wrongName.stop();
        }
    }

    private static Path keystore(String name, String san) throws Exception {
        Path file = dir.resolve(name);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=benchsuite-test", "-ext", "SAN=" + san, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("keytool output: %s", output).isZero();
        return file;
    }

    private static WireMockServer https(Path keystore) {
        WireMockServer server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(keystore.toString()).keystorePassword(PASSWORD)
                .keyManagerPassword(PASSWORD).keystoreType("PKCS12"));
        server.start();
        server.stubFor(post("/secure").willReturn(aResponse().withStatus(200).withBody("ok")));
        server.stubFor(post("/big").willReturn(aResponse().withStatus(200).withBody("x".repeat(200_000))));
        return server;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            source.load(in, PASSWORD.toCharArray());
        }
        Certificate cert = source.getCertificate("server");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** Whether these tests run TLS on the event loop ({@link LoopTls}) rather than on threads. */
    boolean eventLoop() {
        return false;
    }

    private SystemApiTransport target(WireMockServer server, boolean insecure, SSLContext tls) {
        return Requests.target("https://127.0.0.1:" + server.httpsPort() + "/secure", null, null, Map.of(), insecure,
                tls, new ArrayList<>(), eventLoop());
    }

    @Test
    void a_self_signed_certificate_fails_with_tls_error_by_default() throws Exception {
        try (SystemApiTransport target = target(rightName, false, null)) {
            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.failed()).isTrue();
            assertThat(ex.errorClass()).isEqualTo("tls_error");
            assertThat(ex.errorMessage()).endsWith(" (127.0.0.1:" + rightName.httpsPort() + ")");
        }
    }

    @Test
    void insecure_tls_accepts_a_self_signed_certificate() throws Exception {
        try (SystemApiTransport target = target(wrongName, true, null)) {
            // when
            List<Exchange> results = List.of(send(target), send(target));

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).isEqualTo(200));
            assertThat(target.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void a_trusted_certificate_for_the_right_host_succeeds_with_verification_on() throws Exception {
        try (SystemApiTransport target = target(rightName, false, trustRightName)) {
            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.failed()).isFalse();
            assertThat(ex.status()).isEqualTo(200);
        }
    }

    @Test
    void many_requests_with_bodies_of_many_tls_records_share_one_connection_and_a_load_runs_over_it()
            throws Exception {
        try (SystemApiTransport target = Requests.target("https://127.0.0.1:" + rightName.httpsPort() + "/big", null,
                null, Map.of(), false, trustRightName, new ArrayList<>(), eventLoop())) {
            // when: 10 requests, each answered with 200 KB (13 TLS records), then 4 workers for 40 more (a run
            // ended by its cap, on a clock that never reaches the planned second however slow the machine)
            List<Exchange> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(send(target));
            }
            io.benchsuite.result.RunResult run;
            try (io.benchsuite.engine.run.ManualClock clock = new io.benchsuite.engine.run.ManualClock()) {
                run = clock.await(clock.start(() -> io.benchsuite.engine.run.LoadEngine.run(clock.applyTo(
                        io.benchsuite.engine.run.RunSpec.builder(target, io.benchsuite.engine.LoadPlan.constant(4,
                                java.time.Duration.ofSeconds(1)).withTotalRequests(40)))
                        .withTimeout(java.time.Duration.ofSeconds(5)).build())));
            }

            // then
            assertThat(results).allSatisfy(ex -> assertThat(ex.status()).as("%s", ex.errorMessage()).isEqualTo(200));
            assertThat(run.overall().failures()).as("%s", run.errorSamples()).isZero();
            assertThat(run.overall().requests()).isEqualTo(40);
            assertThat(target.openConnections()).isBetween(1, 4);
        }
    }

    @Test
    void a_trusted_certificate_for_another_host_fails_hostname_verification() throws Exception {
        try (SystemApiTransport target = target(wrongName, false, trustWrongName)) {
            // when
            Exchange ex = send(target);

            // then
            assertThat(ex.failed()).isTrue();
            assertThat(ex.errorClass()).isEqualTo("tls_error");
            assertThat(ex.errorMessage()).containsIgnoringCase("127.0.0.1");
        }
    }
}
