package io.tickstore.lifecycle.cold;

/**
 * The steps of a move, in order. Until {@link #COMMITTED} the partition is wholly warm (the file is not
 * in the manifest, so no reader and no restart counts it; start-up deletes it); from then on wholly
 * cold. Crash tests name a step in the system property {@value #PAUSE_PROPERTY}: the mover then
 * stops there (printing {@code lifecycle paused after STEP}) so the test can kill the process.
 */
public enum MoveStep {
    /** The Parquet file is written under its temporary name. */
    WRITTEN,
    /** Flushed to disk and renamed to its final name. */
    RENAMED,
    /** Re-read and matched against the warm rows (rows, min/max time, checksum). */
    VERIFIED,
    /** The manifest row is inserted (same transaction as the delete, not yet committed). */
    RECORDED,
    /** The warm rows are deleted (not yet committed). */
    DELETED,
    /** Manifest row and delete committed together. */
    COMMITTED;

    public static final String PAUSE_PROPERTY = "tickstore.lifecycle.pause_after";

    /** The step named by {@value #PAUSE_PROPERTY}, or null. */
    static MoveStep pauseStep() {
        String name = System.getProperty(PAUSE_PROPERTY);
        return name == null || name.isBlank() ? null : MoveStep.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
