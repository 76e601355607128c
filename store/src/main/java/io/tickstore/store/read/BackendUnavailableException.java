package io.tickstore.store.read;

import java.sql.SQLException;

/**
 * A read needs a backend that cannot answer now (its circuit breaker is open, or it failed): the query
 * answers 503 naming {@link #backend}; queries that do not need it are unaffected.
 */
public final class BackendUnavailableException extends SQLException {
    private final String backend;

    public BackendUnavailableException(String backend, String message, Throwable cause) {
        super(backend + " unavailable: " + message, cause);
        this.backend = backend;
    }

    /** The backend's name, e.g. {@code postgres}. */
    public String backend() {
        return backend;
    }
}
