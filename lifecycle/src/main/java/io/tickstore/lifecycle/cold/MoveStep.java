package io.tickstore.lifecycle.cold;

/**
 * The steps of a move, in order, then those of the S3 copy (see {@code io.tickstore.lifecycle.s3.S3Pass}). Until {@link #COMMITTED} the partition is wholly warm (the file is not
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
    COMMITTED,
    /** S3: the object is uploaded (the partition is still {@code local}: no cold_objects row). */
    UPLOADED,
    /** S3: the object is verified (size, metadata SHA-256, content re-read); still {@code local}. */
    UPLOAD_VERIFIED,
    /** S3: the cold_objects row is committed: the partition is {@code uploaded}. */
    UPLOAD_RECORDED,
    /** S3: the state {@code s3-only} is committed; the local file goes later. */
    LOCAL_DROPPED;

    public static final String PAUSE_PROPERTY = "tickstore.lifecycle.pause_after";

    /**
     * A test hook: when this step is {@code pauseAfter}, prints {@code lifecycle paused after STEP of WHAT} and
     * never returns (only a kill ends it).
     */
    public void reached(MoveStep pauseAfter, Object what) {
        if (this != pauseAfter) {
            return;
        }
        System.out.println("lifecycle paused after " + this + " of " + what);
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                // a test hook: only a kill ends it
            }
        }
    }

    /** The step named by {@value #PAUSE_PROPERTY}, or null. */
    public static MoveStep pauseStep() {
        String name = System.getProperty(PAUSE_PROPERTY);
        return name == null || name.isBlank() ? null : MoveStep.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
