package io.tickstore.lifecycle.s3;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.S3Config;
import io.tickstore.lifecycle.backup.BackupManifest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A backup held in S3 at {@code s3://bucket/prefix}: every file of a local backup directory uploaded as
 * {@code prefix/PATH} with its SHA-256 in the object's metadata, verified, and {@code backup.json} last
 * (so a prefix without it is not a backup); and the way back, downloading into a local directory that
 * {@link io.tickstore.lifecycle.backup.Restore} then checks file by file. Endpoint, region and
 * credentials come from {@code lifecycle.s3.*}; the bucket and prefix from the URL.
 */
public final class S3BackupLocation implements AutoCloseable {
    private final S3Bucket bucket;
    private final String url;

    private S3BackupLocation(S3Bucket bucket, String url) {
        this.bucket = bucket;
        this.url = url;
    }

    /** Whether {@code location} names S3 ({@code s3://…}) rather than a directory. */
    public static boolean isS3(String location) {
        return location.startsWith("s3://");
    }

    /**
     * Opens {@code s3://bucket/prefix} with the endpoint, region and credentials of {@code s3}.
     *
     * @throws IllegalArgumentException when the URL has no bucket or no prefix
     */
    public static S3BackupLocation open(String location, S3Config s3) {
        URI uri = URI.create(location);
        String bucket = uri.getHost();
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (bucket == null || bucket.isEmpty() || prefix.isEmpty()) {
            throw new IllegalArgumentException(location + ": expected s3://BUCKET/PREFIX (a prefix of its own per backup)");
        }
        S3Config at = new S3Config(s3.endpoint(), bucket, prefix, s3.region(), s3.accessKey(), s3.secretKey(),
                s3.pathStyle(), s3.cacheMb(), s3.localColdDays(), s3.retentionDays());
        return new S3BackupLocation(S3Bucket.open(at, Duration.ofSeconds(5), new SimpleMeterRegistry()),
                "s3://" + bucket + "/" + prefix);
    }

    /** Refuses a prefix that already holds objects. */
    public void requireEmpty() throws Exception {
        if (!bucket.keys().isEmpty()) {
            throw new IllegalArgumentException(url + " already holds objects: give a new prefix");
        }
    }

    /**
     * Uploads every file {@code manifest} lists from {@code dir}, checks each object (size, metadata and
     * content SHA-256), then uploads {@code backup.json}. {@code sent} is told each file's bytes.
     */
    public void upload(Path dir, BackupManifest manifest, LongConsumer sent) throws Exception {
        for (BackupManifest.Entry e : manifest.files()) {
            String key = bucket.key(e.path());
            bucket.put(key, dir.resolve(e.path()), e.sha256());
            bucket.verify(key, e.bytes(), e.sha256());
            sent.accept(e.bytes());
        }
        Path json = dir.resolve(BackupManifest.FILE);
        bucket.put(bucket.key(BackupManifest.FILE), json, S3Bucket.sha256(json));
    }

    /** Downloads {@code backup.json} into {@code dir} (created) and reads it. */
    public BackupManifest downloadManifest(Path dir) throws Exception {
        Files.createDirectories(dir);
        try {
            bucket.download(bucket.key(BackupManifest.FILE), dir.resolve(BackupManifest.FILE));
        } catch (NoSuchKeyException e) {
            throw new IllegalArgumentException(url + " holds no " + BackupManifest.FILE
                    + ": not a tickstore backup, or the backup did not finish");
        }
        return BackupManifest.read(dir);
    }

    /**
     * Downloads every file {@code manifest} lists into {@code dir}; {@code received} is told each file's
     * bytes. {@link io.tickstore.lifecycle.backup.Restore#verify} checks them afterwards.
     *
     * @throws IllegalStateException naming a listed file that S3 does not hold
     */
    public void downloadFiles(Path dir, BackupManifest manifest, LongConsumer received) throws Exception {
        for (BackupManifest.Entry e : manifest.files()) {
            Path to = dir.resolve(e.path());
            Files.createDirectories(to.getParent());
            try {
                bucket.download(bucket.key(e.path()), to);
            } catch (NoSuchKeyException missing) {
                throw new IllegalStateException("backup file " + e.path() + " is missing from " + url);
            }
            received.accept(e.bytes());
        }
    }

    @Override
    public void close() {
        bucket.close();
    }
}
