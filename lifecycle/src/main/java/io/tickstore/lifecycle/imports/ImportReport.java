package io.tickstore.lifecycle.imports;

import java.util.List;

/**
 * What one import run did.
 *
 * @param startedAt  rows already done by earlier runs (where this one resumed)
 * @param read       rows this run read
 * @param accepted   messages the server stored now
 * @param duplicates messages it already held (a resumed frame, a row imported before)
 * @param bad        rows refused, each with its key and the reason
 * @param seconds    how long this run took
 */
public record ImportReport(long startedAt, long read, long accepted, long duplicates, List<BadRow> bad,
                           double seconds) {
    /** A row the server refused: its key fields and the validation error, as the WebSocket path gives it. */
    public record BadRow(long row, String key, String reason) {
    }

    public double rowsPerSecond() {
        return seconds > 0 ? read / seconds : 0;
    }
}
