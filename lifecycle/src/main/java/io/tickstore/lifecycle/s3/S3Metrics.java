package io.tickstore.lifecycle.s3;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code tickstore_lifecycle_s3_*} metrics of the cold tier's S3 copy (see docs/metrics.md). */
public final class S3Metrics {
    private final Counter uploads;
    private final Counter uploadedBytes;
    private final Counter failures;
    private final Counter localDropped;
    private final Counter objectsDeleted;
    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Counter cacheFetchedBytes;
    private final AtomicLong cacheBytes = new AtomicLong();
    private final AtomicLong uploadedPartitions = new AtomicLong();
    private final AtomicLong s3OnlyPartitions = new AtomicLong();

    public S3Metrics(MeterRegistry registry) {
        uploads = Counter.builder("tickstore.lifecycle.s3.uploads")
                .description("cold files uploaded to S3 and verified").register(registry);
        uploadedBytes = Counter.builder("tickstore.lifecycle.s3.uploaded.bytes")
                .description("bytes of cold files uploaded to S3 and verified").register(registry);
        failures = Counter.builder("tickstore.lifecycle.s3.failures")
                .description("S3 steps that failed (upload, verify, delete; the next pass retries)").register(registry);
        localDropped = Counter.builder("tickstore.lifecycle.s3.local.dropped")
                .description("partitions whose local file was dropped after lifecycle.local_cold_days (now S3-only)")
                .register(registry);
        objectsDeleted = Counter.builder("tickstore.lifecycle.s3.objects.deleted")
                .description("objects deleted from S3 (replaced by a newer version, or past retention)")
                .register(registry);
        cacheHits = Counter.builder("tickstore.lifecycle.s3.cache.hits")
                .description("reads of S3-only partitions served from the local cache").register(registry);
        cacheMisses = Counter.builder("tickstore.lifecycle.s3.cache.misses")
                .description("reads of S3-only partitions that fetched the object").register(registry);
        cacheFetchedBytes = Counter.builder("tickstore.lifecycle.s3.cache.fetched.bytes")
                .description("bytes fetched from S3 into the local cache").register(registry);
        Gauge.builder("tickstore.lifecycle.s3.cache.bytes", cacheBytes, AtomicLong::get)
                .description("bytes in the local cache of S3-only partitions (bound: lifecycle.s3.cache_mb)")
                .register(registry);
        Gauge.builder("tickstore.lifecycle.s3.partitions", uploadedPartitions, AtomicLong::get).tag("state", "uploaded")
                .description("cold partitions in S3, by state (uploaded: local file kept; s3-only)").register(registry);
        Gauge.builder("tickstore.lifecycle.s3.partitions", s3OnlyPartitions, AtomicLong::get).tag("state", "s3-only")
                .description("cold partitions in S3, by state (uploaded: local file kept; s3-only)").register(registry);
    }

    void uploaded(long bytes) {
        uploads.increment();
        uploadedBytes.increment(bytes);
    }

    void failed() {
        failures.increment();
    }

    void localDropped() {
        localDropped.increment();
    }

    void objectDeleted() {
        objectsDeleted.increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void cacheMiss(long bytes) {
        cacheMisses.increment();
        cacheFetchedBytes.increment(bytes);
    }

    void cacheBytes(long bytes) {
        cacheBytes.set(bytes);
    }

    void partitions(long uploaded, long s3Only) {
        uploadedPartitions.set(uploaded);
        s3OnlyPartitions.set(s3Only);
    }
}
