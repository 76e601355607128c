package io.tickstore.store.orders;

import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.TradeRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fill whose journaling was cut short. The journaller appends a fill's trade and then, as a message
 * of its own, the state the fill gave its order; a process killed between the two appends (or an
 * append that threw, which stops ingest until a restart) leaves a journal that ends with the trade.
 * Its frame was never acked, so the feed sends it again — but replay has stored the trade and made it
 * known to the deduplicator, so the re-sent fill is a duplicate and nothing would ever move the order
 * on: it would stay submitted beside its own fill, in memory, in DuckDB and in every later sink.
 *
 * <p>At start-up, after the replay and before ingest starts, {@link #complete} journals that state.
 * Only the journal's last message can be such a trade: every other trade has its order's state right
 * behind it. The order book holds the order as it was before the fill, since a book changes an
 * order only by order messages (a fill's state is one), so applying the fill again gives the state the
 * journaller would have appended.
 */
public final class InterruptedFill {
    private static final Logger LOG = LoggerFactory.getLogger(InterruptedFill.class);

    private InterruptedFill() {
    }

    /**
     * When the journal's last message, {@code lastIndex}, is a trade, applies its fill to
     * {@code orders}, journals the order's new state and leaves it in {@code holder}; returns its
     * index, or {@link Journal#NONE} when the journal ends otherwise. A fill the book refuses (a
     * journal this store's journaller did not write) is logged and left as it is.
     */
    public static long complete(Journal journal, long lastIndex, OrderBook orders, IngestMessage holder) {
        if (lastIndex == Journal.NONE) {
            return Journal.NONE;
        }
        journal.read(lastIndex, holder);
        if (holder.type != MessageType.TRADE) {
            return Journal.NONE;
        }
        TradeRecord trade = new TradeRecord();
        trade.copyFrom(holder.trade);
        holder.clear();
        holder.type = MessageType.ORDER;
        try {
            orders.admitFill(trade, holder.order);
        } catch (Rejection r) {
            orders.rollbackFrame();
            LOG.error("the journal ends with trade {} (index {}) without its order's new state, and the order book "
                    + "refuses the fill: {}; the order is left as it is", trade.tradeId, lastIndex, r.getMessage());
            return Journal.NONE;
        }
        orders.commitFrame();
        long index = journal.append(holder);
        journal.releaseAppender();
        LOG.warn("the journal ended with trade {} (index {}) without its order's new state (the process stopped "
                + "between the two appends); journaled it: order {} {} at index {}", trade.tradeId, lastIndex,
                holder.order.orderId, holder.order.status.text(), index);
        return index;
    }
}
