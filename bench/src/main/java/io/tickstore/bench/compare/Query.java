package io.tickstore.bench.compare;

import io.tickstore.store.model.EpochMicros;

/**
 * One run of one benchmark query: the kind, the symbol ({@code -1} = all) and the time range
 * [{@code from}, {@code to}). For bars the range is aligned to the bar length, so "bars whose
 * bucket starts in the range" and "bars of the ticks in the range" are the same set on every
 * target. Runs rotate over symbols, days, weeks and hours in the same order on every target.
 */
record Query(Kind kind, int run, int symbol, long from, long to) {
    static final long MINUTE = 60_000_000L;
    static final long HOUR = 60 * MINUTE;

    /** The five queries of the issue, with the bar length where there is one. */
    enum Kind {
        OHLCV_1M_DAY("1m OHLCV, one symbol-day", MINUTE, "1m"),
        OHLCV_7M_WEEK("7m OHLCV, one symbol-week", 7 * MINUTE, "7m"),
        OHLCV_1H_ALL("1h OHLCV, all symbols, whole range", HOUR, "1h"),
        LATEST_QUOTES("latest quote per symbol", 0, null),
        TICKS_HOUR("ticks, one symbol-hour", 0, null);

        final String label;
        final long barMicros;
        final String timeframe;

        Kind(String label, long barMicros, String timeframe) {
            this.label = label;
            this.barMicros = barMicros;
            this.timeframe = timeframe;
        }

        boolean bars() {
            return barMicros > 0;
        }
    }

    /** Run {@code run} of {@code kind} over {@code data}. */
    static Query of(Kind kind, int run, DataSet data) {
        int symbols = data.symbols();
        int symbol = (int) ((run * 7L + 3) % symbols);
        long start = data.startMicros();
        return switch (kind) {
            case OHLCV_1M_DAY -> {
                long day = start + (run % data.days()) * DataSet.MICROS_PER_DAY;
                yield new Query(kind, run, symbol, alignUp(day, kind.barMicros),
                        alignUp(day + DataSet.MICROS_PER_DAY, kind.barMicros));
            }
            case OHLCV_7M_WEEK -> {
                long week = start + (run % (data.days() / 7)) * 7 * DataSet.MICROS_PER_DAY;
                yield new Query(kind, run, symbol, alignUp(week, kind.barMicros),
                        alignUp(week + 7 * DataSet.MICROS_PER_DAY, kind.barMicros));
            }
            case OHLCV_1H_ALL -> new Query(kind, run, -1, alignUp(start, kind.barMicros),
                    alignUp(data.endMicros(), kind.barMicros));
            case LATEST_QUOTES -> new Query(kind, run, -1, start, data.endMicros());
            case TICKS_HOUR -> {
                long hour = start + ((run * 5L + 14) % (data.days() * 24L)) * HOUR;
                yield new Query(kind, run, symbol, hour, hour + HOUR);
            }
        };
    }

    /** The first multiple of {@code step} (counted from the epoch) at or after {@code t}. */
    static long alignUp(long t, long step) {
        return Math.floorDiv(t + step - 1, step) * step;
    }

    /** For messages: {@code 7m OHLCV, one symbol-week (S00003, 2024-01-01T00:04:00Z .. ...)}. */
    String describe(DataSet data) {
        String range = EpochMicros.toIso(from) + " .. " + EpochMicros.toIso(to);
        return kind.label + " (" + (symbol < 0 ? "all symbols" : data.symbol(symbol)) + ", " + range + ", run " + run
                + ")";
    }
}
