package io.tickstore.server;

import static io.tickstore.server.StreamClient.is;
import static io.tickstore.server.StreamClient.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tickstore.store.live.BarUpdate;
import io.tickstore.store.model.EpochMicros;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /ws/stream} against a real server: trades and quotes ingested over {@code /ws/ingest} are
 * pushed after the commit, and what is pushed is what is stored (bars to the decimal, with
 * completion and revisions; ticks; quotes).
 */
class StreamPushTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Vertx vertx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await();
        server.close();
    }

    @Test
    void subscribedRepliesEchoTheSubscription() throws Exception {
        try (StreamClient s = StreamClient.connect(vertx, server.port())) {
            assertEquals("{\"type\":\"subscribed\",\"channel\":\"bars\",\"exchange\":\"ECHO\",\"symbol\":\"A B\",\"timeframe\":\"15m\"}",
                    s.request(StreamClient.op("subscribe", "bars", "ECHO", "A B", "15m")).get("_raw"));
            assertEquals("{\"type\":\"subscribed\",\"channel\":\"ticks\",\"exchange\":\"ECHO\",\"symbol\":\"A\"}",
                    s.request(StreamClient.op("subscribe", "ticks", "ECHO", "A", null)).get("_raw"));
            assertEquals("{\"type\":\"unsubscribed\",\"channel\":\"bars\",\"exchange\":\"ECHO\",\"symbol\":\"A B\",\"timeframe\":\"15m\"}",
                    s.request(StreamClient.op("unsubscribe", "bars", "ECHO", "A B", "15m")).get("_raw"));
            // Op and channel are matched in any letter case and echoed in lower case.
            assertEquals("{\"type\":\"subscribed\",\"channel\":\"quotes\",\"exchange\":\"ECHO\",\"symbol\":\"A\"}",
                    s.request("{\"op\":\"Subscribe\",\"channel\":\"QUOTES\",\"exchange\":\"ECHO\",\"symbol\":\"A\"}")
                            .get("_raw"));
        }
    }

    @Test
    void pushedBarsTicksAndQuotesEqualWhatIsStored() throws Exception {
        String ex = "EQ";
        String sym = "AAPL";
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            s.subscribe("bars", ex, sym, "1m");
            s.subscribe("ticks", ex, sym, null);
            s.subscribe("quotes", ex, sym, null);

            ingest(in, "[" + trade(ex, sym, "14:30:05", "100.5", "2", 1).replace("}", ",\"bid_price\":100.4,\"ask_price\":100.6}")
                    + "," + trade(ex, sym, "14:30:20", "101.25", "1.5", 2)
                    + "," + quote(ex, sym, "14:30:30", "100.9", "101.1", 3).replace("}", ",\"bid_size\":5,\"ask_size\":7}")
                    + "]");
            Map<String, Object> first = s.awaitPush("bar 14:30 with 2 trades", m -> isBar(m, ex, sym, "14:30")
                    && count(m) == 2);
            assertEquals(Boolean.FALSE, first.get("revision"));
            assertBar(obj(first, "bar"), "100.5", "101.25", "100.5", "101.25", "3.5", "100.82142857", 2, false);
            server.awaitApplied();

            ingest(in, "[" + trade(ex, sym, "14:31:10", "99.75", "3", 4) + ","
                    + trade(ex, sym, "14:31:50", "99.8", "0.00000001", 5) + "]");
            s.awaitPush("bar 14:31 with 2 trades", m -> isBar(m, ex, sym, "14:31") && count(m) == 2);
            server.awaitApplied();

            ingest(in, trade(ex, sym, "14:30:40", "102", "1", 6)); // late: into the completed 14:30 bar
            Map<String, Object> revised = s.awaitPush("revised bar 14:30", m -> isBar(m, ex, sym, "14:30")
                    && count(m) == 3);
            assertEquals(Boolean.TRUE, revised.get("revision"));
            server.awaitApplied();

            // The last push per bucket is the stored bar, to the decimal.
            Map<String, Map<String, Object>> lastByBucket = new LinkedHashMap<>();
            for (Map<String, Object> m : s.pushes()) {
                if (m.get("type").equals("bar")) {
                    assertEquals("1m", m.get("timeframe"), "only the subscribed timeframe is pushed");
                    lastByBucket.put((String) obj(m, "bar").get("time"), obj(m, "bar"));
                }
            }
            List<List<Object>> stored = server.rows("SELECT epoch_us(bucket_start), open, high, low, close, volume, "
                    + "trade_count, price_volume FROM ohlcv_bars WHERE exchange = '" + ex
                    + "' AND symbol = '" + sym + "' AND timeframe = '1m' ORDER BY bucket_start");
            assertEquals(2, stored.size());
            assertEquals(2, lastByBucket.size(), lastByBucket.toString());
            List<Map<String, Object>> pushedBars = new ArrayList<>(lastByBucket.values());
            for (int i = 0; i < stored.size(); i++) {
                assertBarEqualsStored(pushedBars.get(i), stored.get(i), i == 0); // the later trade completed the first
            }
            assertBar(pushedBars.get(0), "100.5", "102", "100.5", "102", "4.5", "101.08333333", 3, true);

            // Every tick of the feed, in journal order, with the stored values.
            List<Map<String, Object>> ticks = s.pushes().stream().filter(m -> is(m, "tick", ex, sym)).toList();
            List<List<Object>> storedTicks = server.rows("SELECT sequence_number, epoch_us(timestamp), bid_price, "
                    + "ask_price, bid_size, ask_size, last_price, last_size, volume, conditions, tape FROM market_ticks "
                    + "WHERE exchange = '" + ex + "' AND symbol = '" + sym + "' ORDER BY journal_index");
            assertEquals(storedTicks.size(), ticks.size());
            String[] columns = {"bid_price", "ask_price", "bid_size", "ask_size", "last_price", "last_size", "volume",
                    "conditions", "tape"};
            for (int i = 0; i < ticks.size(); i++) {
                Map<String, Object> t = obj(ticks.get(i), "tick");
                List<Object> row = storedTicks.get(i);
                assertEquals(row.get(0), ((BigDecimal) t.get("sequence_number")).longValueExact());
                assertEquals(row.get(1), EpochMicros.parseIso((String) t.get("timestamp")));
                for (int c = 0; c < columns.length; c++) {
                    assertEquals(row.get(c + 2), text(t.get(columns[c])), columns[c] + " of tick " + i);
                }
            }

            // The last quote push is the in-memory latest quote.
            List<Map<String, Object>> quotes = s.pushes().stream().filter(m -> is(m, "quote", ex, sym)).toList();
            Map<String, Object> q = obj(quotes.get(quotes.size() - 1), "quote");
            assertEquals("100.9", text(q.get("bid_price")));
            assertEquals("5", text(q.get("bid_size")));
            assertEquals("101.1", text(q.get("ask_price")));
            assertEquals("7", text(q.get("ask_size")));
            assertEquals("99.8", text(q.get("last_price")));
            assertEquals("0.00000001", text(q.get("last_size")));
            var latest = server.server.store().quotes().get(ex, sym);
            assertEquals(latest.lastTime(), EpochMicros.parseIso((String) q.get("last_time")));
            assertEquals(latest.bidTime(), EpochMicros.parseIso((String) q.get("bid_time")));
        }
    }

    @Test
    void aBarCompletesWhenItsFeedTradesPastItWithoutATradeInIt() throws Exception {
        String ex = "CPL";
        String sym = "X";
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            s.subscribe("bars", ex, sym, "1m");
            ingest(in, trade(ex, sym, "14:30:10", "10", "1", 1));
            Map<String, Object> open = s.awaitPush("bar 14:30", m -> isBar(m, ex, sym, "14:30"));
            assertEquals(Boolean.FALSE, obj(open, "bar").get("complete"));
            server.awaitApplied();

            ingest(in, trade(ex, sym, "14:32:00", "11", "1", 2)); // nothing in 14:31; 14:30 is now complete
            Map<String, Object> completed = s.awaitPush("completed bar 14:30", m -> isBar(m, ex, sym, "14:30")
                    && Boolean.TRUE.equals(obj(m, "bar").get("complete")));
            assertEquals(Boolean.FALSE, completed.get("revision"));
            assertBar(obj(completed, "bar"), "10", "10", "10", "10", "1", "10", 1, true);
            server.awaitApplied();
            assertEquals(List.of(List.of(1L)), server.rows("SELECT trade_count FROM ohlcv_bars "
                    + "WHERE exchange = 'CPL' AND timeframe = '1m' AND bucket_start = '2024-01-02 14:30:00'"),
                    "completing a bar without trading in it leaves its row as it was");
            // The new bar is open; the empty minute has no bar at all.
            List<String> buckets = s.pushes().stream().filter(m -> isBar(m, ex, sym, null))
                    .map(m -> (String) obj(m, "bar").get("time")).distinct().toList();
            assertEquals(List.of("2024-01-02T14:30:00Z", "2024-01-02T14:32:00Z"), buckets);
        }
    }

    @Test
    void aLateTickIntoACompletedBarIsPushedAsARevision() throws Exception {
        String ex = "REV";
        String sym = "X";
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            s.subscribe("bars", ex, sym, "1m");
            ingest(in, "[" + trade(ex, sym, "14:30:10", "10", "1", 1) + "," + trade(ex, sym, "14:30:50", "12", "2", 2) + "]");
            s.awaitPush("bar 14:30", m -> isBar(m, ex, sym, "14:30") && count(m) == 2);
            server.awaitApplied();
            ingest(in, trade(ex, sym, "14:31:05", "11", "1", 3));
            s.awaitPush("completed bar 14:30", m -> isBar(m, ex, sym, "14:30")
                    && Boolean.TRUE.equals(obj(m, "bar").get("complete")));
            server.awaitApplied();

            ingest(in, trade(ex, sym, "14:30:30", "13", "0.5", 4)); // late, into the completed bar
            Map<String, Object> revised = s.awaitPush("revision of 14:30", m -> isBar(m, ex, sym, "14:30") && count(m) == 3);
            assertEquals(Boolean.TRUE, revised.get("revision"));
            // The close stays the 14:30:50 trade: the late one is earlier in the bucket.
            assertBar(obj(revised, "bar"), "10", "13", "10", "12", "3.5", "11.57142857", 3, true);
            server.awaitApplied();

            // A late tick into the bar still in progress is not a revision.
            ingest(in, trade(ex, sym, "14:31:01", "10.5", "1", 5));
            Map<String, Object> current = s.awaitPush("bar 14:31 with 2 trades", m -> isBar(m, ex, sym, "14:31")
                    && count(m) == 2);
            assertEquals(Boolean.FALSE, current.get("revision"));
            assertBar(obj(current, "bar"), "10.5", "11", "10.5", "11", "2", "10.75", 2, false);
            server.awaitApplied();

            List<List<Object>> stored = server.rows("SELECT epoch_us(bucket_start), open, high, low, close, volume, "
                    + "trade_count, price_volume FROM ohlcv_bars WHERE exchange = 'REV' AND timeframe = '1m' "
                    + "ORDER BY bucket_start");
            assertBarEqualsStored(obj(revised, "bar"), stored.get(0), true);
            assertBarEqualsStored(obj(current, "bar"), stored.get(1), false);
        }
    }

    @Test
    void aQuoteSubscriptionStartsWithTheCurrentQuote() throws Exception {
        String ex = "SNAP";
        String sym = "X";
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            ingest(in, quote(ex, sym, "14:30:00", "1.25", "1.5", 1));
            server.awaitApplied();
            s.subscribe("quotes", ex, sym, null);
            Map<String, Object> snapshot = s.awaitPush("the current quote", m -> is(m, "quote", ex, sym));
            List<Map<String, Object>> all = s.all();
            assertEquals("subscribed", all.get(0).get("type"));
            assertEquals(snapshot, all.get(1), "the current quote comes right after the subscribed reply");
            assertEquals("1.25", text(obj(snapshot, "quote").get("bid_price")));
            assertNull(obj(snapshot, "quote").get("last_price"));

            ingest(in, quote(ex, sym, "14:30:01", "1.3", "1.5", 2));
            Map<String, Object> next = s.awaitPush("the next quote", m -> is(m, "quote", ex, sym));
            assertEquals("1.3", text(obj(next, "quote").get("bid_price")));

            // A feed without a quote yet: the reply only, then pushes once it has one.
            s.subscribe("quotes", ex, "NEW", null);
            ingest(in, quote(ex, "NEW", "14:30:02", "7", "8", 1));
            Map<String, Object> fresh = s.awaitPush("quote of NEW", m -> is(m, "quote", ex, "NEW"));
            assertNotNull(fresh);
            List<Map<String, Object>> messages = s.all();
            int reply = messages.indexOf(messages.stream().filter(m -> "subscribed".equals(m.get("type"))
                    && "NEW".equals(m.get("symbol"))).findFirst().orElseThrow());
            assertEquals(fresh, messages.get(reply + 1));
        }
    }

    @Test
    void quotesNeverGoBackwardsWhenSubscribesRaceCommits() throws Exception {
        String ex = "RACE";
        String sym = "Q";
        int cycles = 100;
        try (StreamClient s = StreamClient.connect(vertx, server.port());
             IngestClient in = IngestClient.connect(vertx, server.port())) {
            // A feed whose bid rises with time, committed continuously while the client subscribes and
            // unsubscribes: within every subscription the bids pushed never decrease.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> feederFailure = new AtomicReference<>();
            Thread feeder = new Thread(() -> {
                try {
                    for (int n = 0; !stop.get(); ) {
                        StringBuilder frame = new StringBuilder("[");
                        for (int i = 0; i < 20; i++, n++) {
                            frame.append(i == 0 ? "" : ",").append("{\"type\":\"tick\",\"exchange\":\"" + ex
                                    + "\",\"symbol\":\"" + sym + "\",\"timestamp\":" + (1_704_153_600_000_000L + n * 1000L)
                                    + ",\"bid_price\":1." + String.format("%08d", n)
                                    + ",\"ask_price\":3,\"sequence_number\":" + n + "}");
                        }
                        ingest(in, frame.append(']').toString());
                    }
                } catch (Throwable e) {
                    feederFailure.set(e);
                }
            });
            feeder.start();
            try {
                for (int c = 0; c < cycles; c++) {
                    assertEquals("subscribed", s.request(StreamClient.op("subscribe", "quotes", ex, sym, null)).get("type"));
                    s.awaitPush("a quote", m -> is(m, "quote", ex, sym));
                    s.awaitPush("another quote", m -> is(m, "quote", ex, sym));
                    assertEquals("unsubscribed", s.request(StreamClient.op("unsubscribe", "quotes", ex, sym, null))
                            .get("type"));
                }
            } finally {
                stop.set(true);
                feeder.join();
            }
            assertNull(feederFailure.get());
            int windows = 0;
            BigDecimal last = null;
            for (Map<String, Object> m : s.all()) {
                if ("subscribed".equals(m.get("type"))) {
                    windows++;
                    last = null;
                } else if ("quote".equals(m.get("type"))) {
                    BigDecimal bid = (BigDecimal) obj(m, "quote").get("bid_price");
                    if (last != null) {
                        assertTrue(bid.compareTo(last) >= 0, "bid went back from " + last + " to " + bid);
                    }
                    last = bid;
                }
            }
            assertEquals(cycles, windows);
        }
    }

    // ---- helpers ----

    static void ingest(IngestClient in, String frame) throws InterruptedException {
        var ack = in.request(frame);
        assertEquals("ok", ack.getString("status"), ack.encode());
    }

    static String trade(String ex, String sym, String time, String price, String size, long seq) {
        return "{\"type\":\"tick\",\"exchange\":\"" + ex + "\",\"symbol\":\"" + sym + "\",\"timestamp\":\"2024-01-02T"
                + time + "Z\",\"last_price\":" + price + ",\"last_size\":" + size + ",\"sequence_number\":" + seq + "}";
    }

    static String quote(String ex, String sym, String time, String bid, String ask, long seq) {
        return "{\"type\":\"tick\",\"exchange\":\"" + ex + "\",\"symbol\":\"" + sym + "\",\"timestamp\":\"2024-01-02T"
                + time + "Z\",\"bid_price\":" + bid + ",\"ask_price\":" + ask + ",\"sequence_number\":" + seq + "}";
    }

    /** A bar push of the feed, 1m, of the bucket starting at 2024-01-02T{hhmm}:00Z (any bucket when null). */
    static boolean isBar(Map<String, Object> m, String ex, String sym, String hhmm) {
        return is(m, "bar", ex, sym) && "1m".equals(m.get("timeframe"))
                && (hhmm == null || ("2024-01-02T" + hhmm + ":00Z").equals(obj(m, "bar").get("time")));
    }

    static long count(Map<String, Object> barPush) {
        return ((BigDecimal) obj(barPush, "bar").get("trade_count")).longValueExact();
    }

    /** A JSON value as the stored column reads in {@link TestServer#rows}: decimals as shortest plain text. */
    static Object text(Object v) {
        return v instanceof BigDecimal b ? b.stripTrailingZeros().toPlainString() : v;
    }

    static void assertBar(Map<String, Object> bar, String open, String high, String low, String close, String volume,
                          String vwap, long trades, boolean complete) {
        assertEquals(List.of(open, high, low, close, volume, vwap, trades, complete),
                List.of(text(bar.get("open")), text(bar.get("high")), text(bar.get("low")), text(bar.get("close")),
                        text(bar.get("volume")), text(bar.get("vwap")),
                        ((BigDecimal) bar.get("trade_count")).longValueExact(), bar.get("complete")), bar.toString());
    }

    /**
     * {@code row}: epoch_us(bucket_start), open, high, low, close, volume, trade_count, price_volume;
     * {@code complete}: what the rule says (completeness is not stored).
     */
    static void assertBarEqualsStored(Map<String, Object> bar, List<Object> row, boolean complete) {
        assertEquals(row.get(0), EpochMicros.parseIso((String) bar.get("time")));
        BigDecimal vwap = BarUpdate.vwap(new BigDecimal((String) row.get(7)), new BigDecimal((String) row.get(5)));
        assertBar(bar, (String) row.get(1), (String) row.get(2), (String) row.get(3), (String) row.get(4),
                (String) row.get(5), vwap.stripTrailingZeros().toPlainString(), (Long) row.get(6), complete);
    }
}
