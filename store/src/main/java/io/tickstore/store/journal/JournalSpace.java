package io.tickstore.store.journal;

import java.util.concurrent.TimeUnit;

/**
 * Whether the journal's file system has room for another frame. Chronicle writes through memory-mapped
 * files into sparse files, so a full disk does not surface as an {@code IOException} from an append: the
 * write to a page the file system cannot back is a SIGBUS, which can kill the JVM. So the journaller asks
 * here before it decides a frame, and refuses the frame (nothing of it journaled, deduplicated or acked)
 * while the usable space is below the reserve ({@code journal.min_free_mb}). Once space returns the next
 * frame is taken again: no restart.
 *
 * <p>Asking the file system (statfs) costs a system call, so it is asked at most every
 * {@link #CHECK_INTERVAL_NANOS} and whenever the journal has grown by half the room above the reserve seen
 * at the last look; between looks a frame costs a clock read. Journaller thread only, except
 * {@link #lastFreeBytes}.
 */
public final class JournalSpace {
    /** The longest the journaller goes without asking the file system while frames arrive. */
    public static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Journal journal;
    private final long reserveBytes;
    private long checkedAtNanos;
    private long appendedAtCheck;
    /** Bytes the journal may grow by before the next look; 0 or less: look at the next frame. */
    private long allowance;
    private volatile long lastFreeBytes = -1;

    public JournalSpace(Journal journal, long reserveBytes) {
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("reserveBytes " + reserveBytes + " < 0");
        }
        this.journal = journal;
        this.reserveBytes = reserveBytes;
    }

    /** Null when a frame may be journaled now; otherwise why not, naming the directory and the numbers. */
    public String refusal() {
        long now = System.nanoTime();
        long grown = journal.bytesAppended() - appendedAtCheck;
        if (grown < allowance && now - checkedAtNanos < CHECK_INTERVAL_NANOS) {
            return null;
        }
        long free = journal.dir().toFile().getUsableSpace(); // 0 when it cannot be read: refuse, never guess
        lastFreeBytes = free;
        checkedAtNanos = now;
        appendedAtCheck = journal.bytesAppended();
        allowance = (free - reserveBytes) / 2;
        if (free >= reserveBytes) {
            return null;
        }
        allowance = 0;
        return "journal disk full: " + mib(free) + " MiB free in " + journal.dir().toAbsolutePath()
                + ", below the " + mib(reserveBytes) + " MiB journal.min_free_mb keeps free; nothing of this frame"
                + " is stored, send it again once space is freed";
    }

    /** The usable bytes seen at the last look ({@code -1} before the first). Any thread. */
    public long lastFreeBytes() {
        return lastFreeBytes;
    }

    public long reserveBytes() {
        return reserveBytes;
    }

    private static String mib(long bytes) {
        return java.math.BigDecimal.valueOf(bytes).divide(java.math.BigDecimal.valueOf(1024 * 1024), 1,
                java.math.RoundingMode.DOWN).toPlainString();
    }
}
