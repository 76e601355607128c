package io.tickstore.store.read;

import io.tickstore.store.cold.ColdTable;
import io.tickstore.store.cold.RemoteColdFiles;
import io.tickstore.store.cold.TieredTable;
import io.tickstore.store.hot.HotTier;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.quotes.LatestQuotes;
import java.nio.file.Path;
import java.util.Collection;

/**
 * The store-side readers, one per kind: each answers a range from the tiers that hold it, by one merge
 * rule (see {@link HotTier}), so a range spanning tiers answers exactly as one tier would. The HTTP
 * layer parses, calls one of these, renders; it holds no SQL.
 */
public final class StoreReaders {
    private final HotTier hot;
    private final TickReader ticks;
    private final BarReader bars;
    private final OrderReader orders;
    private final TradeReader trades;
    private final PositionChangeReader positionChanges;
    private final PortfolioSnapshotReader portfolioSnapshots;

    /**
     * {@code coldDir}: the cold tier's directory, which the manifest's paths are relative to;
     * {@code remote}: where files of partitions only in S3 come from.
     */
    public StoreReaders(HotTier hot, ReaderPool pool, Path coldDir, RemoteColdFiles remote) {
        this.hot = hot;
        TieredTable storedTicks = new TieredTable(ColdTable.MARKET_TICKS, coldDir, remote);
        EarliestLocal earliest = hot.earliestLocal();
        this.ticks = new TickReader(hot.ticks(), hot.lateTicks(), pool, storedTicks, earliest);
        this.bars = new BarReader(hot.bars(), hot.ticks(), hot.lateTicks(), pool, storedTicks, earliest);
        this.orders = new OrderReader(hot.orders(), pool, earliest);
        this.trades = new TradeReader(hot.trades(), pool, earliest);
        this.positionChanges = new PositionChangeReader(hot.positionChanges(), pool, earliest);
        this.portfolioSnapshots = new PortfolioSnapshotReader(hot.portfolioSnapshots(), pool, earliest);
    }

    /**
     * Hybrid reads: the ticks, bars, orders, fills, position history and portfolio snapshot readers
     * answer the part of a range before the earliest row the local tiers hold of its table
     * ({@link #earliestLocal}) from {@code older}. Set once, before queries are served.
     */
    public void olderFrom(OlderHistory older) {
        ticks.olderFrom(older);
        bars.olderFrom(older);
        orders.olderFrom(older);
        trades.olderFrom(older);
        positionChanges.olderFrom(older);
        portfolioSnapshots.olderFrom(older);
    }

    /** The earliest time of each history table the local tiers hold: where hybrid reads split a range. */
    public EarliestLocal earliestLocal() {
        return hot.earliestLocal();
    }

    public TickReader ticks() {
        return ticks;
    }

    public BarReader bars() {
        return bars;
    }

    /** Latest quote per feed: the hot tier holds every feed's. */
    public LatestQuotes quotes() {
        return hot.quotes();
    }

    public OrderReader orders() {
        return orders;
    }

    public TradeReader trades() {
        return trades;
    }

    /** The current positions, in (exchange, symbol, strategy_id) order: the hot tier holds them all. */
    public Collection<PositionUpdate> positions() {
        return hot.positions();
    }

    public PositionChangeReader positionChanges() {
        return positionChanges;
    }

    public PortfolioSnapshotReader portfolioSnapshots() {
        return portfolioSnapshots;
    }
}
