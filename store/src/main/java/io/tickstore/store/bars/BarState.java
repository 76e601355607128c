package io.tickstore.store.bars;

import io.tickstore.store.model.Decimal8;

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
