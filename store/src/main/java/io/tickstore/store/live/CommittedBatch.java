package io.tickstore.store.live;

import io.tickstore.store.model.TickRecord;
import io.tickstore.store.quotes.Quote;
import java.util.List;

/**
 * What one writer commit changed, handed to {@link CommitListener}s after the commit: the bars as
 * now stored, the new quote snapshots, and the applied ticks of feeds a listener asked for.
 * Immutable lists; the tick records are copies owned by the batch.
 */
public record CommittedBatch(long appliedIndex, List<BarUpdate> bars, List<Quote> quotes, List<TickRecord> ticks) {
}
