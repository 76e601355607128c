package io.tickstore.lifecycle.mirror;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL server as configured ({@code postgresql://user[:password]@host[:port]/database}): the
 * connect options of vertx-pg-client (the mirror's writes) and a JDBC connection (start-up state,
 * import, verification), both with {@code search_path} set to one schema.
 */
public final class PostgresUrl {
    private final String url;
    private final PgConnectOptions options;

    private PostgresUrl(String url, PgConnectOptions options) {
        this.url = url;
        this.options = options;
    }

    /** Parses {@code url}; an {@link IllegalArgumentException} names what is wrong. */
    public static PostgresUrl parse(String url) {
        if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
            throw new IllegalArgumentException("expected a URL postgresql://[user[:password]@]host[:port]/database, got "
                    + url);
        }
        try {
            return new PostgresUrl(url, PgConnectOptions.fromUri(url));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read the PostgreSQL URL " + redacted(url) + ": " + e.getMessage(), e);
        }
    }

    /** The URL with any password replaced, for logs and errors. */
    public static String redacted(String url) {
        return url == null ? null : url.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
    }

    @Override
    public String toString() {
        return redacted(url);
    }

    /** vertx-pg-client options whose sessions use {@code schema} (may be null: the server's default). */
    public PgConnectOptions connectOptions(String schema) {
        PgConnectOptions o = new PgConnectOptions(options);
        if (schema != null) {
            o.setProperties(Map.of("search_path", schema, "application_name", "tickstore-mirror"));
        }
        return o;
    }

    /** A new JDBC connection whose session uses {@code schema} (null: the server's default). */
    public Connection jdbc(String schema) throws SQLException {
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(options.getHost()).append(':')
                .append(options.getPort()).append('/').append(URLEncoder.encode(options.getDatabase(), StandardCharsets.UTF_8));
        Properties p = new Properties();
        if (options.getUser() != null) {
            p.setProperty("user", options.getUser());
        }
        if (options.getPassword() != null) {
            p.setProperty("password", options.getPassword());
        }
        if (schema != null) {
            p.setProperty("currentSchema", schema);
        }
        p.setProperty("ApplicationName", "tickstore");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbc.toString(), p);
    }
}
