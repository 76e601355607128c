package io.tickstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/v1/ticks answered from tick memory equals the same query answered from DuckDB, byte for
 * byte: two servers take the same frames (shuffled, late ticks, duplicates re-sent, ties on one
 * microsecond, null fields, conditions and tapes), one with {@code query.tick_memory_mb} 0 — as
 * JSON and as CSV. Then
 * the memory server restarts (memory empty, then loaded from DuckDB in the background) and both
 * take newer and late ticks.
 */
class TickMemoryQueryTest {
    private static final long SEED = Long.getLong("tickstore.seed", System.nanoTime());
    private static final long T0 = 1_704_153_600_000_000L; // 2024-01-02T00:00:00Z
    private static final long HOUR = 3_600_000_000L;
    private static final String[][] FEEDS = {{"BX", "AAA"}, {"BX", "BBB"}, {"NY", "AAA"}};

    @TempDir
    static Path dataDir;
    static TestServer memory;
    static TestServer database;

    @AfterAll
    static void stop() {
        if (memory != null) {
            memory.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void memoryAnswersEqualDuckDbAnswersBeforeAndAfterARestart() throws Exception {
        System.out.println(TickMemoryQueryTest.class.getSimpleName() + " seed " + SEED
                + " (rerun with -Dtickstore.seed=" + SEED + ")");
        Random r = new Random(SEED);
        memory = TestServer.start(dataDir.resolve("memory"));
        database = TestServer.start(dataDir.resolve("database"), c -> c.withQuery(c.query().withTickMemoryMb(0)));
        long[] sequences = new long[FEEDS.length];
        // Over 4,096 ticks for the first feed (several chunks), arriving out of order.
        List<JsonObject> first = ticks(r, sequences, 9000, T0, T0 + 2 * HOUR);
        List<String> frames = frames(r, first);
        send(frames);
        send(frames.subList(0, 3)); // re-sent after a reconnect: duplicates, nothing changes
        assertTrue(memory.server.store().tickHistory().ticks() == memory.count("market_ticks"),
                "every stored tick is held in memory");
        assertEquals(0, database.server.store().tickHistory().ticks());
        assertSameAnswers(r);

        // Restart: memory starts empty and loads the stored ticks in the background, while new and late
        // ticks arrive.
        memory.close();
        long stored = database.count("market_ticks");
        memory = TestServer.start(dataDir.resolve("memory"));
        List<JsonObject> more = new ArrayList<>(ticks(r, sequences, 1500, T0 + 2 * HOUR, T0 + 3 * HOUR));
        more.addAll(ticks(r, sequences, 300, T0, T0 + 2 * HOUR)); // late: before each feed's latest tick
        send(frames(r, more));
        memory.server.store().awaitTickPreload(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(stored + 1800, memory.count("market_ticks"));
        assertEquals(stored + 1800, memory.server.store().tickHistory().ticks(), "every stored tick is held again");
        assertSameAnswers(r);
    }

    /** Whole feeds page by page, and random ranges, cursors and limits: the same bodies. */
    private static void assertSameAnswers(Random r) throws Exception {
        int compared = 0;
        for (String[] feed : FEEDS) {
            String base = "/api/v1/ticks?exchange=" + feed[0] + "&symbol=" + feed[1];
            compared += walk(base + "&limit=1000");
            for (int q = 0; q < 60; q++) {
                long from = T0 + (long) (r.nextDouble() * 3 * HOUR);
                long to = from + (long) (r.nextDouble() * HOUR / 2);
                compared += walk(base + "&from=" + from + "&to=" + to + "&limit=" + (1 + r.nextInt(300)));
            }
        }
        assertTrue(compared > 100, "compared " + compared + " pages");
    }

    /**
     * Follows next_cursor on both servers, asserting each page equal — as JSON, and as CSV, which must
     * hold the JSON page's values and carry its cursor in X-Next-Cursor; returns the pages compared.
     */
    private static int walk(String query) throws Exception {
        String cursor = null;
        int pages = 0;
        do {
            String q = cursor == null ? query : query + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            var fromMemory = memory.get(q);
            var fromDatabase = database.get(q);
            assertEquals(200, fromDatabase.statusCode(), fromDatabase.body());
            assertEquals(fromDatabase.body(), fromMemory.body(), "seed " + SEED + ": " + q);
            var csvFromMemory = memory.get(q + "&format=csv");
            var csvFromDatabase = database.get(q + "&format=csv");
            assertEquals(200, csvFromDatabase.statusCode(), csvFromDatabase.body());
            assertEquals(csvFromDatabase.body(), csvFromMemory.body(), "seed " + SEED + ": CSV " + q);
            Map<String, Object> json = ExactJson.object(fromMemory.body());
            assertEquals(csv(json), csvFromMemory.body(), "seed " + SEED + ": CSV vs JSON " + q);
            cursor = (String) json.get("next_cursor");
            assertEquals(cursor, csvFromMemory.headers().firstValue("x-next-cursor").orElse(null));
            assertEquals(cursor, csvFromDatabase.headers().firstValue("x-next-cursor").orElse(null));
            pages++;
        } while (cursor != null);
        return pages;
    }

    /** The CSV reply a JSON reply's ticks should have (RFC 4180 quoting; null an empty field). */
    @SuppressWarnings("unchecked")
    private static String csv(Map<String, Object> json) {
        String[] columns = {"timestamp", "sequence_number", "bid_price", "ask_price", "bid_size", "ask_size",
                "last_price", "last_size", "volume", "conditions", "tape"};
        StringBuilder out = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> tick : (List<Map<String, Object>>) json.get("ticks")) {
            for (int c = 0; c < columns.length; c++) {
                Object v = tick.get(columns[c]);
                out.append(c == 0 ? "" : ",");
                if (v instanceof BigDecimal d) {
                    out.append(d.toPlainString());
                } else if (v instanceof String text && c >= 9
                        && (text.isEmpty() || text.matches("(?s).*[,\"\r\n].*"))) {
                    out.append('"').append(text.replace("\"", "\"\"")).append('"');
                } else if (v != null) {
                    out.append(v);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static List<JsonObject> ticks(Random r, long[] sequences, int n, long from, long to) {
        List<JsonObject> out = new ArrayList<>();
        long span = (to - from) / 1_000; // millisecond steps: many ticks share a timestamp
        for (int i = 0; i < n; i++) {
            int f = i % 5 < 3 ? 0 : 1 + r.nextInt(FEEDS.length - 1);
            JsonObject t = new JsonObject().put("type", "tick").put("exchange", FEEDS[f][0]).put("symbol", FEEDS[f][1])
                    .put("timestamp", from + r.nextInt((int) span) * 1_000L).put("sequence_number", sequences[f]++);
            long price = 100_00000000L + r.nextInt(1_000_000_000);
            boolean trade = r.nextBoolean();
            if (!trade || r.nextBoolean()) {
                t.put("bid_price", decimal(price)).put("ask_price", decimal(price + r.nextInt(5_000_000)))
                        .put("bid_size", decimal(r.nextInt(1_000_000_000))).put("ask_size", decimal(r.nextInt(1000)));
            }
            if (trade) {
                t.put("last_price", decimal(price)).put("last_size", decimal(1 + r.nextInt(10_000_000)))
                        .put("volume", decimal(r.nextLong() & 0xFFFF_FFFF_FFFFL));
            }
            if (r.nextInt(4) == 0) {
                t.put("conditions", new String[] {"@ F", "F,é", "é"}[r.nextInt(3)] + r.nextInt(3))
                        .put("tape", r.nextBoolean() ? "C" : "A \"quoted\"");
            }
            out.add(t);
        }
        return out;
    }

    private static String decimal(long units) {
        return BigDecimal.valueOf(units, 8).toPlainString();
    }

    private static List<String> frames(Random r, List<JsonObject> ticks) {
        List<JsonObject> shuffled = new ArrayList<>(ticks);
        Collections.shuffle(shuffled, r);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < shuffled.size(); ) {
            int n = Math.min(shuffled.size() - i, 1 + r.nextInt(400));
            frames.add(new JsonArray(new ArrayList<>(shuffled.subList(i, i + n))).encode());
            i += n;
        }
        return frames;
    }

    private static void send(List<String> frames) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            for (TestServer target : List.of(memory, database)) {
                try (IngestClient c = IngestClient.connect(vertx, target.port())) {
                    for (String frame : frames) {
                        JsonObject reply = c.request(frame);
                        assertEquals("ok", reply.getString("status"), reply.encode());
                    }
                }
                target.awaitApplied();
            }
        } finally {
            vertx.close().await();
        }
    }
}
