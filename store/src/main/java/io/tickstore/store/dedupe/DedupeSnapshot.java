package io.tickstore.store.dedupe;

import io.tickstore.store.model.OrderRecord;
import io.tickstore.store.model.OrderStatus;
import io.tickstore.store.model.OrderType;
import io.tickstore.store.model.Side;
import io.tickstore.store.model.TimeInForce;
import io.tickstore.store.orders.OrderBook;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deduplication snapshot: a {@link DedupeState} as of a journal index S, in
 * {@code DATA_DIR/dedupe/snapshot.bin}, so that start-up loads it and replays the journal after S
 * instead of scanning every stored row. Written by {@link DedupeSnapshotSink} (and once by
 * {@link DedupeFromDuckDb}); documented for operators in docs/durability.md.
 *
 * <p><b>Format, version 1.</b> Fixed-width integers are big-endian; a varint is unsigned LEB128
 * (seven bits a byte, low bits first, high bit set on every byte but the last); a string is a varint
 * of its UTF-8 length + 1 (0 = null) and the UTF-8 bytes.
 * <pre>
 * header, 36 bytes
 *   0  8  magic "TSDEDUPE" (ASCII)
 *   8  4  format version (int32) = 1
 *  12  8  journal index S (int64): the state holds every journal message up to and including S (-1: none)
 *  20  8  body length in bytes (int64); the file is exactly 36 + body length bytes
 *  28  4  CRC32C of the body (int32)
 *  32  4  CRC32C of header bytes 0..31 (int32)
 * body
 *   varint feed count, varint trade id count, varint order count
 *   per feed (exchange, symbol):
 *     string exchange, string symbol
 *     int64  highest sequence number (Long.MIN_VALUE: none)
 *     varint run count, then the runs of consecutive sequence numbers in unsigned order
 *       (a gap-free feed is one run; the gaps between runs are the feed's open gaps):
 *       first run:  varint first (as unsigned), varint (last - first)
 *       later runs: varint (first - previous last - 2), varint (last - first)
 *   each trade id (string)
 *   per order, every field of OrderRecord:
 *     string order_id, client_order_id, exchange, symbol, strategy_id
 *     byte   side, order_type, time_in_force, status (the journal's codes; 0 = null)
 *     int64  quantity, price, stop_price, filled_quantity, average_fill_price (units of 1e-8;
 *            Long.MIN_VALUE = null), created_at, updated_at (epoch microseconds; Long.MIN_VALUE = null)
 * </pre>
 * The client_order_id map is not stored: it follows from the orders' states ({@link OrderBook#restore}).
 * A reader refuses a file with another magic or version, a checksum that does not match, or a length
 * other than the header says, naming the file and the problem; a change to the layout is a new
 * version.
 *
 * <p><b>Atomic replacement.</b> A snapshot is written to {@code snapshot.bin.tmp} in the same
 * directory, forced to disk, renamed over {@code snapshot.bin} (an atomic rename), and the directory
 * is forced, so a kill -9 or a power loss at any instant leaves the previous snapshot or the new one
 * whole. A leftover {@code .tmp} (a writer killed mid-write) is never read; the next write or load
 * deletes it.
 *
 * <p>The snapshot lives in its own directory rather than in {@code DATA_DIR/journal/}: that
 * directory is Chronicle Queue's (its file listing, metadata and tools), and keeping foreign files
 * out of it keeps a journal copy or replacement a Chronicle-only affair.
 */
public final class DedupeSnapshot {
    private static final Logger LOG = LoggerFactory.getLogger(DedupeSnapshot.class);

    /** The snapshot's directory under the data directory. */
    public static final String DIR = "dedupe";
    public static final String FILE = "snapshot.bin";
    static final String TEMP_FILE = FILE + ".tmp";
    public static final int VERSION = 1;
    static final byte[] MAGIC = "TSDEDUPE".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_LENGTH = 36;
    private static final int HEADER_CRC_OFFSET = 32;

    private DedupeSnapshot() {
    }

    /** {@code DATA_DIR/dedupe/snapshot.bin}. */
    public static Path file(Path dataDir) {
        return dataDir.resolve(DIR).resolve(FILE);
    }

    public static boolean exists(Path dataDir) {
        return Files.exists(file(dataDir));
    }

    /**
     * Writes {@code state} as the snapshot of its {@link DedupeState#journalIndex()}, replacing the
     * previous one atomically, and marks the state as snapshotted. The state must not change
     * meanwhile (call it from the thread that owns the state).
     */
    public static void write(Path dataDir, DedupeState state) throws IOException {
        Path dir = dataDir.resolve(DIR);
        Files.createDirectories(dir);
        Path temp = dir.resolve(TEMP_FILE);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            SnapshotOutput out = new SnapshotOutput(channel, HEADER_LENGTH);
            writeBody(out, state);
            out.flush();
            ByteBuffer header = header(state.journalIndex(), out.length(), out.crc());
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
            channel.force(true);
        }
        Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
        state.snapshotWritten();
    }

    /**
     * Start-up: the state the snapshot in {@code dataDir} holds, or null when there is none (a new
     * data directory, or one of a build before snapshots: see {@link DedupeFromDuckDb}). Deletes a
     * temporary file a killed writer left.
     *
     * @param gapLog where the returned deduplicator logs the gaps of what it admits later
     * @throws IOException naming the file and the problem when the snapshot cannot be trusted (wrong
     *         magic or version, truncated, checksum mismatch): start-up must stop rather than
     *         deduplicate against a wrong state
     */
    public static DedupeState load(Path dataDir, GapLog gapLog) throws IOException {
        Path dir = dataDir.resolve(DIR);
        if (Files.deleteIfExists(dir.resolve(TEMP_FILE))) {
            LOG.info("deleted {} left by a snapshot write that did not finish", dir.resolve(TEMP_FILE));
        }
        Path file = dir.resolve(FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel, file.toString(), gapLog);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static DedupeState read(FileChannel channel, String file, GapLog gapLog) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
            // read what there is of the header
        }
        header.flip();
        String prefix = "dedupe snapshot " + file + ": ";
        byte[] magic = new byte[MAGIC.length];
        if (header.remaining() >= MAGIC.length) {
            header.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(prefix + "not a deduplication snapshot (expected magic TSDEDUPE, got "
                        + printable(magic) + ")");
            }
        }
        if (header.limit() < HEADER_LENGTH) {
            throw new IOException(prefix + "truncated: " + size + " bytes, shorter than the " + HEADER_LENGTH
                    + "-byte header");
        }
        int version = header.getInt(8);
        if (version != VERSION) {
            throw new IOException(prefix + "format version " + version + ", this build reads version " + VERSION);
        }
        CRC32C headerCrc = new CRC32C();
        headerCrc.update(header.array(), 0, HEADER_CRC_OFFSET);
        if ((int) headerCrc.getValue() != header.getInt(HEADER_CRC_OFFSET)) {
            throw new IOException(prefix + "header checksum mismatch (the file is corrupt)");
        }
        long journalIndex = header.getLong(12);
        long bodyLength = header.getLong(20);
        int bodyCrc = header.getInt(28);
        if (size != HEADER_LENGTH + bodyLength) {
            throw new IOException(prefix + (size < HEADER_LENGTH + bodyLength ? "truncated" : "too long") + ": "
                    + size + " bytes, the header says " + (HEADER_LENGTH + bodyLength));
        }
        if (checksum(channel, HEADER_LENGTH, size) != bodyCrc) {
            throw new IOException(prefix + "checksum mismatch (the file is corrupt)");
        }
        SnapshotInput in = new SnapshotInput(channel, HEADER_LENGTH, size, file);
        in.item("counts", -1);
        int feeds = in.readCount("the feed count");
        int trades = in.readCount("the trade id count");
        int orders = in.readCount("the order count");
        DedupeState state = new DedupeState(new Deduplicator(gapLog, trades), new OrderBook(orders), journalIndex,
                journalIndex);
        readBody(in, state, feeds, trades, orders);
        if (in.remaining() != 0) {
            in.item("end", -1);
            throw in.malformed(in.remaining() + " bytes after the last order");
        }
        return state;
    }

    private static void writeBody(SnapshotOutput out, DedupeState state) throws IOException {
        Deduplicator d = state.deduplicator();
        OrderBook orders = state.orders();
        SequenceRuns runs = new SequenceRuns();
        out.writeVarLong(d.feedCount());
        out.writeVarLong(d.tradeIdCount());
        out.writeVarLong(orders.size());
        d.forEachFeed((exchange, symbol, f) -> {
            out.writeString(exchange);
            out.writeString(symbol);
            out.writeLong(f.highest);
            out.writeVarLong(runs.count(f.seen()));
            long[] previousLast = {0};
            boolean[] first = {true};
            runs.forEach(f.seen(), (runFirst, runLast) -> {
                out.writeVarLong(first[0] ? runFirst : runFirst - previousLast[0] - 2);
                out.writeVarLong(runLast - runFirst);
                first[0] = false;
                previousLast[0] = runLast;
            });
        });
        for (String id : d.tradeIds()) {
            out.writeString(id);
        }
        orders.forEachOrder(o -> writeOrder(out, o));
    }

    private static void writeOrder(SnapshotOutput out, OrderRecord o) throws IOException {
        out.writeString(o.orderId);
        out.writeString(o.clientOrderId);
        out.writeString(o.exchange);
        out.writeString(o.symbol);
        out.writeString(o.strategyId);
        out.writeByte(o.side == null ? 0 : o.side.code());
        out.writeByte(o.orderType == null ? 0 : o.orderType.code());
        out.writeByte(o.timeInForce == null ? 0 : o.timeInForce.code());
        out.writeByte(o.status == null ? 0 : o.status.code());
        out.writeLong(o.quantity);
        out.writeLong(o.price);
        out.writeLong(o.stopPrice);
        out.writeLong(o.filledQuantity);
        out.writeLong(o.averageFillPrice);
        out.writeLong(o.createdAt);
        out.writeLong(o.updatedAt);
    }

    private static void readBody(SnapshotInput in, DedupeState state, int feeds, int trades, int orderCount)
            throws IOException {
        Deduplicator d = state.deduplicator();
        for (int i = 0; i < feeds; i++) {
            in.item("feed", i);
            String exchange = in.readRepeatedString("exchange");
            String symbol = in.readRepeatedString("symbol");
            if (exchange == null || symbol == null) {
                throw in.malformed("a null exchange or symbol");
            }
            FeedSequences f = d.feedToRestore(exchange, symbol);
            f.highest = in.readLong("the highest sequence number");
            int runCount = in.readCount("the run count");
            long last = 0;
            for (int r = 0; r < runCount; r++) {
                long first = in.readVarLong("a run's start");
                if (r > 0) {
                    first += last + 2;
                }
                last = first + in.readVarLong("a run's length");
                f.addRun(first, last);
            }
            if (runCount > 0 ? !f.seen().contains(f.highest) : f.highest != FeedSequences.NONE) {
                throw in.malformed(exchange + " " + symbol + ": the highest sequence number " + f.highest
                        + " is not among its sequence numbers");
            }
        }
        for (int i = 0; i < trades; i++) {
            in.item("trade id", i);
            String id = in.readString("trade_id");
            if (id == null) {
                throw in.malformed("null");
            }
            d.restoreTrade(id);
        }
        OrderRecord o = new OrderRecord();
        for (int i = 0; i < orderCount; i++) {
            in.item("order", i);
            readOrder(in, o);
            state.orders().restore(o);
        }
    }

    private static void readOrder(SnapshotInput in, OrderRecord o) throws IOException {
        o.clear();
        o.orderId = in.readString("order_id");
        if (o.orderId == null) {
            throw in.malformed("no order_id");
        }
        o.clientOrderId = in.readString("client_order_id");
        o.exchange = in.readRepeatedString("exchange");
        o.symbol = in.readRepeatedString("symbol");
        o.strategyId = in.readRepeatedString("strategy_id");
        try {
            o.side = Side.byCode(in.readByte("side"));
            o.orderType = OrderType.byCode(in.readByte("order_type"));
            o.timeInForce = TimeInForce.byCode(in.readByte("time_in_force"));
            o.status = OrderStatus.byCode(in.readByte("status"));
        } catch (IllegalArgumentException e) {
            throw in.malformed(o.orderId + ": " + e.getMessage());
        }
        o.quantity = in.readLong("quantity");
        o.price = in.readLong("price");
        o.stopPrice = in.readLong("stop_price");
        o.filledQuantity = in.readLong("filled_quantity");
        o.averageFillPrice = in.readLong("average_fill_price");
        o.createdAt = in.readLong("created_at");
        o.updatedAt = in.readLong("updated_at");
    }

    private static ByteBuffer header(long journalIndex, long bodyLength, int bodyCrc) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_LENGTH);
        h.put(MAGIC).putInt(VERSION).putLong(journalIndex).putLong(bodyLength).putInt(bodyCrc);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, HEADER_CRC_OFFSET);
        h.putInt((int) crc.getValue());
        return h.flip();
    }

    private static int checksum(FileChannel channel, long from, long to) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        long position = from;
        while (position < to) {
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), to - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                break;
            }
            position += n;
            buffer.flip();
            crc.update(buffer);
        }
        return (int) crc.getValue();
    }

    private static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xFF));
        }
        return sb.toString();
    }

    /** Makes a rename in {@code dir} durable (Linux: fsync on the directory). */
    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
