package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real server JVM with SIGKILL in the middle of a sustained ingest of ticks, orders and
 * fills, several times, and proves that after each restart every acked message is stored exactly
 * once with exact content, that re-sending the unacked frames (what a reconnecting feed does) ends
 * with every message stored exactly once, that orders, fills, positions and bars then equal those of
 * a run that never crashed, and that every frame sent again once its rows have left the hot tier is
 * counted as duplicates.
 *
 * <p>Each kill lands in a different state of the store, set by configuration: the DuckDB sink far
 * behind the hot tier (a commit interval of seconds: the kill lands while the hot tier applies and
 * DuckDB has stored little); committing constantly (every message its own small transaction: the
 * kill lands in or between DuckDB commits); checkpointing constantly (a 1 MiB checkpoint threshold:
 * the kill lands in or between DuckDB checkpoints); and the defaults. The committing and checkpointing
 * cycles turn the sink's yield to ingest off ({@code warm.yield_to_ingest_mb=0}): with it the sink holds
 * its batches back while ingest runs, so the kill would not land in a commit, and the backlog of
 * 16-message transactions left for the restart's clean stop could outlast the stop's time limit.
 */
@Tag("slow")
class CrashRecoveryTest {
    private static final int CONNECTIONS = 2;
    private static final int TICKS_PER_FRAME = 50;
    private static final int WINDOW = 8;
    /** What each cycle's server runs with (environment variables), in turn. */
    private static final List<Map<String, String>> CYCLES = List.of(
            Map.of("TICKSTORE_WARM_COMMIT_INTERVAL_MS", "5000"),
            Map.of("TICKSTORE_WARM_COMMIT_INTERVAL_MS", "0", "TICKSTORE_WARM_MAX_BATCH", "16",
                    "TICKSTORE_WARM_YIELD_TO_INGEST_MB", "0"),
            Map.of("TICKSTORE_WARM_CHECKPOINT_THRESHOLD_MB", "1", "TICKSTORE_WARM_YIELD_TO_INGEST_MB", "0"),
            Map.of());
    private static final long T0 = 1_704_153_600_000_000L;

    @TempDir
    Path dir;

    /** Frames per connection, in send order; a frame is acked or not. */
    private final List<List<Frame>> sent = new ArrayList<>();

    record Frame(int connection, int number, String json, int messages) {
    }

