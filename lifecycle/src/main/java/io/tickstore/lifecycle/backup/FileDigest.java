package io.tickstore.lifecycle.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/** The SHA-256 of a file, as lowercase hex: what the backup manifest records and a restore checks. */
public final class FileDigest {
    private FileDigest() {
    }

    /** Reads {@code file} once; {@code read} is told each chunk's size (for a progress bar). */
    public static String sha256(Path file, LongConsumer read) throws IOException {
        return copy(file, null, read);
    }

    /**
     * Copies {@code from} to {@code to} (a new file; null: only reads) and returns the SHA-256 of what
     * was read, in one pass; {@code read} is told each chunk's size.
     */
    public static String copy(Path from, Path to, LongConsumer read) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(from);
             OutputStream out = to == null ? OutputStream.nullOutputStream()
                     : Files.newOutputStream(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                read.accept(n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
