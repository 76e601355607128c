package io.tickstore.config;

import java.util.Objects;

/**
 * The Chronicle journal.
 *
 * @param rollCycle    how often the journal starts a new file
 * @param retainCycles cycles kept before the one holding the last message committed to DuckDB;
 *                     older cycle files are deleted; -1 keeps every cycle
 * @param minFreeMb    MiB the journal's file system must keep free: below it frames get an error reply
 *                     (nothing of them is journaled or acked) until space returns
 */
public record JournalConfig(JournalRollCycle rollCycle, int retainCycles, int minFreeMb) {

    public static final int DEFAULT_RETAIN_CYCLES = 2;
    public static final int DEFAULT_MIN_FREE_MB = 64;

    public JournalConfig {
        Objects.requireNonNull(rollCycle, "rollCycle");
        if (minFreeMb < 1) {
            throw new IllegalArgumentException("minFreeMb " + minFreeMb + " < 1");
        }
    }

    /** With the default free-space reserve. */
    public JournalConfig(JournalRollCycle rollCycle, int retainCycles) {
        this(rollCycle, retainCycles, DEFAULT_MIN_FREE_MB);
    }

    /** With the default retention and free-space reserve. */
    public JournalConfig(JournalRollCycle rollCycle) {
        this(rollCycle, DEFAULT_RETAIN_CYCLES);
    }

    public JournalConfig withRollCycle(JournalRollCycle rollCycle) {
        return new JournalConfig(rollCycle, retainCycles, minFreeMb);
    }

    public JournalConfig withRetainCycles(int retainCycles) {
        return new JournalConfig(rollCycle, retainCycles, minFreeMb);
    }

    public JournalConfig withMinFreeMb(int minFreeMb) {
        return new JournalConfig(rollCycle, retainCycles, minFreeMb);
    }
}
