package io.tickstore.bench.load;

import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;

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
}
