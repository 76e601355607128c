package io.tickstore.store.dedupe;

import io.tickstore.store.journal.Journal;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.orders.OrderBook;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-time migration of a data directory written by a build before deduplication snapshots:
 * builds the {@link DedupeState} from every row DuckDB stores ({@code market_ticks},
 * {@code trades}, {@code orders}) and writes the first {@link DedupeSnapshot} at once. Start-up runs
 * it only when there is no snapshot, so it runs once per data directory; afterwards start-up never
 * scans the stored rows again. (In a new data directory it finds no rows and writes an empty
 * snapshot.)
 */
public final class DedupeFromDuckDb {
    private static final Logger LOG = LoggerFactory.getLogger(DedupeFromDuckDb.class);

    private DedupeFromDuckDb() {
    }

    /**
     * Builds the state from DuckDB's rows and writes it as the snapshot of {@code appliedIndex}.
     *
     * @param db           a connection on the store's DuckDB file (nothing else writes meanwhile)
     * @param appliedIndex the journal index DuckDB holds every row up to (its applied index): the rows
     *                     are the state as of that index, and start-up replays the journal after it
     */
    public static DedupeState migrate(Connection db, long appliedIndex, Path dataDir, GapLog gapLog)
            throws SQLException, IOException {
        long start = System.nanoTime();
        DedupeState state = new DedupeState(new Deduplicator(gapLog), new OrderBook(), appliedIndex, Journal.NONE);
        Deduplicator d = state.deduplicator();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT exchange, symbol, min(sequence_number), max(sequence_number), "
                     + "count(*) FROM market_ticks GROUP BY exchange, symbol")) {
            while (rs.next()) {
                String exchange = rs.getString(1);
                String symbol = rs.getString(2);
                long min = rs.getLong(3);
                long max = rs.getLong(4);
                if (max - min + 1 == rs.getLong(5)) {
                    d.restoreTickRange(exchange, symbol, min, max);
                } else {
                    restoreSparseFeed(db, d, exchange, symbol);
                }
            }
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT trade_id FROM trades")) {
            while (rs.next()) {
                d.restoreTrade(rs.getString(1));
            }
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(OrderRecord.SELECT_STORED)) {
            OrderRecord o = new OrderRecord();
            while (rs.next()) {
                o.readStored(rs);
                state.orders().restore(o);
            }
        }
        DedupeSnapshot.write(dataDir, state);
        LOG.info("deduplication state built from DuckDB once (no snapshot yet): {} feeds, {} trade ids, {} orders "
                        + "as of journal index {} in {} ms; written to {}", d.feedCount(), d.tradeIdCount(),
                state.orders().size(), appliedIndex, (System.nanoTime() - start) / 1_000_000,
                DedupeSnapshot.file(dataDir));
        return state;
    }

    private static void restoreSparseFeed(Connection db, Deduplicator d, String exchange, String symbol)
            throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT sequence_number FROM market_ticks WHERE exchange = ? AND symbol = ?")) {
            p.setString(1, exchange);
            p.setString(2, symbol);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    d.restoreTick(exchange, symbol, rs.getLong(1));
                }
            }
        }
    }
}
