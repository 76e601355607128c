package io.tickstore.store.dedupe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * Reads a snapshot's body (already checksummed) from a file, through one buffer, refusing to read
 * past its end. The encodings are {@link DedupeSnapshot}'s. An error names the item being read
 * ({@link #item}) and the field (the {@code what} arguments: constants, so reading builds no
 * strings). One thread.
 */
final class SnapshotInput {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final String file;
    private final long end;
    private long position;
    private byte[] bytes = new byte[64];
    private final HashMap<String, String> repeated = new HashMap<>();
    private String itemKind = "header";
    private long itemNumber = -1;

    /** Reads {@code [from, end)} of {@code channel}; {@code file} names it in errors. */
    SnapshotInput(FileChannel channel, long from, long end, String file) {
        this.channel = channel;
        this.position = from;
        this.end = end;
        this.file = file;
        buffer.limit(0);
    }

    byte readByte(String what) throws IOException {
        need(1, what);
        return buffer.get();
    }

    long readLong(String what) throws IOException {
        need(8, what);
        return buffer.getLong();
    }

    long readVarLong(String what) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = readByte(what);
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw malformed(what + " is not a valid varint");
    }

    /** A count that must fit an int and cannot exceed what the rest of the body could hold. */
    int readCount(String what) throws IOException {
        long n = readVarLong(what);
        if (n < 0 || n > Integer.MAX_VALUE || n > remaining()) {
            throw malformed(what + " " + Long.toUnsignedString(n) + " is impossible (" + remaining()
                    + " bytes left)");
        }
        return (int) n;
    }

    /** Which item the next reads belong to (for errors): e.g. order number 7 of the file. */
    void item(String kind, long number) {
        itemKind = kind;
        itemNumber = number;
    }

    /**
     * A string that is mostly one of a few values (exchange, symbol, strategy): one shared instance
     * per value, so a hundred thousand orders of one exchange hold one string.
     */
    String readRepeatedString(String what) throws IOException {
        String s = readString(what);
        if (s == null) {
            return null;
        }
        String shared = repeated.putIfAbsent(s, s);
        return shared == null ? s : shared;
    }

    String readString(String what) throws IOException {
        int n = stringLength(what);
        if (n < 0) {
            return null;
        }
        boolean ascii = readBytes(n, what);
        return new String(bytes, 0, n, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    /** Bytes of the body not read yet. */
    long remaining() {
        return end - position + buffer.remaining();
    }

    IOException malformed(String problem) {
        return new IOException("dedupe snapshot " + file + " is malformed although its checksum matches: "
                + itemKind + (itemNumber < 0 ? "" : " " + itemNumber) + ": " + problem);
    }

    /** -1 for null. */
    private int stringLength(String what) throws IOException {
        long n = readVarLong(what);
        if (n == 0) {
            return -1;
        }
        if (n < 0 || n - 1 > remaining() || n - 1 > Integer.MAX_VALUE - 8) {
            throw malformed(what + ": string length " + Long.toUnsignedString(n - 1) + " is impossible");
        }
        return (int) (n - 1);
    }

    /** Reads {@code n} bytes into {@link #bytes}; true when they are all ASCII. */
    private boolean readBytes(int n, String what) throws IOException {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, bytes.length * 2)];
        }
        boolean ascii = true;
        for (int i = 0; i < n; ) {
            need(1, what);
            int chunk = Math.min(buffer.remaining(), n - i);
            buffer.get(bytes, i, chunk);
            for (int j = i; j < i + chunk; j++) {
                ascii &= bytes[j] >= 0;
            }
            i += chunk;
        }
        return ascii;
    }

    private void need(int n, String what) throws IOException {
        if (buffer.remaining() >= n) {
            return;
        }
        buffer.compact();
        while (buffer.position() < n) {
            if (position >= end) {
                throw malformed("the body ends inside " + what);
            }
            int max = (int) Math.min(buffer.remaining(), end - position);
            ByteBuffer window = buffer.duplicate();
            window.limit(window.position() + max);
            int read = channel.read(window, position);
            if (read < 0) {
                throw new IOException("dedupe snapshot " + file + " ended while being read");
            }
            position += read;
            buffer.position(buffer.position() + read);
        }
        buffer.flip();
    }
}
