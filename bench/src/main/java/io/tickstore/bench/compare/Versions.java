package io.tickstore.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions pinned in the parent pom, carried in by resource filtering ({@code versions.properties}). */
final class Versions {
    private static final Properties P = load();

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is missing from the bench jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static String get(String key) {
        String v = P.getProperty(key);
        if (v == null || v.startsWith("${")) {
            throw new IllegalStateException("versions.properties has no value for " + key
                    + " (built without Maven resource filtering?)");
        }
        return v;
    }

    static String tickstore() {
        return get("tickstore.version");
    }

    static String questdb() {
        return get("questdb.version");
    }

    static String questdbClient() {
        return get("questdb-client.version");
    }

    static String postgresqlDriver() {
        return get("postgresql.version");
    }
}
