package io.tickstore.store.read;

import static io.tickstore.store.StoreFixture.awaitDrained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.config.TickstoreConfig;
import io.tickstore.store.Eventually;
import io.tickstore.store.FrameOutcomes;
import io.tickstore.store.StoreFixture;
import io.tickstore.store.TickStore;
import io.tickstore.store.bars.BarHistory;
import io.tickstore.store.bars.BarState;
import io.tickstore.store.bars.Timeframe;
import io.tickstore.store.hot.UnstoredLog;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TickRecord;
import io.tickstore.store.model.TimeInForce;
import io.tickstore.store.model.TradeRecord;
import io.tickstore.store.positions.PortfolioSnapshot;
import io.tickstore.store.positions.PositionChange;
import io.tickstore.store.positions.PositionUpdate;
import io.tickstore.store.sink.SinkState;
import io.tickstore.store.ticks.TickHistory;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The store's one merge rule, end to end: while DuckDB lags behind the journal (its sink cannot commit),
 * every reader answers a range that spans DuckDB, memory and the rows the hot tier keeps — late ticks
 * into old bars, order updates, fills, portfolio snapshots — exactly as it answers once DuckDB has
 * stored everything. With tick memory off every tick read merges DuckDB and kept ticks; with one bar
 * per series in memory every older bar does.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TieredReadTest {
    private static final long T0 = 1_704_186_000_000_000L; // 2024-01-02T09:00:00Z
    private static final long MIN = 60_000_000L;
    private static final long FAR_AHEAD = 4_070_908_800_000_000L; // 2099-01-01T00:00:00Z
    private static final String X = "TIER";
    private static final String[] SYMBOLS = {"AAA", "BBB"};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "tick memory {0} MiB, bar memory {1} days")
    @CsvSource({"0, 0", "1024, 0", "1024, 31"})
    void everyReaderAnswersTheSameWhileDuckDbLagsAndOnceItHasCaughtUp(int tickMemoryMb, int barMemoryDays)
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed=" + seed + "L";
        TickstoreConfig base = StoreFixture.config(dir);
        TickstoreConfig config = base
                .withQuery(base.query().withTickMemoryMb(tickMemoryMb).withBarMemoryDays(barMemoryDays))
                .withPortfolio(base.portfolio().withSnapshotIntervalSeconds(3600)
                        .withStartingCash(new java.math.BigDecimal("100000")));
        long[] sequence = new long[SYMBOLS.length];
        try (TickStore store = StoreFixture.open(config, new SimpleMeterRegistry())) {
            publish(store, ticks(random, sequence, 600, T0, 3 * 60 * MIN));
            publish(store, orders(0, 6));
            publish(store, fills(random, 0, 6, T0 + 30 * MIN));
            awaitDrained(store);
        }
        // Restarted: memory starts from what DuckDB holds; then DuckDB stops committing.
        try (TickStore store = StoreFixture.open(config, new SimpleMeterRegistry())) {
            store.awaitTickPreload(60, TimeUnit.SECONDS);
            execute(store, "ALTER TABLE feed_state RENAME TO feed_state_away");
            publish(store, ticks(random, sequence, 200, T0 + 3 * 60 * MIN, 60 * MIN));
            List<IngestMessage> late = ticks(random, sequence, 120, T0, 3 * 60 * MIN); // into the restored hours
            publish(store, late);
            publish(store, orders(6, 4));
            publish(store, updates());
            publish(store, fills(random, 6, 4, T0 + 200 * MIN).stream()
                    .filter(m -> !m.trade.orderId.equals("o-7")).toList()); // o-7 was cancelled
            // A snapshot mark for a time far ahead: then the live schedule has nothing due during the test.
            publish(store, List.of(mark(FAR_AHEAD)));
            Eventually.until(store.pipeline()::drained, () -> "the hot tier to apply every frame");
            Eventually.until(() -> store.warm().state() == SinkState.RETRYING, () -> "the DuckDB sink to fail");
            assertTrue(store.warm().sink().appliedIndex() < store.journal().lastIndex(), "premise: DuckDB lags");
            assertTrue(store.hot().orders().size() > 0 && store.hot().trades().size() > 0
                    && store.hot().unstoredBytes() > 0, "premise: the hot tier keeps what DuckDB lacks");

            Answers whileLagging = Answers.of(store);
            execute(store, "ALTER TABLE feed_state_away RENAME TO feed_state");
            awaitDrained(store);
            Answers stored = Answers.of(store);
            assertEquals(600 + 200 + 120, stored.ticks.size(), context);
            assertEquals(stored.ticks, stored.pagedTicks, "pages add up to the whole; " + context);
            assertEquals(10, stored.orders.stream().filter(o -> !o.startsWith("submitted")).count(), stored.toString());
            assertEquals(9, stored.trades.size(), stored.toString());
            assertTrue(stored.snapshots.size() >= 1, stored.toString());
            stored.assertSameAs(whileLagging, "while DuckDB lagged; " + context);
        }
        // And the same again after a restart, from DuckDB and memory rebuilt from it.
        try (TickStore store = StoreFixture.open(config, new SimpleMeterRegistry())) {
            store.awaitTickPreload(60, TimeUnit.SECONDS);
            assertEquals(920, Answers.of(store).ticks.size(), context);
        }
    }

    /** What every reader answers, as comparable text. */
    record Answers(List<String> ticks, List<String> pagedTicks, List<String> bars, List<String> orders,
                   List<String> trades, List<String> changes, List<String> snapshots, List<String> positions) {
        static Answers of(TickStore store) throws Exception {
            StoreReaders r = store.read();
            List<String> ticks = new ArrayList<>();
            List<String> paged = new ArrayList<>();
            List<String> bars = new ArrayList<>();
            for (String symbol : SYMBOLS) {
                TickHistory.Ticks all = new TickHistory.Ticks();
                r.ticks().read(X, symbol, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE, 100_000, all, new TiersAnswered());
                for (int i = 0; i < all.size; i++) {
                    ticks.add(symbol + " " + tick(all, i));
                }
                // The same ticks page by page, 37 at a time, following the last key like a cursor.
                long afterTime = Long.MIN_VALUE;
                long afterSequence = Long.MIN_VALUE;
                TickHistory.Ticks page = new TickHistory.Ticks();
                do {
                    r.ticks().read(X, symbol, T0 - 60 * MIN, T0 + 5 * 60 * MIN, afterTime, afterSequence, 37, page, new TiersAnswered());
                    for (int i = 0; i < page.size; i++) {
                        paged.add(symbol + " " + tick(page, i));
                    }
                    if (page.size > 0) {
                        afterTime = page.timestamp(page.size - 1);
                        afterSequence = page.sequenceNumber(page.size - 1);
                    }
                } while (page.size == 37);
                for (Timeframe tf : Timeframe.STANDARD) {
                    BarHistory.Bars b = new BarHistory.Bars();
                    r.bars().stored(X, symbol, tf, T0 - 86_400_000_000L, T0 + 86_400_000_000L, 100_000, b, new TiersAnswered());
                    for (int i = 0; i < b.size; i++) {
                        bars.add(symbol + " " + tf.label() + " " + bar(b, i));
                    }
                }
                for (BarState b : r.bars().fromTrades(X, symbol, 90_000_000L, T0 - MIN, T0 + 6 * 60 * MIN, 100_000, new TiersAnswered())) {
                    bars.add(symbol + " 90s " + b.bucketStart + " " + b.open + " " + b.high + " " + b.low + " "
                            + b.close + " " + b.volume.toBigDecimal(8) + " " + b.tradeCount);
                }
            }
            List<String> orders = new ArrayList<>();
            for (OrderRecord o : r.orders().page(new OrderReader.Query(null, null, null, null, Long.MIN_VALUE,
                    Long.MAX_VALUE, 0, null), 1_000, new TiersAnswered())) {
                orders.add(order(o));
                assertEquals(order(o), order(r.orders().one(o.orderId)), "one order = the listed state");
            }
            for (OrderRecord o : r.orders().page(new OrderReader.Query(X, "AAA", null,
                    List.of(OrderStatus.SUBMITTED.text()), Long.MIN_VALUE, Long.MAX_VALUE, 0, null), 1_000, new TiersAnswered())) {
                orders.add("submitted " + order(o));
            }
            List<String> trades = new ArrayList<>();
            for (UnstoredLog.Entry<TradeRecord> e : r.trades().page(new TradeReader.Query(null, X, null, null,
                    Long.MIN_VALUE, Long.MAX_VALUE, false, 0, 0), 1_000, new TiersAnswered())) {
                TradeRecord t = e.row();
                trades.add(e.journalIndex() + " " + t.tradeId + " " + t.orderId + " " + t.quantity + "@" + t.price
                        + " " + t.executedAt);
            }
            List<String> changes = new ArrayList<>();
            for (PositionChange c : r.positionChanges().page(new PositionChangeReader.Query(X, null, null,
                    Long.MIN_VALUE, Long.MAX_VALUE, false, 0, 0), 1_000, new TiersAnswered())) {
                changes.add(c.toString());
            }
            List<String> snapshots = new ArrayList<>();
            for (PortfolioSnapshot s : r.portfolioSnapshots().page(new PortfolioSnapshotReader.Query(Long.MIN_VALUE,
                    Long.MAX_VALUE, null, 0, null), 1_000, new TiersAnswered())) {
                snapshots.add(s.toString());
            }
            List<String> positions = new ArrayList<>();
            for (PositionUpdate p : r.positions()) {
                positions.add(p.toString());
            }
            return new Answers(ticks, paged, bars, orders, trades, changes, snapshots, positions);
        }

        /** Part by part, naming the first difference (the whole answers are too long to read in a failure). */
        void assertSameAs(Answers other, String context) {
            same("ticks", ticks, other.ticks, context);
            same("paged ticks", pagedTicks, other.pagedTicks, context);
            same("bars", bars, other.bars, context);
            same("orders", orders, other.orders, context);
            same("trades", trades, other.trades, context);
            same("position changes", changes, other.changes, context);
            same("portfolio snapshots", snapshots, other.snapshots, context);
            same("positions", positions, other.positions, context);
        }

        private static void same(String what, List<String> expected, List<String> actual, String context) {
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                assertEquals(expected.get(i), actual.get(i), what + " #" + i + " of " + expected.size() + " / "
                        + actual.size() + "; " + context);
            }
            assertEquals(expected.size(), actual.size(), what + ": " + (expected.size() > actual.size()
                    ? "missing " + expected.subList(actual.size(), expected.size())
                    : "extra " + actual.subList(expected.size(), actual.size())) + "; " + context);
        }

        private static String tick(TickHistory.Ticks t, int i) {
            TickRecord r = new TickRecord();
            t.copyTo(i, r);
            return r.timestamp + " " + r.sequenceNumber + " " + r.bidPrice + " " + r.askPrice + " " + r.lastPrice
                    + " " + r.lastSize + " " + r.conditions;
        }

        private static String bar(BarHistory.Bars b, int i) {
            return b.bucket[i] + " " + b.open[i] + " " + b.high[i] + " " + b.low[i] + " " + b.close[i] + " "
                    + b.volume(i) + " " + b.priceVolume(i) + " " + b.tradeCount[i];
        }

        private static String order(OrderRecord o) {
            return o.orderId + " " + o.status + " " + o.filledQuantity + " " + o.averageFillPrice + " " + o.createdAt
                    + " " + o.updatedAt;
        }
    }

    private static void execute(TickStore store, String sql) throws Exception {
        store.readers().read(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(sql);
            }
        });
    }

    private static void publish(TickStore store, List<IngestMessage> messages) {
        FrameOutcomes outcomes = new FrameOutcomes();
        int frames = 0;
        for (int i = 0; i < messages.size(); i += 25) {
            IngestMessage[] frame = messages.subList(i, Math.min(messages.size(), i + 25)).toArray(IngestMessage[]::new);
            while (!store.pipeline().tryPublish(frame, frame.length, outcomes.frame(frames))) {
                Thread.onSpinWait();
            }
            frames++;
        }
        for (FrameOutcomes.Outcome o : outcomes.await(frames)) {
            assertTrue(o.journaled() && o.duplicates() == 0, o.toString());
        }
    }

    /** {@code n} ticks in [start, start + span), symbols alternating, each symbol's sequence numbers in turn. */
    private static List<IngestMessage> ticks(Random random, long[] sequence, int n, long start, long span) {
        List<IngestMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int s = i % SYMBOLS.length;
            IngestMessage m = new IngestMessage();
            m.type = MessageType.TICK;
            TickRecord t = m.tick;
            t.exchange = X;
            t.symbol = SYMBOLS[s];
            t.sequenceNumber = ++sequence[s];
            t.timestamp = start + random.nextLong(span);
            if (i % 5 == 0) {
                t.bidPrice = Decimal8.parse("100") + random.nextInt(1_000_000);
                t.askPrice = t.bidPrice + 7;
            } else {
                t.lastPrice = Decimal8.parse("100") + random.nextInt(100_000_000);
                t.lastSize = 1 + random.nextLong(50_00000000L);
                t.conditions = i % 3 == 0 ? "@F" : null;
            }
            out.add(m);
        }
        return out;
    }

    private static List<IngestMessage> orders(int first, int n) {
        List<IngestMessage> out = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            IngestMessage m = new IngestMessage();
            m.type = MessageType.ORDER;
            OrderRecord o = m.order;
            o.orderId = "o-" + i;
            o.exchange = X;
            o.symbol = SYMBOLS[i % 2];
            o.side = i % 3 == 0 ? Side.SELL : Side.BUY;
            o.orderType = OrderType.LIMIT;
            o.timeInForce = TimeInForce.GTC;
            o.quantity = Decimal8.parse("10");
            o.price = Decimal8.parse("101");
            o.status = OrderStatus.SUBMITTED;
            o.createdAt = T0 + i * MIN;
            o.updatedAt = T0 + i * MIN;
            out.add(m);
        }
        return out;
    }

    /** Order o-1 (stored before) is cancelled; o-7 (not stored yet) too. */
    private static List<IngestMessage> updates() {
        List<IngestMessage> out = new ArrayList<>();
        for (String id : new String[] {"o-1", "o-7"}) {
            IngestMessage m = orders(Integer.parseInt(id.substring(2)), 1).get(0);
            m.order.status = OrderStatus.CANCELLED;
            m.order.updatedAt = T0 + 300 * MIN;
            out.add(m);
        }
        return out;
    }

    /** One fill of 2 for each order {@code first..first + n - 1}. */
    private static List<IngestMessage> fills(Random random, int first, int n, long at) {
        List<IngestMessage> out = new ArrayList<>();
        for (int i = first; i < first + n; i++) {
            IngestMessage m = new IngestMessage();
            m.type = MessageType.TRADE;
            TradeRecord t = m.trade;
            t.tradeId = "t-" + i;
            t.orderId = "o-" + i;
            t.exchange = X;
            t.symbol = SYMBOLS[i % 2];
            t.side = i % 3 == 0 ? Side.SELL : Side.BUY;
            t.quantity = Decimal8.parse("2");
            t.price = Decimal8.parse("100") + random.nextInt(100_000_000);
            t.executedAt = at + i;
            t.fees = Decimal8.parse("0.01");
            out.add(m);
        }
        return out;
    }

    private static IngestMessage mark(long at) {
        IngestMessage m = new IngestMessage();
        m.portfolioSnapshot(at);
        return m;
    }
}
