package io.tickstore.lifecycle.s3;

import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.S3Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The cold tier's S3 copy of one server: the bucket (client and circuit breaker), its metrics, and the
 * local cache readers fetch S3-only partitions into. One instance, shared by the lifecycle passes and
 * the store's readers, so both see one breaker.
 */
public final class S3Tier implements AutoCloseable {
    /** How long the breaker stays open before it lets one trial call through. */
    public static final Duration OPEN_WAIT = Duration.ofSeconds(10);

    private final S3Config config;
    private final S3Bucket bucket;
    private final S3Metrics metrics;
    private final S3ObjectCache cache;

    private S3Tier(S3Config config, S3Bucket bucket, S3Metrics metrics, S3ObjectCache cache) {
        this.config = config;
        this.bucket = bucket;
        this.metrics = metrics;
        this.cache = cache;
    }

    /** Opens the bucket of {@code config} (no call is made yet) and an empty cache under {@code coldDir}. */
    public static S3Tier open(S3Config config, Path coldDir, Duration openWait, MeterRegistry registry) {
        S3Bucket bucket = S3Bucket.open(config, openWait, registry);
        S3Metrics metrics = new S3Metrics(registry);
        return new S3Tier(config, bucket, metrics, new S3ObjectCache(bucket, coldDir, (long) config.cacheMb() << 20,
                metrics));
    }

    public S3Config config() {
        return config;
    }

    public S3Bucket bucket() {
        return bucket;
    }

    public S3Metrics metrics() {
        return metrics;
    }

    /** Where readers get S3-only partitions' files. */
    public S3ObjectCache cache() {
        return cache;
    }

    @Override
    public void close() {
        bucket.close();
    }
}
