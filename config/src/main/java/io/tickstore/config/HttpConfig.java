package io.tickstore.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the HTTP API and WebSocket endpoints listen.
 *
 * @param host       host name or IP literal to bind
 * @param port       TCP port; 0 picks a free port
 * @param eventLoops number of Vert.x event loop threads
 * @param tlsCert    PEM certificate chain; with {@code tlsKey}, the port serves HTTPS and WSS only
 * @param tlsKey     PEM private key of {@code tlsCert}
 */
public record HttpConfig(String host, int port, int eventLoops, Optional<Path> tlsCert, Optional<Path> tlsKey) {

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tlsCert, "tlsCert");
        Objects.requireNonNull(tlsKey, "tlsKey");
    }

    public HttpConfig(String host, int port, int eventLoops) {
        this(host, port, eventLoops, Optional.empty(), Optional.empty());
    }

    /** True when both the certificate and its key are set. */
    public boolean tls() {
        return tlsCert.isPresent() && tlsKey.isPresent();
    }

    public HttpConfig withHost(String host) {
        return new HttpConfig(host, port, eventLoops, tlsCert, tlsKey);
    }

    public HttpConfig withPort(int port) {
        return new HttpConfig(host, port, eventLoops, tlsCert, tlsKey);
    }

    public HttpConfig withEventLoops(int eventLoops) {
        return new HttpConfig(host, port, eventLoops, tlsCert, tlsKey);
    }

    public HttpConfig withTls(Path cert, Path key) {
        return new HttpConfig(host, port, eventLoops, Optional.of(cert), Optional.of(key));
    }
}
