package io.tickstore.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Seeded random ticks of one feed with exact 8-decimal prices and sizes: trades clustered in a
 * daily session (so bars hold several trades), some spread over whole days, some sharing a
 * timestamp (told apart by sequence number), some zero sizes, plus quote-only ticks.
 */
final class RandomTicks {
    static final long SECOND = 1_000_000L;
    static final long DAY = 86_400 * SECOND;
    private static final long SESSION_START = (14 * 3600 + 30 * 60) * SECOND;
    private static final long SESSION_LENGTH = 2 * 3600 * SECOND;

    private RandomTicks() {
    }

    /** One tick; decimals null where absent. */
    record Tick(String exchange, String symbol, long time, long sequence, BigDecimal bid, BigDecimal bidSize,
                BigDecimal ask, BigDecimal askSize, BigDecimal last, BigDecimal lastSize) {

        boolean isTrade() {
            return last != null;
        }

        JsonObject json() {
            JsonObject o = new JsonObject().put("type", "tick").put("exchange", exchange).put("symbol", symbol)
                    .put("timestamp", time).put("sequence_number", sequence);
            decimal(o, "bid_price", bid);
            decimal(o, "bid_size", bidSize);
            decimal(o, "ask_price", ask);
            decimal(o, "ask_size", askSize);
            decimal(o, "last_price", last);
            decimal(o, "last_size", lastSize);
            return o;
        }

        private static void decimal(JsonObject o, String field, BigDecimal v) {
            if (v != null) {
                o.put(field, v.toPlainString()); // the protocol takes a decimal as a string or a number
            }
        }
    }

    /**
     * {@code trades} trade ticks and {@code quotes} quote-only ticks in [start, start + days),
     * sequence numbers from {@code firstSequence} in timestamp order (ties in random order).
     */
    static List<Tick> feed(Random r, String exchange, String symbol, long start, int days, int trades, int quotes,
                           long firstSequence) {
        List<Long> times = new ArrayList<>();
        List<Boolean> isTrade = new ArrayList<>();
        long previous = start + SESSION_START;
        for (int i = 0; i < trades + quotes; i++) {
            long t;
            if (i > 0 && r.nextInt(10) == 0) {
                t = previous; // same timestamp, a different sequence number
            } else if (r.nextInt(5) > 0) {
                t = start + r.nextInt(days) * DAY + SESSION_START + (long) (r.nextDouble() * SESSION_LENGTH);
            } else {
                t = start + (long) (r.nextDouble() * days * DAY);
            }
            times.add(t);
            isTrade.add(i < trades);
            previous = t;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, r);
        order.sort(Comparator.comparing(times::get)); // stable: ties keep their shuffled order
        List<Tick> out = new ArrayList<>(order.size());
        long price = 100 * 100_000_000L + r.nextInt(50_000) * 100_000_000L / 100;
        long sequence = firstSequence;
        for (int i : order) {
            price = Math.max(100_000_000L, price + r.nextLong() % 50_000_000L);
            out.add(isTrade.get(i) ? trade(r, exchange, symbol, times.get(i), sequence++, price)
                    : quote(r, exchange, symbol, times.get(i), sequence++, price));
        }
        return out;
    }

    /** A trade tick; one in five also carries a bid and an ask. */
    static Tick trade(Random r, String exchange, String symbol, long time, long sequence, long price) {
        long size = r.nextInt(50) == 0 ? 0 : 1 + Math.floorMod(r.nextLong(), 100_000_000_000L);
        if (r.nextInt(5) == 0) {
            long spread = 1 + r.nextInt(1_000_000);
            return new Tick(exchange, symbol, time, sequence, d(price - spread), d(size(r)), d(price + spread), null,
                    d(price), d(size));
        }
        return new Tick(exchange, symbol, time, sequence, null, null, null, null, d(price), d(size));
    }

    /** A quote-only tick: a bid, an ask, or both; sizes sometimes absent. */
    static Tick quote(Random r, String exchange, String symbol, long time, long sequence, long price) {
        long spread = 1 + r.nextInt(1_000_000);
        int sides = r.nextInt(3);
        BigDecimal bid = sides != 1 ? d(price - spread) : null;
        BigDecimal ask = sides != 0 ? d(price + spread) : null;
        BigDecimal bidSize = bid != null && r.nextBoolean() ? d(size(r)) : null;
        BigDecimal askSize = ask != null && r.nextBoolean() ? d(size(r)) : null;
        return new Tick(exchange, symbol, time, sequence, bid, bidSize, ask, askSize, null, null);
    }

    static long size(Random r) {
        return Math.floorMod(r.nextLong(), 100_000_000_000L);
    }

    static BigDecimal d(long units) {
        return BigDecimal.valueOf(units, 8);
    }

    /** Frames to send, and the ticks in the order the server receives them when sent on one connection. */
    record Shuffled(List<String> frames, List<Tick> arrival) {
    }

    /** {@code ticks} shuffled and cut into frames of 1..{@code maxFrame} messages. */
    static Shuffled shuffledFrames(Random r, List<Tick> ticks, int maxFrame) {
        List<Tick> shuffled = new ArrayList<>(ticks);
        Collections.shuffle(shuffled, r);
        List<String> frames = new ArrayList<>();
        int i = 0;
        while (i < shuffled.size()) {
            int n = Math.min(shuffled.size() - i, 1 + r.nextInt(maxFrame));
            JsonArray frame = new JsonArray();
            for (Tick t : shuffled.subList(i, i + n)) {
                frame.add(t.json());
            }
            frames.add(frame.encode());
            i += n;
        }
        return new Shuffled(frames, shuffled);
    }
}
