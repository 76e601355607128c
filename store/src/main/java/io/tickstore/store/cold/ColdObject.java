package io.tickstore.store.cold;

/**
 * A cold file's copy in S3, as the manifest ({@code cold_objects}) records it.
 *
 * @param path   the cold file, relative to the cold directory ('/'-separated)
 * @param key    its object key in the bucket
 * @param bytes  its size
 * @param sha256 the SHA-256 of its content, lower-case hex
 */
public record ColdObject(String path, String key, long bytes, String sha256) {
}
