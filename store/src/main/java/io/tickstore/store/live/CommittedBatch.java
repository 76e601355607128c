package io.tickstore.store.live;

import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.Quote;
import java.util.List;

/**
 * What one writer commit changed, handed to {@link CommitListener}s after the commit: the bars as
 * now stored, the new quote snapshots, the applied ticks of feeds a listener asked for, the orders'
 * new states (order messages and the effects of fills) and the positions fills changed.
 * Immutable lists; the records are copies owned by the batch.
 */
public record CommittedBatch(long appliedIndex, List<BarUpdate> bars, List<Quote> quotes, List<TickRecord> ticks,
                             List<OrderRecord> orders, List<PositionUpdate> positions) {
}
