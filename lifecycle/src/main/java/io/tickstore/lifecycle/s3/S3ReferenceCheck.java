package io.tickstore.lifecycle.s3;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.S3Config;
import io.tickstore.lifecycle.backup.BackupManifest.S3Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the S3 objects a backup references (cold partitions held only in S3) are in the bucket with
 * the size the backup recorded: one HEAD request each. {@code tickstore backup} checks before it writes
 * {@code backup.json}, {@code tickstore restore} before it writes anything.
 */
public final class S3ReferenceCheck {
    /** How many missing or different objects a message names before it only counts the rest. */
    static final int NAMED = 10;

    private S3ReferenceCheck() {
    }

    /**
     * HEADs every reference in the bucket of {@code s3} (its endpoint, region, path style and credentials);
     * every reference must name that bucket.
     *
     * @throws IllegalArgumentException when a reference names another bucket than {@code s3}'s
     * @throws IllegalStateException    naming every object missing or of another size, or S3 that cannot be
     *                                  reached (naming the endpoint and the object it was asked about)
     */
    public static void check(S3Config s3, List<S3Reference> references) {
        if (references.isEmpty()) {
            return;
        }
        for (S3Reference r : references) {
            if (!r.bucket().equals(s3.bucket())) {
                throw new IllegalArgumentException("the backup references " + r.url() + " (cold file " + r.path()
                        + ") in bucket " + r.bucket() + ", but lifecycle.s3.bucket is " + s3.bucket() + ": set"
                        + " lifecycle.s3.bucket = " + r.bucket());
            }
        }
        List<String> wrong = new ArrayList<>();
        try (S3Bucket bucket = S3Bucket.open(s3, Duration.ofSeconds(5), new SimpleMeterRegistry())) {
            for (S3Reference r : references) {
                long size;
                try {
                    size = bucket.sizeOf(r.key());
                } catch (Exception e) {
                    throw new IllegalStateException("cannot check the " + references.size() + " S3 objects the backup"
                            + " references: asking S3 at " + where(s3) + " about " + r.url() + " failed (" + e + ")", e);
                }
                if (size < 0) {
                    wrong.add(r.url() + " (cold file " + r.path() + ") is missing");
                } else if (size != r.bytes()) {
                    wrong.add(r.url() + " (cold file " + r.path() + ") has " + size + " bytes, the backup recorded "
                            + r.bytes());
                }
            }
        }
        if (!wrong.isEmpty()) {
            String named = String.join("; ", wrong.subList(0, Math.min(NAMED, wrong.size())));
            throw new IllegalStateException("S3 objects the backup references are not as recorded (" + wrong.size()
                    + " of " + references.size() + "): " + named + (wrong.size() > NAMED ? "; and "
                    + (wrong.size() - NAMED) + " more" : "") + ". Those partitions were held only in S3; their"
                    + " objects were deleted or replaced (S3 retention, a lifecycle rule of the bucket, or a newer"
                    + " version of the partition)");
        }
    }

    private static String where(S3Config s3) {
        return s3.endpoint().isEmpty() ? "AWS (region " + s3.region() + ")" : s3.endpoint();
    }
}
