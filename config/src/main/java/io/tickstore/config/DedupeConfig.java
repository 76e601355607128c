package io.tickstore.config;

/**
 * The deduplication state's snapshot (so start-up never rebuilds it from the stored rows).
 *
 * @param snapshotIntervalSeconds seconds between two snapshots while messages arrive (and one at a
 *                                clean shutdown)
 */
public record DedupeConfig(int snapshotIntervalSeconds) {
    public static final int DEFAULT_SNAPSHOT_INTERVAL_SECONDS = 60;

    public DedupeConfig withSnapshotIntervalSeconds(int snapshotIntervalSeconds) {
        return new DedupeConfig(snapshotIntervalSeconds);
    }
}
