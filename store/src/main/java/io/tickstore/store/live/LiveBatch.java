package io.tickstore.store.live;

import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.Quote;
import java.util.List;

/**
 * What the hot tier made queryable since the last batch, handed to the {@link LiveListener}: the bars
 * as now held, the new quote snapshots, the ticks of feeds the listener asked for, the orders' new
 * states (order messages and the effects of fills) and the positions fills changed. {@code appliedIndex}
 * is the journal index of the last message included. Immutable lists; the records are copies owned by
 * the batch.
 */
public record LiveBatch(long appliedIndex, List<BarUpdate> bars, List<Quote> quotes, List<TickRecord> ticks,
                        List<OrderRecord> orders, List<PositionUpdate> positions) {
}
