package io.tickstore.store.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tickstore.config.PortfolioConfig;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.Side;
import io.tickstore.store.schema.SchemaMigrator;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A snapshot mark values positions with the prices of the messages before it, in the same batch too. */
class SnapshotPriceTest {
    @TempDir
    Path dir;

    @Test
    void aSnapshotMarkSeesTheBatchsOwnTradePrice() throws Exception {
        try (DuckDBConnection db = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("s.duckdb"))) {
            SchemaMigrator.migrate(db);
            DuckDbApplier applier = new DuckDbApplier(db, new PortfolioConfig(new BigDecimal("1000"), 1));
            long t0 = 1_704_186_000_000_000L;
            IngestMessage mark = new IngestMessage();
            mark.portfolioSnapshot(t0); // the first mark: a snapshot of the (empty) portfolio at t0
            applier.apply(mark, 0);

            // One batch: buy 10 @ 5, then a trade tick at 7 (the latest price).
            IngestMessage fill = new IngestMessage();
            fill.type = MessageType.TRADE;
            fill.trade.tradeId = "t1";
            fill.trade.orderId = "o1";
            fill.trade.exchange = "X";
            fill.trade.symbol = "AAA";
            fill.trade.side = Side.BUY;
            fill.trade.quantity = Decimal8.parse("10");
            fill.trade.price = Decimal8.parse("5");
            fill.trade.executedAt = 1_704_186_000_000_000L;
            applier.apply(fill, 1);
            IngestMessage tick = new IngestMessage();
            tick.type = MessageType.TICK;
            tick.tick.exchange = "X";
            tick.tick.symbol = "AAA";
            tick.tick.timestamp = 1_704_186_000_000_001L;
            tick.tick.sequenceNumber = 1;
            tick.tick.lastPrice = Decimal8.parse("7");
            tick.tick.lastSize = Decimal8.parse("1");
            applier.apply(tick, 2);
            mark.portfolioSnapshot(t0 + 1_100_000); // past the next snapshot time
            applier.apply(mark, 3);
            applier.commit();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT cash::VARCHAR, positions_value::VARCHAR, equity::VARCHAR FROM portfolio_snapshots "
                            + "ORDER BY snapshot_time DESC LIMIT 1")) {
                rs.next();
                assertEquals("950.0000000000000000", rs.getString(1), "1000 - 10 x 5");
                assertEquals("70.0000000000000000", rs.getString(2), "10 x 7, the batch's own trade price, not 5");
                assertEquals("1020.0000000000000000", rs.getString(3));
            }
            applier.close();
        }
    }
}
