package io.tickstore.lifecycle.mirror;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tickstore.config.MirrorConfig;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.TickStore;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.EpochMicros;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TimeInForce;
import io.tickstore.store.pipeline.FrameCompletion;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the mirror's tests share: the machine's real PostgreSQL (127.0.0.1:5432, database {@code test}),
 * a fresh schema per test (dropped after), stores on temporary directories, and messages.
 */
public final class MirrorFixture implements AutoCloseable {
    public static final String URL = "postgresql://postgres@127.0.0.1:5432/test";
    /** 2024-01-02T14:30:00Z. */
    public static final long T0 = EpochMicros.parseIso("2024-01-02T14:30:00Z");

    public final String schema = "mirror_test_" + Long.toHexString(System.nanoTime()) + "_"
            + Integer.toHexString((int) (Math.random() * 0xffff));
    public final PostgresUrl url = PostgresUrl.parse(URL);

    public MirrorConfig config() {
        return MirrorConfig.none().withUrl(URL).withSchema(schema).withMaxBatch(500);
    }

    /** Store defaults on {@code dir}, no scheduled portfolio snapshots, the mirror configured. */
    public TickstoreConfig storeConfig(Path dir) {
        TickstoreConfig d = TickstoreConfig.defaults();
        return d.withDataDir(dir).withPortfolio(d.portfolio().withSnapshotIntervalSeconds(0)).withMirror(config());
    }

    /** A single number from PostgreSQL, in the test's schema. */
    public long pgLong(String sql) throws SQLException {
        try (Connection c = url.jdbc(schema); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public String pgText(String sql) throws SQLException {
        try (Connection c = url.jdbc(schema); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    public void pgExecute(String sql) throws SQLException {
        try (Connection c = url.jdbc(schema); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    public static String duckText(TickStore store, String sql) throws SQLException {
        return store.readers().read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** Publishes one frame and waits for its ack; fails the test when it is refused. */
    public static void publish(TickStore store, IngestMessage... frame) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        FrameCompletion completion = new FrameCompletion() {
            @Override
            public void journaled(int accepted, int duplicates, long journalIndex) {
                done.countDown();
            }

            @Override
            public void rejected(MessageType type, String error) {
                failure.set("rejected: " + error);
                done.countDown();
            }

            @Override
            public void failed(String reason) {
                failure.set(reason);
                done.countDown();
            }
        };
        while (!store.pipeline().tryPublish(frame, frame.length, completion)) {
            Thread.sleep(1);
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "no ack within 30 s");
        if (failure.get() != null) {
            fail("frame refused: " + failure.get());
        }
    }

    public static IngestMessage tick(String exchange, String symbol, long seq, String price, String size) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TICK;
        m.tick.exchange = exchange;
        m.tick.symbol = symbol;
        m.tick.timestamp = T0 + seq * 1_000_000L;
        m.tick.bidPrice = Decimal8.parse(price) - 1;
        m.tick.askPrice = Decimal8.parse(price) + 1;
        m.tick.lastPrice = Decimal8.parse(price);
        m.tick.lastSize = Decimal8.parse(size);
        m.tick.sequenceNumber = seq;
        m.tick.conditions = "@F";
        return m;
    }

    public static IngestMessage[] ticks(String exchange, String symbol, long fromSeq, int count) {
        List<IngestMessage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = fromSeq + i;
            out.add(tick(exchange, symbol, seq, "100." + String.format("%08d", seq % 100_000_000), "0.0" + (seq % 9 + 1)));
        }
        return out.toArray(new IngestMessage[0]);
    }

    /** A submitted limit buy of {@code quantity} at 100 on NASDAQ AAPL, strategy s1. */
    public static IngestMessage order(String orderId, String quantity) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.ORDER;
        m.order.orderId = orderId;
        m.order.exchange = "NASDAQ";
        m.order.symbol = "AAPL";
        m.order.strategyId = "s1";
        m.order.side = Side.BUY;
        m.order.orderType = OrderType.LIMIT;
        m.order.timeInForce = TimeInForce.DAY;
        m.order.quantity = Decimal8.parse(quantity);
        m.order.price = Decimal8.parse("100");
        m.order.status = OrderStatus.SUBMITTED;
        m.order.createdAt = T0;
        m.order.updatedAt = T0;
        return m;
    }

    public static IngestMessage fill(String tradeId, String orderId, String quantity, String price) {
        IngestMessage m = new IngestMessage();
        m.type = MessageType.TRADE;
        m.trade.tradeId = tradeId;
        m.trade.orderId = orderId;
        m.trade.exchange = "NASDAQ";
        m.trade.symbol = "AAPL";
        m.trade.side = Side.BUY;
        m.trade.quantity = Decimal8.parse(quantity);
        m.trade.price = Decimal8.parse(price);
        m.trade.executedAt = T0 + 10_000_000L;
        m.trade.commission = Decimal8.parse("0.01");
        return m;
    }

    public static void until(BooleanSupplier condition, Supplier<String> what, long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + seconds + " s waiting for " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = url.jdbc(null); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
