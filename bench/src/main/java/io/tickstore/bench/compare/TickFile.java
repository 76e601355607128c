package io.tickstore.bench.compare;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * The generated stream on disk, written once per run and read by every target. Layout (big-endian),
 * version 1:
 * <pre>
 * header, 128 bytes: magic "TSBENCH" 0x01, int version, long seed, long ticks, int symbols,
 *                    long start (epoch us), int days, long trades, long quotes,
 *                    short length + UTF-8 exchange (at most 32 bytes), zero padding
 * per tick:          byte kind (1 trade, 0 quote), int symbol, long sequence_number, long timestamp (epoch us),
 *                    trade: long last_price, long last_size; quote: long bid_price, long ask_price,
 *                    long bid_size, long ask_size (Decimal8 units)
 * </pre>
 */
final class TickFile {
    static final int VERSION = 1;
    private static final byte[] MAGIC = {'T', 'S', 'B', 'E', 'N', 'C', 'H', 1};
    private static final int HEADER_BYTES = 128;
    private static final int MAX_RECORD_BYTES = 1 + 4 + 8 + 8 + 4 * 8;
    private static final int BUFFER_BYTES = 1 << 20;

    /** What {@link #write} made: the counts, the file size and the SHA-256 of the tick records. */
    record Written(DataSet data, Path path, long trades, long quotes, long bytes, String sha256, double seconds) {
    }

    private TickFile() {
    }

    /** Generates {@code data} into {@code path} (replaced if present). */
    static Written write(DataSet data, Path path) throws IOException {
        return write(data, path, rows -> { });
    }

    /** As {@link #write(DataSet, Path)}, telling {@code rowsWritten} the ticks written so far after each buffer. */
    static Written write(DataSet data, Path path, LongConsumer rowsWritten) throws IOException {
        long started = System.nanoTime();
        MessageDigest digest = sha256();
        TickGenerator generator = new TickGenerator(data);
        TickRow row = new TickRow();
        long trades = 0;
        long quotes = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.allocate(HEADER_BYTES), 0); // filled in at the end
            ch.position(HEADER_BYTES);
            ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
            while (generator.next(row)) {
                if (buf.remaining() < MAX_RECORD_BYTES) {
                    flush(ch, buf, digest);
                    rowsWritten.accept(trades + quotes);
                }
                buf.put((byte) (row.trade ? 1 : 0)).putInt(row.symbol).putLong(row.sequence).putLong(row.timestamp);
                if (row.trade) {
                    buf.putLong(row.lastPrice).putLong(row.lastSize);
                    trades++;
                } else {
                    buf.putLong(row.bidPrice).putLong(row.askPrice).putLong(row.bidSize).putLong(row.askSize);
                    quotes++;
                }
            }
            flush(ch, buf, digest);
            rowsWritten.accept(trades + quotes);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            header.put(MAGIC).putInt(VERSION).putLong(data.seed()).putLong(data.ticks()).putInt(data.symbols())
                    .putLong(data.startMicros()).putInt(data.days()).putLong(trades).putLong(quotes);
            byte[] exchange = data.exchange().getBytes(StandardCharsets.UTF_8);
            if (exchange.length > 32) {
                throw new IllegalArgumentException("exchange longer than 32 bytes: " + data.exchange());
            }
            header.putShort((short) exchange.length).put(exchange);
            header.clear();
            ch.write(header, 0);
            long bytes = ch.size();
            return new Written(data, path, trades, quotes, bytes, HexFormat.of().formatHex(digest.digest()),
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static void flush(FileChannel ch, ByteBuffer buf, MessageDigest digest) throws IOException {
        buf.flip();
        digest.update(buf.array(), 0, buf.limit());
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a file {@link #write} made, tick after tick into one reused {@link TickRow}. Single-threaded. */
    static final class Reader implements AutoCloseable {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
        private final DataSet data;
        private final long trades;
        private final long quotes;
        private long read;
        private boolean eof;

        Reader(Path path) throws IOException {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            try {
                ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES);
                while (h.hasRemaining() && ch.read(h) >= 0) {
                    // fill the header
                }
                h.flip();
                byte[] magic = new byte[MAGIC.length];
                if (h.remaining() < HEADER_BYTES) {
                    throw new IOException(path + ": not a tick file (shorter than its header)");
                }
                h.get(magic);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw new IOException(path + ": not a tick file (bad magic)");
                }
                int version = h.getInt();
                if (version != VERSION) {
                    throw new IOException(path + ": expected tick file version " + VERSION + ", got " + version);
                }
                long seed = h.getLong();
                long ticks = h.getLong();
                int symbols = h.getInt();
                long start = h.getLong();
                int days = h.getInt();
                trades = h.getLong();
                quotes = h.getLong();
                byte[] exchange = new byte[h.getShort()];
                h.get(exchange);
                data = new DataSet(seed, ticks, symbols, new String(exchange, StandardCharsets.UTF_8), start, days);
                buf.limit(0);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        DataSet data() {
            return data;
        }

        long trades() {
            return trades;
        }

        long quotes() {
            return quotes;
        }

        /** The next tick into {@code row}; false at the end. */
        boolean next(TickRow row) throws IOException {
            if (read == data.ticks()) {
                return false;
            }
            if (buf.remaining() < MAX_RECORD_BYTES && !eof) {
                buf.compact();
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        eof = true;
                        break;
                    }
                }
                buf.flip();
            }
            boolean trade = buf.hasRemaining() && buf.get(buf.position()) == 1;
            if (buf.remaining() < (trade ? 1 + 4 + 8 + 8 + 2 * 8 : MAX_RECORD_BYTES)) {
                throw new IOException("tick file ends inside tick " + (read + 1) + " of " + data.ticks());
            }
            buf.get();
            int symbol = buf.getInt();
            long sequence = buf.getLong();
            long time = buf.getLong();
            if (trade) {
                row.trade(symbol, sequence, time, buf.getLong(), buf.getLong());
            } else {
                row.quote(symbol, sequence, time, buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
            }
            read++;
            return true;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
