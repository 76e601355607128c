package io.tickstore.store.pipeline;

import com.lmax.disruptor.EventHandler;
import io.tickstore.store.hot.HotTier;

/**
 * The ring's second handler, right behind the journaller: applies every journaled message to the hot
 * tier and makes it visible at the end of each Disruptor batch; when the ring goes quiet it hands the
 * live stream what is pending. It never touches DuckDB, so nothing here waits on a disk. Clears each
 * slot after use (the last handler).
 */
final class HotApplier implements EventHandler<IngestEvent> {
    private final HotTier hot;

    HotApplier(HotTier hot) {
        this.hot = hot;
    }

    @Override
    public void onEvent(IngestEvent e, long sequence, boolean endOfBatch) {
        try {
            if (e.accepted) {
                hot.apply(e.message, e.journalIndex);
                if (e.hasEffect) {
                    hot.apply(e.effect, e.effectJournalIndex);
                }
            }
        } finally {
            e.clear();
        }
        if (endOfBatch) {
            hot.publish();
        }
    }

    @Override
    public void onTimeout(long sequence) {
        hot.flushLive();
    }

    @Override
    public void onShutdown() {
        hot.publish();
        hot.flushLive();
    }
}
