package io.tickstore.bench.compare;

import io.tickstore.store.model.EpochMicros;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;

/**
 * A query's answer with one canonical text line per row, sorted the same way on every target, so
 * answers compare with {@code equals}: times as ISO-8601 UTC, decimals as their shortest exact plain
 * text, absent values as {@code null}. Bars: {@code symbol time open high low close volume vwap trades}
 * (vwap = Σ price × size / Σ size rounded half-even to 8 decimals, as tickstore documents it); quotes:
 * {@code symbol bid_time bid_price bid_size ask_time ask_price ask_size}; ticks:
 * {@code time sequence bid ask bid_size ask_size last last_size volume conditions tape}.
 */
record Answer(List<String> rows) {
    /** {@code 2024-01-09 00:01:00[.123456]} or {@code 2024-01-09T00:01:00[.123456][Z]}, always UTC. */
    private static final DateTimeFormatter SQL_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendLiteral('Z').optionalEnd()
            .toFormatter();

    /** Null when equal, else what differs: the row counts and the first row that differs. */
    static String difference(Answer a, String aName, Answer b, String bName) {
        int n = Math.min(a.rows.size(), b.rows.size());
        for (int i = 0; i < n; i++) {
            if (!a.rows.get(i).equals(b.rows.get(i))) {
                return aName + " " + a.rows.size() + " rows, " + bName + " " + b.rows.size() + " rows; row " + i
                        + " differs: " + aName + " [" + a.rows.get(i) + "] vs " + bName + " [" + b.rows.get(i) + "]";
            }
        }
        if (a.rows.size() != b.rows.size()) {
            List<String> longer = a.rows.size() > b.rows.size() ? a.rows : b.rows;
            return aName + " " + a.rows.size() + " rows, " + bName + " " + b.rows.size() + " rows; first extra row of "
                    + (longer == a.rows ? aName : bName) + ": [" + longer.get(n) + "]";
        }
        return null;
    }

    static String decimal(String text) {
        return text == null ? "null" : decimal(new BigDecimal(text));
    }

    static String decimal(BigDecimal v) {
        if (v == null) {
            return "null";
        }
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    static String vwap(BigDecimal priceVolume, BigDecimal volume) {
        return volume.signum() == 0 ? "null" : decimal(priceVolume.divide(volume, 8, RoundingMode.HALF_EVEN));
    }

    static String time(long micros) {
        return EpochMicros.toIso(micros);
    }

    /** A timestamp as text from any of the targets, read as UTC; {@code null} stays null. */
    static String time(String text) {
        if (text == null) {
            return "null";
        }
        LocalDateTime t = LocalDateTime.parse(text.trim(), SQL_TIME);
        long micros = Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L) + t.getNano() / 1_000;
        return EpochMicros.toIso(micros);
    }

    static String text(String s) {
        return s == null ? "null" : s;
    }

    /** One bar line from exact texts. */
    static String bar(String symbol, String time, String open, String high, String low, String close, String volume,
                      String vwap, long trades) {
        return symbol + ' ' + time + ' ' + open + ' ' + high + ' ' + low + ' ' + close + ' ' + volume + ' ' + vwap + ' '
                + trades;
    }
}
