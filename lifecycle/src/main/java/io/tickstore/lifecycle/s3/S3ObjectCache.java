package io.tickstore.lifecycle.s3;

import io.tickstore.store.cold.ColdLayout;
import io.tickstore.store.cold.ColdObject;
import io.tickstore.store.cold.ColdObjectUnavailableException;
import io.tickstore.store.cold.RemoteColdFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local cache of S3-only partitions' files, under {@code COLD_DIR/.s3-cache/} in the cold layout:
 * a read that needs one fetches the object (through the bucket's breaker), checks its size and SHA-256
 * against the manifest, and reads the local copy. Bounded by bytes, least recently used first; a file
 * used within {@link #PINNED_NANOS} is never evicted (a query may be about to open it), so the bound can
 * be passed for that long. Emptied at start-up. Fetches run one at a time; hits do not wait for them.
 */
public final class S3ObjectCache implements RemoteColdFiles {
    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectCache.class);
    public static final String DIR = ".s3-cache";
    /** Longer than any query (query.timeout_ms is at most a minute by default). */
    static final long PINNED_NANOS = 120_000_000_000L;

    private final S3Bucket bucket;
    private final Path dir;
    private final long capacity;
    private final S3Metrics metrics;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Object fetchLock = new Object();
    private long bytes;

    public S3ObjectCache(S3Bucket bucket, Path coldDir, long capacityBytes, S3Metrics metrics) {
        this.bucket = bucket;
        this.dir = coldDir.toAbsolutePath().resolve(DIR);
        this.capacity = capacityBytes;
        this.metrics = metrics;
        try {
            deleteTree(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the S3 cache directory " + dir, e);
        }
    }

    @Override
    public Path local(ColdObject object) {
        Path hit = hit(object.path());
        if (hit != null) {
            metrics.cacheHit();
            return hit;
        }
        synchronized (fetchLock) {
            hit = hit(object.path());
            if (hit != null) {
                metrics.cacheHit();
                return hit;
            }
            if (!bucket.permitsCalls()) {
                throw new ColdObjectUnavailableException(object, "S3 (bucket " + bucket.name()
                        + ") is unreachable: circuit breaker open; retry later");
            }
            Path file = ColdLayout.resolve(dir, object.path());
            Path temporary = file.resolveSibling(file.getFileName() + ColdLayout.TEMPORARY_SUFFIX);
            try {
                Files.createDirectories(file.getParent());
                String sha256 = bucket.download(object.key(), temporary);
                long size = Files.size(temporary);
                if (size != object.bytes() || !sha256.equals(object.sha256())) {
                    throw new IOException("downloaded " + size + " bytes, sha256=" + sha256 + "; the manifest says "
                            + object.bytes() + " bytes, sha256=" + object.sha256());
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (Exception e) {
                deleteQuietly(temporary);
                throw new ColdObjectUnavailableException(object, "fetching it from S3 (bucket " + bucket.name()
                        + ") failed: " + e);
            }
            metrics.cacheMiss(object.bytes());
            synchronized (entries) {
                entries.put(object.path(), new Entry(file, object.bytes(), System.nanoTime()));
                bytes += object.bytes();
                evict();
                metrics.cacheBytes(bytes);
            }
            LOG.info("fetched {} ({} bytes) from S3 into the cache", object.key(), object.bytes());
            return file;
        }
    }

    /** Bytes held now. */
    long bytes() {
        synchronized (entries) {
            return bytes;
        }
    }

    private Path hit(String path) {
        synchronized (entries) {
            Entry e = entries.get(path);
            if (e == null) {
                return null;
            }
            e.lastUsed = System.nanoTime();
            return e.file;
        }
    }

    /** Drops least recently used files, not pinned ones, until the cache is within its bound. */
    private void evict() {
        long now = System.nanoTime();
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (bytes > capacity && it.hasNext()) {
            Entry e = it.next().getValue();
            if (now - e.lastUsed < PINNED_NANOS) {
                continue;
            }
            it.remove();
            bytes -= e.bytes;
            deleteQuietly(e.file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {} from the S3 cache: {}", file, e.toString());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static final class Entry {
        final Path file;
        final long bytes;
        long lastUsed;

        Entry(Path file, long bytes, long lastUsed) {
            this.file = file;
            this.bytes = bytes;
            this.lastUsed = lastUsed;
        }
    }
}
