package io.tickstore.store.bars;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.Int128;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One OHLCV bar as mergeable state. Open and close remember the (timestamp, sequence_number,
 * journal_index) of the trade that set them, so merging in any order — including late ticks —
 * gives the bar a direct computation over the ticks gives: open = price of the earliest trade by
 * (timestamp, then sequence_number, then arrival), close = the latest by the same order, high, low,
 * volume = Σ size, price_volume = Σ price × size (units of 1e-16), trade_count.
 * Mutable and reused; single-threaded.
 */
public final class BarState {
    public long bucketStart;
    /** Index into {@link Timeframe#STANDARD}; -1 when the bar is not one the writer keeps. */
    int timeframe = -1;
    /** Writer bookkeeping: the batch changes this bar; it traded in this batch; its stored state must be merged in. */
    boolean inBatch;
    boolean traded;
    boolean needsLoad;
    /** The bar has a row in ohlcv_bars (so a write replaces it; a new bar is appended). */
    boolean stored;
    boolean complete;
    public long open;
    public long openTime;
    public long openSequence;
    public long openJournalIndex;
    public long close;
    public long closeTime;
    public long closeSequence;
    public long closeJournalIndex;
    public long high;
    public long low;
    /** Σ size in units of 1e-8. */
    public final Int128 volume = new Int128();
    /** Σ price × size in units of 1e-16. */
    public final Int128 priceVolume = new Int128();
    public long tradeCount;

    void start(int timeframe, long bucketStart, boolean needsLoad) {
        clear(bucketStart);
        this.timeframe = timeframe;
        this.needsLoad = needsLoad;
        this.stored = false;
    }

    public void clear(long bucketStart) {
        this.bucketStart = bucketStart;
        tradeCount = 0;
        volume.clear();
        priceVolume.clear();
        high = Long.MIN_VALUE;
        low = Long.MAX_VALUE;
        complete = false;
    }

    /**
     * Reads a stored {@code ohlcv_bars} row into this bar, keeping its bucket: 13 columns from
     * {@code first}, in the order open, high, low, close, volume, price_volume, trade_count,
     * epoch_us(open_time), open_sequence, open_journal_index, epoch_us(close_time), close_sequence,
     * close_journal_index. The one mapping of a stored bar, shared by the writer and the readers.
     */
    public void readStored(ResultSet rs, int first) throws SQLException {
        open = Decimal8.fromBigDecimal(rs.getBigDecimal(first));
        high = Decimal8.fromBigDecimal(rs.getBigDecimal(first + 1));
        low = Decimal8.fromBigDecimal(rs.getBigDecimal(first + 2));
        close = Decimal8.fromBigDecimal(rs.getBigDecimal(first + 3));
        volume.set(rs.getBigDecimal(first + 4), 8);
        priceVolume.set(rs.getBigDecimal(first + 5), 16);
        tradeCount = rs.getLong(first + 6);
        openTime = rs.getLong(first + 7);
        openSequence = rs.getLong(first + 8);
        openJournalIndex = rs.getLong(first + 9);
        closeTime = rs.getLong(first + 10);
        closeSequence = rs.getLong(first + 11);
        closeJournalIndex = rs.getLong(first + 12);
    }

    /** Merges one trade: {@code price} and {@code size} in {@link Decimal8} units. */
    public void addTrade(long price, long size, long time, long sequence, long journalIndex) {
        if (tradeCount == 0 || before(time, sequence, journalIndex, openTime, openSequence, openJournalIndex)) {
            open = price;
            openTime = time;
            openSequence = sequence;
            openJournalIndex = journalIndex;
        }
        if (tradeCount == 0 || before(closeTime, closeSequence, closeJournalIndex, time, sequence, journalIndex)) {
            close = price;
            closeTime = time;
            closeSequence = sequence;
            closeJournalIndex = journalIndex;
        }
        if (price > high) {
            high = price;
        }
        if (price < low) {
            low = price;
        }
        volume.add(size);
        priceVolume.addProduct(price, size);
        tradeCount++;
    }

    /** Merges another partial bar of the same bucket. */
    public void merge(BarState o) {
        if (o.tradeCount == 0) {
            return;
        }
        complete |= o.complete;
        if (tradeCount == 0 || before(o.openTime, o.openSequence, o.openJournalIndex, openTime, openSequence, openJournalIndex)) {
            open = o.open;
            openTime = o.openTime;
            openSequence = o.openSequence;
            openJournalIndex = o.openJournalIndex;
        }
        if (tradeCount == 0 || before(closeTime, closeSequence, closeJournalIndex, o.closeTime, o.closeSequence, o.closeJournalIndex)) {
            close = o.close;
            closeTime = o.closeTime;
            closeSequence = o.closeSequence;
            closeJournalIndex = o.closeJournalIndex;
        }
        high = Math.max(high, o.high);
        low = Math.min(low, o.low);
        volume.add(o.volume);
        priceVolume.add(o.priceVolume);
        tradeCount += o.tradeCount;
    }

    /** Strict order on (time, sequence, journal index). */
    static boolean before(long t1, long s1, long j1, long t2, long s2, long j2) {
        if (t1 != t2) {
            return t1 < t2;
        }
        if (s1 != s2) {
            return s1 < s2;
        }
        return j1 < j2;
    }
}
