package io.tickstore.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.bench.CommandRun;
import io.tickstore.config.AuthConfig;
import io.tickstore.config.HttpConfig;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.server.Server;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParameterException;

/**
 * {@code tickstore load} against a server with TLS (a self-signed certificate made by openssl) and a
 * tokens file: wss:// with --ca or --insecure and --token is acked and stored; without trust, or
 * without the token, it fails with exit code 1 naming the problem.
 */
class LoadOverTlsTest {
    private static final String TOKEN = "load-test-token-0123456789";

    @TempDir
    static Path dir;
    private static Server server;
    private static Path cert;

    @BeforeAll
    static void startTlsServer() throws Exception {
        cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "openssl: " + out);
        Path tokens = dir.resolve("tokens");
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(tokens, "loader ingest,read " + hash + "\n");
        server = Server.start(TickstoreConfig.defaults().withDataDir(dir.resolve("data"))
                .withHttp(new HttpConfig("127.0.0.1", 0, 1).withTls(cert, key))
                .withAuth(AuthConfig.none().withTokensFile(tokens)));
        server.awaitReady(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String url() {
        return "wss://127.0.0.1:" + server.port() + "/ws/ingest";
    }

    private static CommandRun load(String... trust) {
        String[] base = {"--url", url(), "--token", TOKEN, "--connections", "2", "--frame-size", "50", "--duration",
                "1s", "--warmup", "0", "--json"};
        String[] args = new String[base.length + trust.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(trust, 0, args, base.length, trust.length);
        return CommandRun.of(new LoadCommand(), args);
    }

    private static long stored() {
        return (long) server.registry().get("tickstore.ingest.messages").tag("type", "tick").counter().count();
    }

    @Test
    void wssWithTheServersCertificateAsCaIsAckedAndStored() {
        long before = stored();
        CommandRun run = load("--ca", cert.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("\"errors\":0"), run.out());
        assertTrue(run.out().contains("\"server_latency_us\":{"), "the server's view over HTTPS: " + run.out());
        assertTrue(stored() > before, "nothing stored");
    }

    @Test
    void wssInsecureTrustsTheSelfSignedCertificate() {
        long before = stored();
        CommandRun run = load("--insecure");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(stored() > before, "nothing stored");
    }

    @Test
    void framesOfRowsAreAckedAndStored() {
        long before = stored();
        CommandRun run = load("--insecure", "--frames", "rows");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("\"errors\":0"), run.out());
        assertTrue(stored() > before, "nothing stored");
    }

    @Test
    void wssWithoutTrustingTheCertificateCannotConnect() {
        CommandRun run = load();
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("cannot connect to " + url()), run.err());
    }

    @Test
    void withoutTheTokenTheUpgradeIsRefused() {
        CommandRun run = CommandRun.of(new LoadCommand(), "--url", url(), "--insecure", "--duration", "1s",
                "--warmup", "0");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("cannot connect to " + url()) && run.err().contains("401"), run.err());
    }

    @Test
    void trustOptionsAreCheckedAndNamed() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class, () ->
                CommandRun.parsed(new LoadCommand(), "--url", "ws://127.0.0.1:8080/ws/ingest", "--insecure").options());
        assertEquals("Invalid value for option '--insecure': applies to a wss:// --url only, got "
                + "ws://127.0.0.1:8080/ws/ingest", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(ParameterException.class, () ->
                CommandRun.parsed(new LoadCommand(), "--url", "wss://127.0.0.1:8443/ws/ingest", "--ca",
                        dir.resolve("missing.pem").toString()).options());
        assertTrue(e.getMessage().startsWith("Invalid value for option '--ca': no such file: "), e.getMessage());
        LoadOptions o = CommandRun.parsed(new LoadCommand(), "--url", "wss://localhost/ws/ingest").options();
        assertEquals(443, o.port());
    }
}
