package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.config.AuthConfig;
import io.tickstore.config.ConfigException;
import io.tickstore.config.HttpConfig;
import io.tickstore.config.TickstoreConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS with a self-signed certificate made by openssl in the test, with tokens on top. */
class TlsTest {
    @TempDir
    Path dir;

    private Path[] selfSigned() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        RequiredTool.require("openssl", Path.of("/usr/bin/openssl"));
        Process p = new ProcessBuilder("/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return new Path[] {cert, key};
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            ks.setCertificateEntry("tickstore", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    @Test
    void httpsAndWssRoundTripWithATokenAndPlainHttpIsRefused() throws Exception {
        Path[] pem = selfSigned();
        String token = "tls-secret";
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "both ingest,read " + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))) + "\n");
        try (TestServer server = TestServer.start(dir.resolve("data"), c -> c
                .withHttp(c.http().withTls(pem[0], pem[1]))
                .withAuth(AuthConfig.none().withTokensFile(tokens)))) {
            HttpClient https = HttpClient.newBuilder().sslContext(trusting(pem[0])).build();
            URI base = URI.create("https://127.0.0.1:" + server.port());
            assertEquals(200, https.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, https.send(HttpRequest.newBuilder(base.resolve("/api/v1/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());

            Vertx vertx = Vertx.vertx();
            try {
                WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                        .setTrustOptions(new PemTrustOptions().addCertPath(pem[0].toString())));
                WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
                        .setSsl(true).setURI("/ws/ingest").addHeader("Authorization", "Bearer " + token))
                        .await(30, TimeUnit.SECONDS);
                CompletableFuture<String> reply = new CompletableFuture<>();
                ws.textMessageHandler(reply::complete);
                ws.writeTextMessage("{\"type\":\"tick\",\"exchange\":\"TLS\",\"symbol\":\"S\","
                        + "\"timestamp\":\"2024-01-02T00:00:00Z\",\"sequence_number\":1,\"bid_price\":1}");
                assertTrue(reply.get(30, TimeUnit.SECONDS).startsWith("{\"status\":\"ok\",\"accepted\":1"));
                ws.close().await(30, TimeUnit.SECONDS);
            } finally {
                vertx.close().await();
            }
            server.awaitApplied();
            assertEquals(1, server.count("market_ticks WHERE exchange = 'TLS'"));
            // A page over TLS: its body is a pooled direct buffer the server gives back after the write.
            long held = io.tickstore.query.PooledBody.held();
            for (String format : new String[] {"json", "csv"}) {
                HttpResponse<String> page = https.send(HttpRequest.newBuilder(base.resolve("/api/v1/ticks?exchange=TLS"
                        + "&symbol=S&from=2024-01-01T00:00:00Z&to=2024-01-03T00:00:00Z&format=" + format))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode(), page.body());
                assertTrue(page.body().contains("2024-01-02T00:00:00Z"), page.body());
            }
            TestServer.awaitPooledBodiesHeld(held, "after TLS writes");

            // Plain HTTP on the TLS port gets no HTTP answer.
            assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                            .timeout(java.time.Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    void aCertificateWithoutItsKeyStopsStartUp() throws Exception {
        Path[] pem = selfSigned();
        TickstoreConfig config = TickstoreConfig.defaults().withDataDir(dir.resolve("d2"))
                .withHttp(new HttpConfig("127.0.0.1", 0, 1, java.util.Optional.of(pem[0]), java.util.Optional.empty()));
        ConfigException e = assertThrows(ConfigException.class, () -> Server.start(config));
        assertEquals("http.tls.cert and http.tls.key go together: http.tls.key is not set", e.getMessage());
    }
}
