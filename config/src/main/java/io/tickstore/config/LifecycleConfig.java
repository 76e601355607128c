package io.tickstore.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The data lifecycle: sealed partitions (table, exchange, UTC day) of the warm tier (DuckDB) move to
 * the cold tier (Parquet files in Hive layout under {@link #coldDir}).
 *
 * @param enabled           whether lifecycle passes run (at start-up and every {@code intervalSeconds})
 * @param sealGraceMinutes  a partition is sealed once its UTC day is over plus this many minutes
 * @param warmDays          days kept in the warm tier, back from min(wall clock, newest data)
 * @param coldDir           where the cold Parquet files live; a relative path is under the data directory
 * @param intervalSeconds   seconds between two lifecycle passes
 * @param rowGroupRows      rows per Parquet row group
 * @param coldRetentionDays cold partitions older than this many days (back from min(wall clock, newest
 *                          data)) are dropped; 0 keeps them forever
 * @param s3                the cold tier's copy in S3 ({@link S3Config#none()}: none)
 */
public record LifecycleConfig(boolean enabled, int sealGraceMinutes, int warmDays, Path coldDir, int intervalSeconds,
                              int rowGroupRows, int coldRetentionDays, S3Config s3) {
    public static final int DEFAULT_SEAL_GRACE_MINUTES = 60;
    public static final int DEFAULT_WARM_DAYS = 7;
    public static final String DEFAULT_COLD_DIR = "cold";
    public static final int DEFAULT_INTERVAL_SECONDS = 3600;
    public static final int DEFAULT_ROW_GROUP_ROWS = 8_192;

    public LifecycleConfig {
        Objects.requireNonNull(coldDir, "coldDir");
        Objects.requireNonNull(s3, "s3");
    }

    /** Without an S3 copy. */
    public LifecycleConfig(boolean enabled, int sealGraceMinutes, int warmDays, Path coldDir, int intervalSeconds,
                           int rowGroupRows, int coldRetentionDays) {
        this(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows, coldRetentionDays,
                S3Config.none());
    }

    public LifecycleConfig withS3(S3Config s3) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }

    /** The cold directory: {@link #coldDir} itself when absolute, else under {@code dataDir}. */
    public Path coldDir(Path dataDir) {
        return coldDir.isAbsolute() ? coldDir : dataDir.resolve(coldDir);
    }

    public LifecycleConfig withEnabled(boolean enabled) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }

    public LifecycleConfig withSealGraceMinutes(int sealGraceMinutes) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }

    public LifecycleConfig withWarmDays(int warmDays) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }

    public LifecycleConfig withColdDir(Path coldDir) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }

    public LifecycleConfig withIntervalSeconds(int intervalSeconds) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }

    public LifecycleConfig withColdRetentionDays(int coldRetentionDays) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }

    public LifecycleConfig withRowGroupRows(int rowGroupRows) {
        return new LifecycleConfig(enabled, sealGraceMinutes, warmDays, coldDir, intervalSeconds, rowGroupRows,
                coldRetentionDays, s3);
    }
}
