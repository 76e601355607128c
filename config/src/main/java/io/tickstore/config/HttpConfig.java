package io.tickstore.config;

import java.util.Objects;

/**
 * Where the HTTP API and WebSocket endpoints listen.
 *
 * @param host       host name or IP literal to bind
 * @param port       TCP port; 0 picks a free port
 * @param eventLoops number of Vert.x event loop threads
 */
public record HttpConfig(String host, int port, int eventLoops) {

    public HttpConfig {
        Objects.requireNonNull(host, "host");
    }

    public HttpConfig withHost(String host) {
        return new HttpConfig(host, port, eventLoops);
    }

    public HttpConfig withPort(int port) {
        return new HttpConfig(host, port, eventLoops);
    }

    public HttpConfig withEventLoops(int eventLoops) {
        return new HttpConfig(host, port, eventLoops);
    }
}
