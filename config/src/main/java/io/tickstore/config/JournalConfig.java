package io.tickstore.config;

import java.util.Objects;

/**
 * The Chronicle journal.
 *
 * @param rollCycle    how often the journal starts a new file
 * @param retainCycles cycles kept before the one holding the last message committed to DuckDB;
 *                     older cycle files are deleted; -1 keeps every cycle
 */
public record JournalConfig(JournalRollCycle rollCycle, int retainCycles) {

    public static final int DEFAULT_RETAIN_CYCLES = 2;

    public JournalConfig {
        Objects.requireNonNull(rollCycle, "rollCycle");
    }

    /** With the default retention. */
    public JournalConfig(JournalRollCycle rollCycle) {
        this(rollCycle, DEFAULT_RETAIN_CYCLES);
    }

    public JournalConfig withRollCycle(JournalRollCycle rollCycle) {
        return new JournalConfig(rollCycle, retainCycles);
    }

    public JournalConfig withRetainCycles(int retainCycles) {
        return new JournalConfig(rollCycle, retainCycles);
    }
}
