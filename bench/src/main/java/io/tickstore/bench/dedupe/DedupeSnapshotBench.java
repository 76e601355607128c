package io.tickstore.bench.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.dedupe.DedupeSnapshot;
import io.tickstore.store.dedupe.DedupeState;
import io.tickstore.store.dedupe.GapLog;
import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.IngestMessage;
import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TimeInForce;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code tickstore dedupe-snapshot}: what the deduplication snapshot costs at start-up. Builds a
 * state the way the snapshot sink does (sequence numbers one at a time, with a gap every
 * {@code --gap-every} numbers), writes it, then loads it {@code --rounds} times and prints the file
 * size and the write, load and copy times (wall, and CPU of the thread doing it). Only the snapshot
 * code: no journal, DuckDB or server.
 */
public final class DedupeSnapshotBench {
    private DedupeSnapshotBench() {
    }

    /** The state to build, and how many times to load it. */
    record Options(int feeds, long perFeed, long gapEvery, int trades, int orders, int rounds) {
    }

    /** Builds, writes and loads a snapshot of that size in a temp dir (deleted after); prints the figures. */
    static void run(Options o, PrintWriter out) throws IOException {
        Path dir = Files.createTempDirectory("tickstore-dedupe-bench");
        try {
            measure(o, dir, out);
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void measure(Options o, Path dir, PrintWriter out) throws IOException {
        GapLog gapLog = new GapLog(1, new SimpleMeterRegistry());
        DedupeState state = new DedupeState(gapLog);
        long sequences = 0;
        for (int f = 0; f < o.feeds(); f++) {
            String symbol = "SYM" + f;
            for (long seq = 1; seq <= o.perFeed(); seq++) {
                if (o.gapEvery() > 0 && seq % o.gapEvery() == 0) {
                    continue;
                }
                state.deduplicator().restoreTick("BENCH", symbol, seq);
                sequences++;
            }
        }
        for (int t = 0; t < o.trades(); t++) {
            state.deduplicator().restoreTrade("trade-" + t);
        }
        OrderRecord order = new OrderRecord();
        OrderStatus[] statuses = OrderStatus.values();
        for (int i = 0; i < o.orders(); i++) {
            order.clear();
            order.orderId = "order-" + i;
            order.clientOrderId = "client-" + i;
            order.exchange = "BENCH";
            order.symbol = "SYM" + (i % Math.max(1, o.feeds()));
            order.strategyId = "strategy-" + (i % 10);
            order.side = i % 2 == 0 ? Side.BUY : Side.SELL;
            order.orderType = OrderType.LIMIT;
            order.timeInForce = TimeInForce.DAY;
            order.quantity = Decimal8.parse("100");
            order.price = Decimal8.parse("190.12345678");
            order.status = statuses[i % statuses.length];
            order.filledQuantity = 0;
            order.createdAt = 1_704_205_800_000_000L + i;
            order.updatedAt = order.createdAt;
            state.orders().restore(order);
        }
        IngestMessage mark = new IngestMessage();
        mark.portfolioSnapshot(0);
        state.apply(1_000_000, mark);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] writes = new long[o.rounds()];
        long[] writesCpu = new long[o.rounds()];
        long[] loads = new long[o.rounds()];
        long[] loadsCpu = new long[o.rounds()];
        long[] copies = new long[o.rounds()];
        long[] copiesCpu = new long[o.rounds()];
        for (int r = 0; r < o.rounds(); r++) {
            long start = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            DedupeSnapshot.write(dir, state);
            writes[r] = System.nanoTime() - start;
            writesCpu[r] = threads.getCurrentThreadCpuTime() - cpu;
            System.gc();
            start = System.nanoTime();
            cpu = threads.getCurrentThreadCpuTime();
            DedupeState loaded = DedupeSnapshot.load(dir, gapLog);
            loads[r] = System.nanoTime() - start;
            loadsCpu[r] = threads.getCurrentThreadCpuTime() - cpu;
            if (loaded.journalIndex() != state.journalIndex() || loaded.orders().size() != o.orders()
                    || loaded.deduplicator().tradeIdCount() != o.trades()) {
                throw new IllegalStateException("the loaded snapshot differs from what was written");
            }
            start = System.nanoTime();
            cpu = threads.getCurrentThreadCpuTime();
            DedupeState copy = loaded.copy();
            copies[r] = System.nanoTime() - start;
            copiesCpu[r] = threads.getCurrentThreadCpuTime() - cpu;
            if (copy.orders().size() != o.orders()) {
                throw new IllegalStateException("the copy differs");
            }
        }
        out.printf("state: %d feeds, %,d sequence numbers (%s), %,d trade ids, %,d orders%n", o.feeds(), sequences,
                o.gapEvery() == 0 ? "no gaps" : "a gap every " + o.gapEvery(), o.trades(), o.orders());
        out.printf("snapshot file: %,d bytes%n", Files.size(DedupeSnapshot.file(dir)));
        out.printf("write (incl. fsync): %s; its thread's CPU %s%n", millis(writes), millis(writesCpu));
        out.printf("load:                %s; its thread's CPU %s%n", millis(loads), millis(loadsCpu));
        out.printf("copy (for the sink): %s; its thread's CPU %s%n", millis(copies), millis(copiesCpu));
        out.printf("%d rounds; wall time, and CPU time of the thread doing it (robust on a shared machine: "
                + "no time waiting for a core, no GC threads); java %s, %d cores%n", o.rounds(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }

    /** "first W, min X, median Y, max Z ms": the first round runs cold, as a start-up does. */
    private static String millis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("first %d, min %d, median %d, max %d ms", nanos[0] / 1_000_000, sorted[0] / 1_000_000,
                sorted[sorted.length / 2] / 1_000_000, sorted[sorted.length - 1] / 1_000_000);
    }
}
