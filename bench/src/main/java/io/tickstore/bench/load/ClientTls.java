package io.tickstore.bench.load;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates a {@code wss://} load run trusts: the JVM's default CAs, the CA (or
 * self-signed) certificates of a PEM file ({@code --ca}), or any certificate without a host name check
 * ({@code --insecure}, for a test server only). Unused for {@code ws://}.
 *
 * @param caFile   PEM file of trusted certificates, or null
 * @param insecure trust any certificate and skip the host name check
 */
public record ClientTls(Path caFile, boolean insecure) {
    /** The JVM's default trust store. */
    public static final ClientTls DEFAULT = new ClientTls(null, false);

    public ClientTls {
        if (caFile != null && insecure) {
            throw new IllegalArgumentException("a CA file and insecure exclude each other");
        }
    }

    /** Sets TLS on {@code options} (for a {@code wss://} endpoint) as this trust says. */
    void applyTo(WebSocketClientOptions options) {
        options.setSsl(true);
        if (insecure) {
            options.setTrustAll(true).setVerifyHost(false);
        } else if (caFile != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(caFile.toString()));
        }
    }

    /** The same trust for a JDK client (the HTTPS read of /metrics). */
    SSLContext sslContext() throws IOException, GeneralSecurityException {
        if (caFile == null && !insecure) {
            return SSLContext.getDefault();
        }
        TrustManager[] trust;
        if (insecure) {
            trust = new TrustManager[] {new TrustingEverything()};
        } else {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(caFile)) {
                int n = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, c);
                }
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            trust = f.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    /** {@code --insecure}: accepts any certificate for any host. */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
