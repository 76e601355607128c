package io.tickstore.lifecycle.cold;

import io.tickstore.store.cold.ColdTable;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The unit that moves between tiers: one table's rows of one exchange on one UTC day. */
public record Partition(ColdTable table, String exchange, LocalDate day) {
    private static final long DAY_MICROS = 86_400_000_000L;

    /** The first microsecond of the day (epoch microseconds, UTC). */
    public long startMicros() {
        return day.toEpochSecond(java.time.LocalTime.MIDNIGHT, ZoneOffset.UTC) * 1_000_000L;
    }

    /** The first microsecond after the day. */
    public long endMicros() {
        return startMicros() + DAY_MICROS;
    }

    @Override
    public String toString() {
        return table.tableName() + "/" + exchange + "/" + day;
    }
}
