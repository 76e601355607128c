package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole order life cycles over a real WebSocket, with the stored order, fills and position checked
 * after each step; refused messages change nothing.
 */
class OrderLifecycleTest {
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

    private static String order(String id, String symbol, String side, String qty, String status) {
        return "{\"type\":\"order\",\"order_id\":\"" + id + "\",\"client_order_id\":\"c-" + id + "\",\"exchange\":\"LC\","
                + "\"symbol\":\"" + symbol + "\",\"strategy_id\":\"st\",\"side\":\"" + side + "\",\"order_type\":\"limit\","
                + "\"quantity\":" + qty + ",\"price\":100,\"status\":\"" + status + "\"}";
    }

    private static String fill(String id, String orderId, String symbol, String side, String qty, String price,
                               String fees) {
        return "{\"type\":\"trade\",\"trade_id\":\"" + id + "\",\"order_id\":\"" + orderId + "\",\"exchange\":\"LC\","
                + "\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"quantity\":" + qty + ",\"price\":" + price
                + ",\"executed_at\":\"2024-01-02T14:30:00Z\",\"fees\":" + fees + "}";
    }

    private List<List<Object>> orderRow(String id) throws Exception {
        server.awaitApplied();
        return server.rows("SELECT status, filled_quantity, average_fill_price FROM orders WHERE order_id = '" + id + "'");
    }

    private List<List<Object>> position(String symbol) throws Exception {
        server.awaitApplied();
        return server.rows("SELECT side, quantity, average_entry_price, realized_pnl, fees, fill_count FROM positions "
                + "WHERE exchange = 'LC' AND symbol = '" + symbol + "'");
    }

    private static void ok(JsonObject ack, int accepted) {
        assertEquals("ok", ack.getString("status"), ack.encode());
        assertEquals(accepted, ack.getInteger("accepted"), ack.encode());
    }

    private static void refused(JsonObject ack, String error) {
        assertEquals("error", ack.getString("status"), ack.encode());
        assertEquals(error, ack.getString("error"));
    }