    @Test
    void everyAckedMessageSurvivesSigkillExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        String context = "seed=" + seed + "L";
        Path data = dir.resolve("data");
        Path log = dir.resolve("server.log");
        for (int c = 0; c < CONNECTIONS; c++) {
            sent.add(new ArrayList<>());
        }
        List<ArrayDeque<Frame>> unacked = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            unacked.add(new ArrayDeque<>());
        }
        List<Frame> acked = new ArrayList<>();
        int killedInFlight = 0;

        Vertx vertx = Vertx.vertx();
        try {
            for (int cycle = 0; cycle < CYCLES.size(); cycle++) {
                try (ServerProcess server = ServerProcess.start(data, log, CYCLES.get(cycle))) {
                    server.awaitReady();
                    resend(vertx, server.port(), unacked, acked, context);
                    drive(vertx, server, random.nextInt(300, 1500), unacked, acked, context);
                    assertTrue(acked.size() > 0, "some frames were acked before the kill; " + context);
                    killedInFlight += unacked.stream().mapToInt(ArrayDeque::size).sum();
                }

                try (ServerProcess restarted = ServerProcess.start(data, log, CYCLES.get(cycle))) {
                    restarted.awaitReady(); // the hot tier replayed the journal after DuckDB's index
                    // Every sink catches up (the 16-message cycle has tens of thousands of messages to commit),
                    // then a clean stop.
                    restarted.awaitSinksCaughtUp(240);
                    restarted.stop();
                }
                verifyAcked(data, acked, context + ", cycle " + cycle + " " + CYCLES.get(cycle));
            }
            assertTrue(killedInFlight > 0, "the kills must land while frames are in flight; " + context);
            // A reconnecting feed re-sends what was never acked; then everything is there exactly once.
            try (ServerProcess server = ServerProcess.start(data, log)) {
                server.awaitReady();
                resend(vertx, server.port(), unacked, acked, context);
                server.stop();
            }
            verifyEverything(data, context);

            // Every frame once more, after a restart: its rows have long left the hot tier (DuckDB and the
            // deduplication snapshot hold them), and each is still a duplicate, nothing is stored twice.
            try (ServerProcess again = ServerProcess.start(data, log)) {
                again.awaitReady();
                for (List<Frame> frames : sent) {
                    try (IngestClient client = IngestClient.connect(vertx, again.port())) {
                        for (int i = 0; i < frames.size(); i += 3) {
                            Frame f = frames.get(i);
                            JsonObject ack = client.request(f.json);
                            assertEquals(0, ack.getInteger("accepted"), ack.encode() + "; " + context);
                            assertEquals(f.messages, ack.getInteger("duplicates"), ack.encode() + "; " + context);
                        }
                    }
                }
                again.stop();
            }
            verifyEverything(data, context);

            // The same frames, per connection in the same order, into a store that never crashed.
            Path reference = dir.resolve("reference");
            try (ServerProcess clean = ServerProcess.start(reference, dir.resolve("reference.log"))) {
                clean.awaitReady();
                for (List<Frame> frames : sent) {
                    try (IngestClient client = IngestClient.connect(vertx, clean.port())) {
                        for (Frame f : frames) {
                            JsonObject ack = client.request(f.json);
                            assertEquals(f.messages, ack.getInteger("accepted"), ack.encode() + "; " + context);
                        }
                    }
                }
                clean.stop();
            }
            assertSameAsReference(data, reference, context);
        } finally {
            vertx.close().await();
        }
    }

    /**
     * Sends frames on every connection, a window of them in flight, and SIGKILLs the server
     * {@code millis} after its first ack.
     */
    private void drive(Vertx vertx, ServerProcess server, int millis, List<ArrayDeque<Frame>> unacked,
                       List<Frame> acked, String context) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int ackedBefore = ackedSize(acked);
        List<Thread> drivers = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int connection = c;
            IngestClient client = IngestClient.connect(vertx, server.port());
            Thread t = new Thread(() -> {
                ArrayDeque<Frame> inFlight = new ArrayDeque<>();
                try {
                    while (!client.isClosed()) {
                        while (!stop.get() && inFlight.size() < WINDOW) {
                            Frame f = nextFrame(connection);
                            inFlight.add(f);
                            client.send(f.json);
                        }
                        String reply = client.pollReply(100);
                        if (reply != null) {
                            Frame f = inFlight.poll();
                            checkAck(new JsonObject(reply), f, context);
                            synchronized (acked) {
                                acked.add(f);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    synchronized (unacked) {
                        unacked.get(connection).addAll(inFlight);
                    }
                }
            }, "driver-" + c);
            t.start();
            drivers.add(t);
        }
        // The kill timer starts once this server has acked a frame: a cold JVM on a loaded machine can
        // take longer than the random delay to ack its first one, and a kill before any ack tests nothing.
        long firstAckDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ackedSize(acked) == ackedBefore && failure.get() == null && System.nanoTime() < firstAckDeadline) {
            Thread.sleep(5);
        }
        Thread.sleep(millis);
        server.kill(); // mid-flight: every driver has frames in the air
        for (Thread t : drivers) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        stop.set(true);
        if (failure.get() != null) {
            throw new AssertionError("driver failed; " + context, failure.get());
        }
    }

    private static int ackedSize(List<Frame> acked) {
        synchronized (acked) {
            return acked.size();
        }
    }

    private void resend(Vertx vertx, int port, List<ArrayDeque<Frame>> unacked, List<Frame> acked, String context)
            throws Exception {
        for (ArrayDeque<Frame> frames : unacked) {
            if (frames.isEmpty()) {
                continue;
            }
            try (IngestClient client = IngestClient.connect(vertx, port)) {
                while (!frames.isEmpty()) {
                    Frame f = frames.poll();
                    checkAck(client.request(f.json), f, context);
                    acked.add(f);
                }
            }
        }
    }

    private static void checkAck(JsonObject ack, Frame f, String context) {
        assertEquals("ok", ack.getString("status"), ack.encode() + "; " + context);
        assertEquals(f.messages, ack.getInteger("accepted") + ack.getInteger("duplicates"),
                "every message of frame " + f.number + " is stored now or was before; " + ack.encode() + "; " + context);
    }

    // ---- the deterministic data: connection c, frame n ----

    private Frame nextFrame(int c) {
        List<Frame> frames = sent.get(c);
        int n = frames.size();
        StringBuilder sb = new StringBuilder(TICKS_PER_FRAME * 200).append('[');
        for (int i = 0; i < TICKS_PER_FRAME; i++) {
            long seq = (long) n * TICKS_PER_FRAME + i;
            sb.append("{\"type\":\"tick\",\"exchange\":\"CRASH\",\"symbol\":\"S").append(c)
                    .append("\",\"timestamp\":").append(T0 + seq)
                    .append(",\"bid_price\":").append(bid(seq)).append(",\"ask_price\":\"").append(ask(seq))
                    .append("\",\"last_price\":").append(bid(seq)).append(",\"last_size\":").append(size(seq))
                    .append(",\"sequence_number\":").append(seq).append("},");
        }
        sb.append(order(c, n, "pending", T0 + 3L * n));
        int messages = TICKS_PER_FRAME + 1;
        if (n > 0) {
            // The previous frame's order is submitted, then filled in part.
            sb.append(',').append(order(c, n - 1, "submitted", T0 + 3L * (n - 1) + 1));
            sb.append(",{\"type\":\"trade\",\"trade_id\":\"T-").append(c).append('-').append(n)
                    .append("\",\"order_id\":\"O-").append(c).append('-').append(n - 1)
                    .append("\",\"exchange\":\"CRASH\",\"symbol\":\"S").append(c)
                    .append("\",\"side\":\"").append(n % 3 == 0 ? "sell" : "buy")
                    .append("\",\"quantity\":0.5,\"price\":").append(bid(n))
                    .append(",\"executed_at\":").append(T0 + 3L * (n - 1) + 2).append(",\"fees\":0.00000001}");
            messages += 2;
        }
        Frame f = new Frame(c, n, sb.append(']').toString(), messages);
        frames.add(f);
        return f;
    }

    /** Order n of connection c; every third is a sell, so positions scale in, out and through zero. */
    private static String order(int c, int n, String status, long updatedAt) {
        return "{\"type\":\"order\",\"order_id\":\"O-" + c + "-" + n + "\",\"exchange\":\"CRASH\",\"symbol\":\"S" + c
                + "\",\"side\":\"" + ((n + 1) % 3 == 0 ? "sell" : "buy")
                + "\",\"order_type\":\"limit\",\"quantity\":1.5,\"price\":99.12345678,\"status\":\""
                + status + "\",\"created_at\":" + (T0 + 3L * n) + ",\"updated_at\":" + updatedAt + "}";
    }

    private static String bid(long seq) {
        return (100 + seq % 1000) + "." + String.format("%08d", (seq * 7919) % 100_000_000L);
    }

    private static String ask(long seq) {
        return (101 + seq % 1000) + ".5";
    }

    private static String size(long seq) {
        return "0." + String.format("%08d", seq % 99_999_999 + 1);
    }

    private static String plain(String decimal) {
        return new java.math.BigDecimal(decimal).stripTrailingZeros().toPlainString();
    }

    // ---- verification, on the stopped server's DuckDB file ----

    private static Connection open(Path data) throws Exception {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + data.resolve("tickstore.duckdb"), p);
    }

    private void verifyAcked(Path data, List<Frame> acked, String context) throws Exception {
        try (Connection db = open(data)) {
            assertNoDuplicates(db, context);
            Map<String, String> ticks = ticks(db);
            Map<String, String> trades = trades(db);
            Map<String, String> orders = orders(db);
            for (Frame f : acked) {
                for (int i = 0; i < TICKS_PER_FRAME; i++) {
                    long seq = (long) f.number * TICKS_PER_FRAME + i;
                    String key = "S" + f.connection + "/" + seq;
                    assertEquals(expectedTick(seq), ticks.get(key), "acked tick " + key + "; " + context);
                }
                assertTrue(orders.containsKey("O-" + f.connection + "-" + f.number),
                        "acked order O-" + f.connection + "-" + f.number + "; " + context);
                if (f.number > 0) {
                    String key = "T-" + f.connection + "-" + f.number;
                    assertEquals(expectedTrade(f.connection, f.number), trades.get(key), "acked trade " + key + "; " + context);
                    // The acked fill moved the previous order to partial; no later frame can undo that.
                    assertEquals("partial", orders.get("O-" + f.connection + "-" + (f.number - 1)), context);
                }
            }
        }
    }

    private void verifyEverything(Path data, String context) throws Exception {
        try (Connection db = open(data)) {
            assertNoDuplicates(db, context);
            Map<String, String> ticks = ticks(db);
            Map<String, String> trades = trades(db);
            Map<String, String> orders = orders(db);
            int tickCount = 0;
            int tradeCount = 0;
            int orderCount = 0;
            for (List<Frame> frames : sent) {
                for (Frame f : frames) {
                    for (int i = 0; i < TICKS_PER_FRAME; i++) {
                        long seq = (long) f.number * TICKS_PER_FRAME + i;
                        assertEquals(expectedTick(seq), ticks.get("S" + f.connection + "/" + seq), context);
                        tickCount++;
                    }
                    boolean filledLater = f.number + 1 < frames.size();
                    assertEquals(filledLater ? "partial" : "pending", orders.get("O-" + f.connection + "-" + f.number),
                            "order O-" + f.connection + "-" + f.number + "; " + context);
                    orderCount++;
                    if (f.number > 0) {
                        assertEquals(expectedTrade(f.connection, f.number), trades.get("T-" + f.connection + "-" + f.number),
                                context);
                        tradeCount++;
                    }
                }
            }
            assertEquals(tickCount, ticks.size(), "no tick that was never sent; " + context);
            assertEquals(orderCount, orders.size(), context);
            assertEquals(tradeCount, trades.size(), context);
        }
    }

    private static void assertNoDuplicates(Connection db, String context) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT count(*) - count(DISTINCT (exchange, symbol, sequence_number)) FROM market_ticks), "
                        + "(SELECT count(*) - count(DISTINCT trade_id) FROM trades), "
                        + "(SELECT count(*) - count(DISTINCT order_id) FROM orders)")) {
            rs.next();
            assertEquals(0, rs.getLong(1), "duplicate ticks; " + context);
            assertEquals(0, rs.getLong(2), "duplicate trades; " + context);
            assertEquals(0, rs.getLong(3), "duplicate orders; " + context);
        }
    }

    private static String expectedTick(long seq) {
        return (T0 + seq) + " " + plain(bid(seq)) + " " + plain(ask(seq)) + " " + plain(bid(seq)) + " " + plain(size(seq));
    }

    private static String expectedTrade(int c, int n) {
        return "O-" + c + "-" + (n - 1) + " S" + c + " 0.5 " + plain(bid(n)) + " " + (T0 + 3L * (n - 1) + 2) + " 0.00000001";
    }

    /** Every table the write path keeps, without journal indexes and write times: equal to the reference run. */
    private static void assertSameAsReference(Path data, Path reference, String context) throws Exception {
        String[] queries = {
            "SELECT exchange, symbol, epoch_us(timestamp), bid_price, ask_price, last_price, last_size, sequence_number "
                    + "FROM market_ticks ORDER BY ALL",
            "SELECT order_id, exchange, symbol, side, order_type, time_in_force, quantity, price, status, "
                    + "filled_quantity, average_fill_price, epoch_us(created_at), epoch_us(updated_at) FROM orders ORDER BY ALL",
            "SELECT trade_id, order_id, symbol, side, quantity, price, epoch_us(executed_at), commission, fees "
                    + "FROM trades ORDER BY ALL",
            "SELECT exchange, symbol, strategy_id, side, quantity, average_entry_price, realized_pnl, fees, fill_count, "
                    + "last_fill_price, epoch_us(updated_at) FROM positions ORDER BY ALL",
            "SELECT exchange, symbol, strategy_id, epoch_us(time), trade_id, fill_side, fill_quantity, fill_price, side, "
                    + "quantity, average_entry_price, realized_pnl FROM position_snapshots ORDER BY ALL",
            "SELECT exchange, symbol, timeframe, epoch_us(bucket_start), open, high, low, close, volume, trade_count, "
                    + "price_volume FROM ohlcv_bars ORDER BY ALL"};
        try (Connection crashed = open(data); Connection clean = open(reference)) {
            for (String sql : queries) {
                List<String> a = dump(crashed, sql);
                List<String> b = dump(clean, sql);
                assertTrue(!b.isEmpty(), "the reference has rows for " + sql);
                assertEquals(b, a, sql + "; " + context);
            }
        }
    }

    private static List<String> dump(Connection db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                out.add(row.toString());
            }
        }
        return out;
    }

    private static Map<String, String> ticks(Connection db) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT symbol, sequence_number, epoch_us(timestamp), bid_price, ask_price, last_price, last_size "
                        + "FROM market_ticks WHERE exchange = 'CRASH'")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/" + rs.getLong(2), rs.getLong(3) + " " + d(rs, 4) + " " + d(rs, 5) + " "
                        + d(rs, 6) + " " + d(rs, 7));
            }
        }
        return out;
    }

    private static Map<String, String> trades(Connection db) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT trade_id, order_id, symbol, quantity, price, epoch_us(executed_at), fees FROM trades")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2) + " " + rs.getString(3) + " " + d(rs, 4) + " " + d(rs, 5) + " "
                        + rs.getLong(6) + " " + d(rs, 7));
            }
        }
        return out;
    }

    private static Map<String, String> orders(Connection db) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT order_id, status FROM orders")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static String d(ResultSet rs, int column) throws Exception {
        return rs.getBigDecimal(column).stripTrailingZeros().toPlainString();
    }
}
