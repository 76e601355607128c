package io.tickstore.config;

import java.util.Objects;

/**
 * The Chronicle journal.
 *
 * @param rollCycle how often the journal starts a new file
 */
public record JournalConfig(JournalRollCycle rollCycle) {

    public JournalConfig {
        Objects.requireNonNull(rollCycle, "rollCycle");
    }

    public JournalConfig withRollCycle(JournalRollCycle rollCycle) {
        return new JournalConfig(rollCycle);
    }
}