    @Test
    void createSubmitPartialFillsThenFilled() throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            ok(c.request(order("A-1", "AAA", "buy", "10", "pending")), 1);
            assertEquals(List.of(java.util.Arrays.asList("pending", "0", null)), orderRow("A-1"));
            ok(c.request(order("A-1", "AAA", "buy", "10", "submitted")), 1);
            assertEquals(List.of(java.util.Arrays.asList("submitted", "0", null)), orderRow("A-1"));
            ok(c.request(fill("A-F1", "A-1", "AAA", "buy", "4", "100.5", "0.01")), 1);
            assertEquals(List.of(List.of("partial", "4", "100.5")), orderRow("A-1"));
            assertEquals(List.of(List.of("long", "4", "100.5", "-0.01", "0.01", 1L)), position("AAA"));
            ok(c.request(fill("A-F2", "A-1", "AAA", "buy", "6", "101", "0.02")), 1);
            assertEquals(List.of(List.of("filled", "10", "100.8")), orderRow("A-1"));
            assertEquals(List.of(List.of("long", "10", "100.8", "-0.03", "0.03", 2L)), position("AAA"));
            // A fill's re-send is a duplicate, not a second fill.
            ok(c.request(fill("A-F2", "A-1", "AAA", "buy", "6", "101", "0.02")), 0);
            refused(c.request(fill("A-F3", "A-1", "AAA", "buy", "1", "101", "0")),
                    "element 0: trade A-F3: order A-1 is filled; only submitted or partial orders take fills");
        }
        assertEquals(List.of(List.of("filled", "10", "100.8")), orderRow("A-1"));
        assertEquals(List.of(List.of(2L)), server.rows("SELECT count(*) FROM trades WHERE order_id = 'A-1'"));
    }

    @Test
    void cancelAfterAPartialFillKeepsTheFill() throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            ok(c.request(order("B-1", "BBB", "sell", "5", "submitted")), 1);
            ok(c.request(fill("B-F1", "B-1", "BBB", "sell", "2", "50", "0")), 1);
            ok(c.request(order("B-1", "BBB", "sell", "5", "cancelled")), 1);
            assertEquals(List.of(List.of("cancelled", "2", "50")), orderRow("B-1"));
            assertEquals(List.of(List.of("short", "-2", "50", "0", "0", 1L)), position("BBB"));
            refused(c.request(fill("B-F2", "B-1", "BBB", "sell", "1", "50", "0")),
                    "element 0: trade B-F2: order B-1 is cancelled; only submitted or partial orders take fills");
            refused(c.request(order("B-1", "BBB", "sell", "5", "submitted")),
                    "element 0: order B-1: illegal transition cancelled -> submitted (cancelled is final)");
        }
        assertEquals(List.of(List.of("cancelled", "2", "50")), orderRow("B-1"));
    }

    @Test
    void aRejectedOrderTakesNoFills() throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            ok(c.request(order("C-1", "CCC", "buy", "1", "pending")), 1);
            ok(c.request(order("C-1", "CCC", "buy", "1", "rejected")), 1);
            refused(c.request(fill("C-F1", "C-1", "CCC", "buy", "1", "1", "0")),
                    "element 0: trade C-F1: order C-1 is rejected; only submitted or partial orders take fills");
            ok(c.request(order("C-2", "CCC", "buy", "1", "rejected")), 1);
        }
        assertEquals(List.of(java.util.Arrays.asList("rejected", "0", null)), orderRow("C-1"));
        assertEquals(List.of(), position("CCC"));
    }

    @Test
    void illegalTransitionsOverFillsAndUnknownOrdersChangeNothing() throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            ok(c.request(order("D-1", "DDD", "buy", "3", "submitted")), 1);
            refused(c.request(order("D-1", "DDD", "buy", "3", "pending")),
                    "element 0: order D-1: illegal transition submitted -> pending");
            refused(c.request(order("D-1", "DDD", "buy", "3", "filled")),
                    "element 0: order D-1: illegal transition submitted -> filled (partial and filled are set by fills)");
            refused(c.request(fill("D-F1", "D-1", "DDD", "buy", "3.00000001", "10", "0")),
                    "element 0: trade D-F1: quantity 3.00000001 would fill order D-1 past its quantity 3 (filled 0)");
            refused(c.request(fill("D-F2", "D-404", "DDD", "buy", "1", "10", "0")),
                    "element 0: trade D-F2: order D-404 is not known");
            refused(c.request(fill("D-F3", "D-1", "DDD", "sell", "1", "10", "0")),
                    "element 0: trade D-F3: side sell does not match order D-1 (buy)");
            // All or nothing: a good fill and a new order in the same frame as an over-fill are refused too.
            refused(c.request("[" + fill("D-F4", "D-1", "DDD", "buy", "1", "10", "0") + ","
                            + order("D-2", "DDD", "buy", "1", "pending") + ","
                            + fill("D-F5", "D-1", "DDD", "buy", "2.5", "10", "0") + "]"),
                    "element 2: trade D-F5: quantity 2.5 would fill order D-1 past its quantity 3 (filled 1)");
            // After the refusals the same good messages go through: nothing of them was remembered.
            ok(c.request(fill("D-F4", "D-1", "DDD", "buy", "1", "10", "0")), 1);
            ok(c.request(order("D-2", "DDD", "buy", "1", "pending")), 1);
        }
        assertEquals(List.of(List.of("partial", "1", "10")), orderRow("D-1"));
        assertEquals(List.of(List.of(1L)), server.rows("SELECT count(*) FROM trades WHERE order_id = 'D-1'"));
    }

    @Test
    void positionsScaleInAndOutAndFlipThroughZero() throws Exception {
        try (IngestClient c = IngestClient.connect(vertx, server.port())) {
            ok(c.request(order("E-1", "EEE", "buy", "100", "submitted")), 1);
            ok(c.request(fill("E-F1", "E-1", "EEE", "buy", "100", "10", "0")), 1);
            ok(c.request(order("E-2", "EEE", "buy", "50", "submitted")), 1);
            ok(c.request(fill("E-F2", "E-2", "EEE", "buy", "50", "13", "0")), 1);
            assertEquals(List.of(List.of("long", "150", "11", "0", "0", 2L)), position("EEE"));
            ok(c.request(order("E-3", "EEE", "sell", "200", "submitted")), 1);
            // closes 150 at 12 - 11 = +150, then 50 short at 12; fees 1.5 come off
            ok(c.request(fill("E-F3", "E-3", "EEE", "sell", "200", "12", "1.5")), 1);
            assertEquals(List.of(List.of("short", "-50", "12", "148.5", "1.5", 3L)), position("EEE"));
        }
        assertEquals(List.of(List.of(3L, "-50")), server.rows("SELECT count(*), arg_max(quantity, journal_index) "
                + "FROM position_snapshots WHERE symbol = 'EEE'"));
    }
}
