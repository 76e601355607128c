package io.tickstore.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may use the HTTP and WebSocket endpoints.
 *
 * @param tokensFile     the tokens file ({@code NAME SCOPES SHA256_HEX} a line), or empty: no authentication
 * @param openMetrics    {@code /metrics} and {@code /ready} answer without a token
 * @param allowAnonymous start without a tokens file even on a non-loopback {@code http.host}
 */
public record AuthConfig(Optional<Path> tokensFile, boolean openMetrics, boolean allowAnonymous) {

    public AuthConfig {
        Objects.requireNonNull(tokensFile, "tokensFile");
    }

    /** No tokens file: everything open (the server itself still refuses a non-loopback host). */
    public static AuthConfig none() {
        return new AuthConfig(Optional.empty(), false, false);
    }

    public AuthConfig withTokensFile(Path file) {
        return new AuthConfig(Optional.of(file), openMetrics, allowAnonymous);
    }

    public AuthConfig withOpenMetrics(boolean openMetrics) {
        return new AuthConfig(tokensFile, openMetrics, allowAnonymous);
    }

    public AuthConfig withAllowAnonymous(boolean allowAnonymous) {
        return new AuthConfig(tokensFile, openMetrics, allowAnonymous);
    }
}
