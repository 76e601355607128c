package io.tickstore.config;

/**
 * The cold tier's copy in S3 (or an S3-compatible store): sealed cold partitions are uploaded, verified,
 * recorded in the manifest, and their local files dropped after {@link #localColdDays}. Off when
 * {@link #bucket} is empty (the key's value {@code none}).
 *
 * @param endpoint      the store's URL, e.g. {@code http://127.0.0.1:9000}; empty = AWS S3 of {@link #region}
 * @param bucket        the bucket (must exist); empty = no S3 copy
 * @param prefix        key prefix of every object ({@code PREFIX/TABLE/exchange=X/date=D/vN.parquet}); may be empty
 * @param region        the signing region
 * @param accessKey     static credentials with {@link #secretKey}; empty = the SDK's default provider chain
 * @param secretKey     see {@link #accessKey}
 * @param pathStyle     {@code auto} (path-style when {@link #endpoint} is set), {@code true} or {@code false}
 * @param cacheMb       MiB of local cache for files of partitions only in S3, read by queries
 * @param localColdDays days an uploaded partition keeps its local file, back from min(wall clock, newest data);
 *                      0 drops it in the pass that uploaded it
 * @param retentionDays partitions in S3 older than this many days (same reference) are dropped; 0 keeps them
 */
public record S3Config(String endpoint, String bucket, String prefix, String region, String accessKey, String secretKey,
                       String pathStyle, int cacheMb, int localColdDays, int retentionDays) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_PREFIX = "tickstore";
    public static final int DEFAULT_CACHE_MB = 1024;
    public static final int DEFAULT_LOCAL_COLD_DAYS = 30;

    public S3Config {
        endpoint = endpoint == null ? "" : endpoint;
        bucket = bucket == null ? "" : bucket;
        prefix = prefix == null ? "" : prefix;
        accessKey = accessKey == null ? "" : accessKey;
        secretKey = secretKey == null ? "" : secretKey;
        pathStyle = pathStyle == null ? "auto" : pathStyle;
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new IllegalArgumentException("lifecycle.s3.access_key and lifecycle.s3.secret_key: expected both set "
                    + "or both none, got only " + (accessKey.isEmpty() ? "secret_key" : "access_key"));
        }
    }

    /** No S3 copy. */
    public static S3Config none() {
        return new S3Config("", "", DEFAULT_PREFIX, DEFAULT_REGION, "", "", "auto", DEFAULT_CACHE_MB,
                DEFAULT_LOCAL_COLD_DAYS, 0);
    }

    public boolean enabled() {
        return !bucket.isEmpty();
    }

    /** Whether requests name the bucket in the path ({@code endpoint/bucket/key}) rather than the host. */
    public boolean usePathStyle() {
        return pathStyle.equals("auto") ? !endpoint.isEmpty() : Boolean.parseBoolean(pathStyle);
    }

    /** Whether credentials are given here (else the SDK's default chain finds them). */
    public boolean staticCredentials() {
        return !accessKey.isEmpty();
    }

    public S3Config withEndpoint(String endpoint) {
        return new S3Config(endpoint, bucket, prefix, region, accessKey, secretKey, pathStyle, cacheMb, localColdDays,
                retentionDays);
    }

    public S3Config withBucket(String bucket) {
        return new S3Config(endpoint, bucket, prefix, region, accessKey, secretKey, pathStyle, cacheMb, localColdDays,
                retentionDays);
    }

    public S3Config withCredentials(String accessKey, String secretKey) {
        return new S3Config(endpoint, bucket, prefix, region, accessKey, secretKey, pathStyle, cacheMb, localColdDays,
                retentionDays);
    }

    public S3Config withCacheMb(int cacheMb) {
        return new S3Config(endpoint, bucket, prefix, region, accessKey, secretKey, pathStyle, cacheMb, localColdDays,
                retentionDays);
    }

    public S3Config withLocalColdDays(int localColdDays) {
        return new S3Config(endpoint, bucket, prefix, region, accessKey, secretKey, pathStyle, cacheMb, localColdDays,
                retentionDays);
    }

    public S3Config withRetentionDays(int retentionDays) {
        return new S3Config(endpoint, bucket, prefix, region, accessKey, secretKey, pathStyle, cacheMb, localColdDays,
                retentionDays);
    }

    @Override
    public String toString() {
        return "S3Config[endpoint=" + endpoint + ", bucket=" + bucket + ", prefix=" + prefix + ", region=" + region
                + ", accessKey=" + accessKey + ", secretKey=" + (secretKey.isEmpty() ? "" : "***") + ", pathStyle="
                + pathStyle + ", cacheMb=" + cacheMb + ", localColdDays=" + localColdDays + ", retentionDays="
                + retentionDays + "]";
    }
}
