package io.tickstore.store.cold;

import java.nio.file.Path;

/**
 * Where a reader gets the files of partitions whose local copy was dropped (state {@code s3-only}):
 * fetched from S3 into a bounded local cache. May be called from several reader threads at once.
 */
public interface RemoteColdFiles {
    /** No S3 copy configured: an S3-only partition cannot be read. */
    RemoteColdFiles NONE = object -> {
        throw new ColdObjectUnavailableException(object, "lifecycle.s3.bucket is none (no S3 configured)");
    };

    /**
     * A local file with the object's content, verified against its size and SHA-256, that stays in place
     * for at least the query timeout.
     *
     * @throws ColdObjectUnavailableException when the object cannot be fetched now (S3 unreachable, missing)
     */
    Path local(ColdObject object);
}
