package io.tickstore.config;

import java.util.Locale;

/** How often the Chronicle journal starts a new file. */
public enum JournalRollCycle {
    HOURLY,
    DAILY;

    /** @return the value as written in configuration: {@code hourly} or {@code daily} */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
