package io.tickstore.store.dedupe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes a snapshot's body into a file from a given position, through one buffer, keeping the
 * CRC32C and length of everything written. The encodings are {@link DedupeSnapshot}'s. One thread.
 */
final class SnapshotOutput {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final CRC32C crc = new CRC32C();
    private long position;
    private long length;

    SnapshotOutput(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
    }

    void writeByte(int b) throws IOException {
        room(1);
        buffer.put((byte) b);
    }

    void writeLong(long v) throws IOException {
        room(8);
        buffer.putLong(v);
    }

    /** Unsigned LEB128: seven bits a byte, low bits first; 1 to 10 bytes. */
    void writeVarLong(long v) throws IOException {
        room(10);
        while ((v & ~0x7FL) != 0) {
            buffer.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.put((byte) v);
    }

    /** A varint of the UTF-8 length + 1 (0 for null), then the UTF-8 bytes. */
    void writeString(String s) throws IOException {
        if (s == null) {
            writeVarLong(0);
            return;
        }
        int n = s.length();
        if (isAscii(s, n)) {
            writeVarLong(n + 1L);
            for (int i = 0; i < n; i++) {
                room(1);
                buffer.put((byte) s.charAt(i));
            }
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeVarLong(utf8.length + 1L);
        for (int i = 0; i < utf8.length; ) {
            room(1);
            int chunk = Math.min(buffer.remaining(), utf8.length - i);
            buffer.put(utf8, i, chunk);
            i += chunk;
        }
    }

    private static boolean isAscii(String s, int n) {
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Writes out what is buffered. */
    void flush() throws IOException {
        buffer.flip();
        ByteBuffer forCrc = buffer.duplicate();
        crc.update(forCrc);
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
        length += buffer.limit();
        buffer.clear();
    }

    /** Bytes written (call {@link #flush} first). */
    long length() {
        return length;
    }

    /** CRC32C of the bytes written (call {@link #flush} first). */
    int crc() {
        return (int) crc.getValue();
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }
}
