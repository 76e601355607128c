package io.tickstore.store.schema;

/** One versioned schema change: a SQL script on the classpath under {@code db/migration/}. */
public record Migration(int version, String description, String resource) {
}
