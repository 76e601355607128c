package io.tickstore.store.ticks;

import io.tickstore.store.model.Decimal8;
import io.tickstore.store.model.FeedMap;
import io.tickstore.store.model.TickRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The hot tier of ticks ("tick memory"): each feed's newest ticks in memory, sorted by (timestamp,
 * sequence_number), so a feed's tick range needs no DuckDB scan (DuckDB keeps ticks in arrival
 * order, all symbols interleaved: one symbol-hour reads the row groups of every symbol's hour). The
 * hot applier stages every tick it applies ({@link #stage}) and publishes at the end of its batch
 * ({@link #publish}): a tick is queryable here as soon as it is journaled, before DuckDB stores it.
 *
 * <p>Memory is authoritative for a feed from its horizon: it holds every tick at or after it. A feed
 * stored before start-up has its horizon just after its latest stored tick until a {@link #preload}
 * lowers it; dropping ticks moves the horizon past them; a tick before the horizon (a late tick, or
 * every tick when memory is off) is not held here ({@link #stage} says so, and the hot tier keeps it
 * until DuckDB has stored it). Memory is bounded by a byte budget: when it is exceeded the oldest
 * chunks (across feeds) are dropped — but only chunks whose every tick DuckDB has stored, so the
 * budget may be exceeded while DuckDB catches up (the hot tier's own bound, {@code hot.max_unstored_mb},
 * holds ingest back before that grows far).
 *
 * <p>Reads are safe from any thread; each feed is guarded by its own lock ({@link Feed#lock}), which
 * an event loop only tries ({@link #tryRead}): the applier merging a large out-of-order batch can
 * hold a feed for milliseconds. The ticks' numbers live in native memory (freed when dropped and by
 * {@link #close}), so holding a gigabyte of them adds nothing to garbage collection.
 */
public final class TickHistory {
    /** Ticks in one chunk at most; a feed is a list of chunks in key order. */
    static final int CHUNK = 4096;
    /** Longs a row takes: timestamp, sequence_number, seven decimals. */
    static final int LONGS = 9;
    static final int STRINGS = 2;
    private static final int CANONICAL_MAX = 65_536;

    private final long budgetBytes;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Feed>> feeds = new ConcurrentHashMap<>();
    // Writer thread only.
    private final FeedMap<Feed> writerFeeds = new FeedMap<>();
    private final ArrayList<Feed> allFeeds = new ArrayList<>();
    private final ArrayList<Feed> touched = new ArrayList<>();
    private final HashMap<String, String> canonical = new HashMap<>();
    private long bytes;
    private long ticks;
    /** Writer: string bytes staged since the last publish. */
    private long stagedStringBytes;
    /** Each known feed's horizon when the running preload started; null when none runs. */
    private Map<Feed, Long> preloadHorizons;
    /** Set by {@link #close}; publish and close hold this object's monitor. */
    private boolean closed;
    /** While a preload reads DuckDB: the writer keeps ticks before a horizon for it. */
    private volatile boolean collectingLate;
    // Published after every publish, for metrics.
    private volatile long publishedBytes;
    private volatile long publishedTicks;

    /** {@code budgetBytes} 0 keeps nothing: every read goes to DuckDB. */
    public TickHistory(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("budgetBytes < 0: " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    public boolean enabled() {
        return budgetBytes > 0;
    }

    /** Bytes held as of the last publish (tick rows, chunk slack and strings not shared). */
    public long bytes() {
        return publishedBytes;
    }

    /** Ticks held as of the last publish. */
    public long ticks() {
        return publishedTicks;
    }

    /**
     * Start-up, before replay: a feed stored in DuckDB and the time of its latest stored tick;
     * memory answers for the feed from just after it.
     */
    public void loadHorizon(String exchange, String symbol, long latestMicros) {
        if (budgetBytes == 0) {
            return;
        }
        Feed f = feed(exchange, symbol);
        f.lock.lock();
        try {
            f.horizon = Math.max(f.horizon, latestMicros == Long.MAX_VALUE ? latestMicros : latestMicros + 1);
        } finally {
            f.lock.unlock();
        }
    }

    /**
     * Writer thread: a tick just journaled ({@code journalIndex}); readers see it after {@link #publish}.
     * Returns false when memory does not hold it (before the feed's horizon, or memory off): the caller
     * keeps it until DuckDB has stored it.
     */
    public boolean stage(TickRecord t, long journalIndex) {
        if (budgetBytes == 0) {
            return false;
        }
        Feed f = feed(t.exchange, t.symbol);
        // The flag before the horizon: a preload lowers horizons before it clears the flag, so a writer
        // that sees the flag cleared also sees the lowered horizon (and keeps the tick).
        boolean collecting = collectingLate;
        if (t.timestamp < f.horizon) {
            if (collecting) { // a preload is reading this range: it merges the tick once committed
                f.late.append(t.timestamp, t.sequenceNumber, t.bidPrice, t.askPrice, t.bidSize, t.askSize,
                        t.lastPrice, t.lastSize, t.volume, t.conditions, t.tape);
                touch(f);
            }
            return false; // before what memory answers for
        }
        if (f.pendingInOrder && f.pending.size > 0 && !f.pending.lastBefore(t.timestamp, t.sequenceNumber)) {
            f.pendingInOrder = false;
        }
        f.pending.append(t.timestamp, t.sequenceNumber, t.bidPrice, t.askPrice, t.bidSize, t.askSize, t.lastPrice,
                t.lastSize, t.volume, canonical(t.conditions), canonical(t.tape));
        f.pending.maxJournalIndex = Math.max(f.pending.maxJournalIndex, journalIndex);
        touch(f);
        return true;
    }

    /** Writer: lists the feed for the next publish. */
    private void touch(Feed f) {
        if (!f.listed) {
            f.listed = true;
            touched.add(f);
        }
    }

    /** Under this object's monitor and the feed's lock: merges rows into a feed, counting the bytes; returns the rows added. */
    private int merge(Feed f, Staged rows, boolean inOrder) {
        long before = f.bytes;
        int added = f.mergeRows(rows, inOrder);
        bytes += f.bytes - before;
        return added;
    }

    /** Under the monitor and the lock: {@link #merge} for late rows, whose strings are their own (not shared). */
    private int mergeLate(Feed f, Staged rows) {
        bytes += stringBytes(rows.strings, rows.size * STRINGS);
        return merge(f, rows, false);
    }

    /**
     * Writer thread, at the end of a batch: makes the staged ticks visible, then, if over budget, drops
     * the oldest chunks DuckDB has stored ({@code storedIndex}: its applied index). Excludes
     * {@link #close}: a writer that outlives the store's close finds nothing to write into instead of
     * freed memory.
     */
    public synchronized void publish(long storedIndex) {
        if (closed) {
            touched.clear();
            return;
        }
        bytes += stagedStringBytes;
        stagedStringBytes = 0;
        if (touched.isEmpty()) {
            publishedBytes = bytes;
            return;
        }
        for (Feed f : touched) {
            int added;
            f.lock.lock();
            try {
                added = merge(f, f.pending, f.pendingInOrder);
                if (f.late.size > 0) {
                    if (collectingLate) {
                        f.lateCommitted.appendAll(f.late);
                    } else { // the preload finished in between: what is now at or after the horizon is held
                        added += mergeLate(f, f.late);
                    }
                }
            } finally {
                f.lock.unlock();
            }
            ticks += added;
            f.pending.clear();
            f.pending.maxJournalIndex = Long.MIN_VALUE;
            f.late.clear();
            f.pendingInOrder = true;
            f.listed = false;
        }
        touched.clear();
        if (bytes > budgetBytes) {
            evict(budgetBytes - budgetBytes / 32, storedIndex);
        }
        publishedBytes = bytes;
        publishedTicks = ticks;
    }

    /**
     * Frees the native memory of every held tick; later reads go to DuckDB. Once the writer has
     * stopped (nothing stages or publishes any more); safe against concurrent readers.
     */
    public synchronized void close() {
        closed = true;
        for (ConcurrentHashMap<String, Feed> bySymbol : feeds.values()) {
            for (Feed f : bySymbol.values()) {
                f.lock.lock();
                try {
                    f.free();
                } finally {
                    f.lock.unlock();
                }
            }
        }
        bytes = 0;
        ticks = 0;
        publishedBytes = 0;
        publishedTicks = 0;
    }

    /**
     * Start-up, before {@link #preload}: from now on the writer keeps the ticks it stages before a
     * feed's horizon (late ticks) for the preload to merge. The caller must then wait until every
     * tick staged so far is committed before reading DuckDB, so the preload's snapshot holds them.
     */
    public synchronized void startPreload() {
        Map<Feed, Long> horizons = new HashMap<>();
        for (ConcurrentHashMap<String, Feed> bySymbol : feeds.values()) {
            for (Feed f : bySymbol.values()) {
                horizons.put(f, f.horizon);
            }
        }
        preloadHorizons = horizons;
        collectingLate = true;
    }

    /**
     * The rows {@link #preload} takes, newest first; its one parameter is the row limit (pass
     * {@link #preloadRowLimit} + 1: the first row past it is where memory's horizon goes).
     */
    public static final String PRELOAD_SQL = "SELECT exchange, symbol, epoch_us(timestamp), sequence_number, "
            + "bid_price, ask_price, bid_size, ask_size, last_price, last_size, volume, conditions, tape "
            + "FROM market_ticks ORDER BY timestamp DESC, sequence_number DESC LIMIT ?";

    /** Rows a preload may load: what the budget leaves, less a sixteenth. */
    public long preloadRowLimit() {
        long allowance = budgetBytes - publishedBytes - budgetBytes / 16;
        return Math.max(0, allowance / (LONGS * 8 + STRINGS * 4));
    }

    /**
     * Loads stored ticks older than each feed's horizon into memory, newest first, up to the budget,
     * then lowers the horizons: memory then answers the recent past after a restart too.
     * {@code rows}: (exchange, symbol, epoch_us(timestamp), sequence_number, bid_price, ask_price,
     * bid_size, ask_size, last_price, last_size, volume, conditions, tape) in descending (timestamp,
     * sequence_number) order, at most {@link #preloadRowLimit} of them (all of them if fewer). Reads
     * the rows on the calling thread; {@code stop} is polled now and then. Returns the ticks loaded.
     */
    public long preload(ResultSet rows, long rowLimit, BooleanSupplier stop)
            throws SQLException {
        Map<Feed, Long> horizons = preloadHorizons;
        if (horizons == null) {
            throw new IllegalStateException("startPreload first");
        }
        Map<Feed, Staged> buffers = new HashMap<>();
        Map<Feed, ArrayList<Chunk>> loaded = new HashMap<>();
        long n = 0;
        long read = 0;
        long stopTime = Long.MIN_VALUE;
        boolean complete = true;
        try {
            while (rows.next()) {
                if ((++read & 4095) == 0 && stop.getAsBoolean()) {
                    return 0;
                }
                long time = rows.getLong(3);
                if (read > rowLimit) { // the budget is full: memory answers from after this tick's time
                    complete = false;
                    stopTime = time;
                    break;
                }
                ConcurrentHashMap<String, Feed> bySymbol = feeds.get(rows.getString(1));
                Feed f = bySymbol == null ? null : bySymbol.get(rows.getString(2));
                Long start = f == null ? null : horizons.get(f);
                if (start == null || time >= start) {
                    continue; // stored after start-up: memory holds it already
                }
                Staged b = buffers.computeIfAbsent(f, k -> new Staged());
                b.append(time, rows.getLong(4), decimal(rows, 5), decimal(rows, 6), decimal(rows, 7),
                        decimal(rows, 8), decimal(rows, 9), decimal(rows, 10), decimal(rows, 11), rows.getString(12),
                        rows.getString(13));
                if (b.size == CHUNK) {
                    loaded.computeIfAbsent(f, k -> new ArrayList<>()).add(Chunk.of(b));
                    b.clear();
                }
                n++;
            }
            for (var e : buffers.entrySet()) {
                if (e.getValue().size > 0) {
                    loaded.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(Chunk.of(e.getValue()));
                }
            }
            apply(loaded, horizons, complete ? Long.MIN_VALUE : stopTime + 1);
            loaded = null;
            return n;
        } finally {
            if (loaded != null) { // stopped or failed: nothing was handed over
                for (ArrayList<Chunk> chunks : loaded.values()) {
                    for (Chunk c : chunks) {
                        c.free();
                    }
                }
                endPreload();
            }
        }
    }

    /** Ends a preload that will not apply anything (it failed or the store is closing). */
    public synchronized void endPreload() {
        collectingLate = false;
        preloadHorizons = null;
        for (ConcurrentHashMap<String, Feed> bySymbol : feeds.values()) {
            for (Feed f : bySymbol.values()) {
                f.lock.lock();
                try {
                    f.lateCommitted.clear();
                } finally {
                    f.lock.unlock();
                }
            }
        }
    }

    private synchronized void apply(Map<Feed, ArrayList<Chunk>> loaded, Map<Feed, Long> horizons,
                                    long newHorizon) {
        for (var e : loaded.entrySet()) {
            Feed f = e.getKey();
            ArrayList<Chunk> desc = e.getValue();
            f.lock.lock();
            try {
                if (closed || f.horizon != horizons.get(f) || newHorizon >= f.horizon) {
                    for (Chunk c : desc) { // dropped ticks moved the horizon meanwhile, or closed: keep nothing
                        c.free();
                    }
                    continue;
                }
                ArrayList<Chunk> ascending = new ArrayList<>(desc.size());
                int rows = 0;
                for (int i = desc.size() - 1; i >= 0; i--) {
                    Chunk c = desc.get(i);
                    c.reverse();
                    ascending.add(c);
                    f.bytes += c.bytes();
                    bytes += c.bytes() + stringBytes(c.strings, c.size * STRINGS);
                    rows += c.size;
                }
                f.chunks.addAll(0, ascending);
                f.horizon = newHorizon;
                ticks += rows + mergeLate(f, f.lateCommitted);
            } finally {
                f.lock.unlock();
            }
        }
        // Feeds with no rows loaded: still answered from the new horizon if they had nothing older.
        if (newHorizon == Long.MIN_VALUE) {
            for (var e : horizons.entrySet()) {
                Feed f = e.getKey();
                f.lock.lock();
                try {
                    if (!closed && !loaded.containsKey(f) && f.horizon == e.getValue()) {
                        f.horizon = Long.MIN_VALUE;
                        ticks += mergeLate(f, f.lateCommitted);
                    }
                } finally {
                    f.lock.unlock();
                }
            }
        }
        publishedBytes = bytes;
        publishedTicks = ticks;
        endPreload();
    }

    private static long decimal(ResultSet rows, int column) throws SQLException {
        return Decimal8.fromNullable(rows.getBigDecimal(column));
    }

    /**
     * Drops whole chunks, oldest last tick first, until at most {@code target} bytes are held or the
     * oldest chunk holds a tick DuckDB has not stored yet.
     */
    private void evict(long target, long storedIndex) {
        while (bytes > target) {
            Feed oldest = null;
            long oldestEnd = Long.MAX_VALUE;
            for (Feed f : allFeeds) {
                if (!f.chunks.isEmpty() && f.chunks.get(0).maxJournalIndex <= storedIndex) {
                    long end = f.chunks.get(0).lastTime();
                    if (oldest == null || end < oldestEnd) {
                        oldest = f;
                        oldestEnd = end;
                    }
                }
            }
            if (oldest == null) {
                return;
            }
            long before = oldest.bytes;
            bytes -= ownStringBytes(oldest.chunks.get(0));
            int dropped;
            oldest.lock.lock();
            try {
                dropped = oldest.dropFirstChunk();
            } finally {
                oldest.lock.unlock();
            }
            bytes -= before - oldest.bytes;
            ticks -= dropped;
        }
    }

    /** What a read found. */
    public enum Read {
        /** {@code out} holds the whole answer: the range starts at or after the feed's horizon. */
        ANSWERED,
        /**
         * The range starts before the feed's horizon ({@code out.horizon}; {@code Long.MAX_VALUE} when memory
         * is off): {@code out} holds the part from the horizon on, and the part before it is DuckDB's.
         */
        PARTIAL,
        /** The applier holds the feed at the moment: ask again where waiting is allowed ({@link #read}). */
        BUSY
    }

    /**
     * Copies into {@code out}, in (timestamp, sequence_number) order, up to {@code max} ticks of a
     * feed with {@code from <= timestamp < to}, (timestamp, sequence_number) after ({@code afterTime},
     * {@code afterSequence}) and timestamp at or after the feed's horizon, which it reports in
     * {@code out.horizon}. A feed memory does not know has no ticks: {@link Read#ANSWERED} with none.
     * May wait for the applier: not on an event loop.
     */
    public Read read(String exchange, String symbol, long from, long to, long afterTime, long afterSequence, int max,
                     Ticks out) {
        return read(exchange, symbol, from, to, afterTime, afterSequence, max, out, true);
    }

    /** {@link #read} that never waits: {@link Read#BUSY} when the feed's lock is held (by the applier). */
    public Read tryRead(String exchange, String symbol, long from, long to, long afterTime, long afterSequence,
                        int max, Ticks out) {
        return read(exchange, symbol, from, to, afterTime, afterSequence, max, out, false);
    }

    private Read read(String exchange, String symbol, long from, long to, long afterTime, long afterSequence, int max,
                      Ticks out, boolean wait) {
        out.size = 0;
        if (budgetBytes == 0) {
            out.horizon = Long.MAX_VALUE;
            return Read.PARTIAL;
        }
        ConcurrentHashMap<String, Feed> bySymbol = feeds.get(exchange);
        Feed f = bySymbol == null ? null : bySymbol.get(symbol);
        if (f == null) {
            out.horizon = Long.MIN_VALUE;
            return Read.ANSWERED;
        }
        // The first key at or after (startTime, startSequence); none after a cursor at the last key possible.
        long startTime = from;
        long startSequence = Long.MIN_VALUE;
        boolean nothingAfter = false;
        if (afterTime >= from) {
            if (afterSequence != Long.MAX_VALUE) {
                startTime = afterTime;
                startSequence = afterSequence + 1;
            } else if (afterTime != Long.MAX_VALUE) {
                startTime = afterTime + 1;
            } else {
                nothingAfter = true;
            }
        }
        if (wait) {
            f.lock.lock();
        } else if (!f.lock.tryLock()) {
            return Read.BUSY;
        }
        try {
            long horizon = f.horizon;
            out.horizon = horizon;
            boolean whole = Math.max(from, afterTime) >= horizon;
            if (startTime < horizon) {
                startTime = horizon;
                startSequence = Long.MIN_VALUE;
            }
            if (!nothingAfter && startTime < to) {
                f.copy(startTime, startSequence, to, max, out);
            }
            return whole ? Read.ANSWERED : Read.PARTIAL;
        } finally {
            f.lock.unlock();
        }
    }

    /** The feed's lock, or null for a feed memory does not know: for tests that play the writer holding it. */
    ReentrantLock lockOf(String exchange, String symbol) {
        ConcurrentHashMap<String, Feed> bySymbol = feeds.get(exchange);
        Feed f = bySymbol == null ? null : bySymbol.get(symbol);
        return f == null ? null : f.lock;
    }

    private Feed feed(String exchange, String symbol) {
        Feed f = writerFeeds.get(exchange, symbol);
        if (f == null) {
            f = writerFeeds.computeIfAbsent(exchange, symbol, Feed::new);
            allFeeds.add(f);
            feeds.computeIfAbsent(exchange, e -> new ConcurrentHashMap<>()).put(symbol, f);
        }
        return f;
    }

    /**
     * One shared instance per distinct value (conditions and tapes repeat); past a bound of distinct
     * values, the tick's own, counted per tick until its chunk is dropped.
     */
    private String canonical(String s) {
        if (s == null) {
            return null;
        }
        String c = canonical.get(s);
        if (c != null) {
            return c;
        }
        if (canonical.size() < CANONICAL_MAX) {
            canonical.put(s, s);
        }
        stagedStringBytes += stringBytes(s); // added to bytes by publish
        return s;
    }

    /** Bytes of the strings in {@code c} that are not shared instances. */
    private long ownStringBytes(Chunk c) {
        return ownStringBytes(c.strings, c.size * STRINGS);
    }

    /** Bytes of every string (none shared: rows read from DuckDB, or staged before a horizon). */
    static long stringBytes(String[] strings, int n) {
        long all = 0;
        for (int i = 0; i < n; i++) {
            if (strings[i] != null) {
                all += stringBytes(strings[i]);
            }
        }
        return all;
    }

    private long ownStringBytes(String[] strings, int n) {
        long own = 0;
        for (int i = 0; i < n; i++) {
            String s = strings[i];
            if (s != null && canonical.get(s) != s) {
                own += stringBytes(s);
            }
        }
        return own;
    }

    static long stringBytes(String s) {
        return 56L + s.length() * 2L;
    }

    /** A reusable buffer of ticks copied out of the history. Decimals as {@code Decimal8} units. */
    public static final class Ticks {
        public int size;
        /** After a read: the feed's horizon (memory holds every tick from it on). */
        public long horizon;
        long[] longs = new long[64 * LONGS];
        String[] strings = new String[64 * STRINGS];

        public long timestamp(int i) {
            return longs[i * LONGS];
        }

        /** How many ticks fit without growing. */
        public int capacity() {
            return longs.length / LONGS;
        }

        public long sequenceNumber(int i) {
            return longs[i * LONGS + 1];
        }

        /** Fills {@code t} (exchange and symbol are left as they are) from tick {@code i}. */
        public void copyTo(int i, TickRecord t) {
            int at = i * LONGS;
            t.timestamp = longs[at];
            t.sequenceNumber = longs[at + 1];
            t.bidPrice = longs[at + 2];
            t.askPrice = longs[at + 3];
            t.bidSize = longs[at + 4];
            t.askSize = longs[at + 5];
            t.lastPrice = longs[at + 6];
            t.lastSize = longs[at + 7];
            t.volume = longs[at + 8];
            t.conditions = strings[i * STRINGS];
            t.tape = strings[i * STRINGS + 1];
        }

        /** Appends a tick (its exchange and symbol are not kept: a buffer holds one feed). */
        public void add(TickRecord t) {
            ensure(size + 1);
            int at = size * LONGS;
            longs[at] = t.timestamp;
            longs[at + 1] = t.sequenceNumber;
            longs[at + 2] = t.bidPrice;
            longs[at + 3] = t.askPrice;
            longs[at + 4] = t.bidSize;
            longs[at + 5] = t.askSize;
            longs[at + 6] = t.lastPrice;
            longs[at + 7] = t.lastSize;
            longs[at + 8] = t.volume;
            strings[size * STRINGS] = t.conditions;
            strings[size * STRINGS + 1] = t.tape;
            size++;
        }

        /** Appends ticks {@code [from, from + n)} of {@code o}. */
        public void addAll(Ticks o, int from, int n) {
            ensure(size + n);
            System.arraycopy(o.longs, from * LONGS, longs, size * LONGS, n * LONGS);
            System.arraycopy(o.strings, from * STRINGS, strings, size * STRINGS, n * STRINGS);
            size += n;
        }

        public long lastPrice(int i) {
            return longs[i * LONGS + 6];
        }

        public long lastSize(int i) {
            return longs[i * LONGS + 7];
        }

        void ensure(int n) {
            if (longs.length >= n * LONGS) {
                return;
            }
            int c = Math.max(n, longs.length / LONGS * 2);
            longs = Arrays.copyOf(longs, c * LONGS);
            strings = Arrays.copyOf(strings, c * STRINGS);
        }
    }

    /** One feed: chunks in key order, guarded by the feed's {@link #lock}; the staged ticks are the writer's. */
    static final class Feed {
        final String exchange;
        final String symbol;
        final ArrayList<Chunk> chunks = new ArrayList<>();
        final Staged pending = new Staged();
        /** Guards the chunks, the horizon and {@link #lateCommitted}. */
        final ReentrantLock lock = new ReentrantLock();
        /** Written under the lock; read by the writer without it (stage), hence volatile. */
        volatile long horizon = Long.MIN_VALUE;
        /** Writer: ticks before the horizon staged while a preload runs. */
        final Staged late = new Staged();
        /** Under the lock: those ticks, committed; the preload merges them. */
        final Staged lateCommitted = new Staged();
        /** Bytes of the chunks; written under the lock by the writer, read by the writer. */
        long bytes;
        boolean listed;
        /** Whether the staged ticks are in ascending key order (the usual feed). */
        boolean pendingInOrder = true;

        Feed(String exchange, String symbol) {
            this.exchange = exchange;
            this.symbol = symbol;
        }

        /** Under the lock: merges rows (sorted first unless {@code inOrder}); returns how many were added. */
        int mergeRows(Staged p, boolean inOrder) {
            if (p.size == 0) {
                return 0;
            }
            if (!inOrder) {
                p.sortByKey();
            }
            int i = 0;
            while (i < p.size && p.longs[i * LONGS] < horizon) {
                i++; // an eviction since they were staged moved the horizon past them
            }
            int added = 0;
            while (i < p.size) {
                long time = p.longs[i * LONGS];
                long sequence = p.longs[i * LONGS + 1];
                int ci = chunkFor(time, sequence);
                if (ci < 0 || (ci == chunks.size() - 1 && chunks.get(ci).lastBefore(time, sequence))) {
                    appendAll(p, i); // the rest comes after every held tick: copied in bulk at the end
                    return added + p.size - i;
                }
                // The staged rows that belong in chunk ci (up to its last key; the last chunk takes the rest),
                // merged with its rows in one pass.
                Chunk c = chunks.get(ci);
                boolean lastChunk = ci == chunks.size() - 1;
                int j = i + 1;
                while (j < p.size && (lastChunk || !c.lastBefore(p.longs[j * LONGS], p.longs[j * LONGS + 1]))) {
                    j++;
                }
                List<Chunk> merged = c.merge(p, i, j);
                chunks.remove(ci);
                chunks.addAll(ci, merged);
                bytes -= c.bytes();
                int rows = -c.size;
                for (Chunk m : merged) {
                    bytes += m.bytes();
                    rows += m.size;
                }
                c.free();
                added += rows;
                i = j;
            }
            return added;
        }

        /** Staged rows from {@code from} on, in order and after every held tick: copied in bulk at the end. */
        private void appendAll(Staged p, int from) {
            int done = from;
            while (done < p.size) {
                Chunk c = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
                if (c == null || c.size == CHUNK) {
                    int rows = p.size - done;
                    c = new Chunk(rows >= CHUNK || c != null ? CHUNK : Math.max(16, rows));
                    // (a feed's first chunk grows as it fills; later ones are started whole)
                    chunks.add(c);
                    bytes += c.bytes();
                }
                int rows = Math.min(CHUNK - c.size, p.size - done);
                long before = c.bytes();
                c.grow(c.size + rows);
                bytes += c.bytes() - before;
                c.appendRows(p, done, rows);
                done += rows;
            }
        }

        /** The chunk a key belongs in: the first whose last key is at or after it, else the last; -1 if none. */
        private int chunkFor(long time, long sequence) {
            int n = chunks.size();
            if (n == 0) {
                return -1;
            }
            if (chunks.get(n - 1).lastBefore(time, sequence)) {
                return n - 1; // past the end: appends are the common case
            }
            int lo = 0;
            int hi = n - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (chunks.get(mid).lastBefore(time, sequence)) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** Writer, under the lock: drops the oldest chunk; memory then answers from after its last tick. */
        int dropFirstChunk() {
            Chunk c = chunks.remove(0);
            bytes -= c.bytes();
            int rows = c.size;
            if (rows > 0) {
                long last = c.lastTime();
                horizon = Math.max(horizon, last == Long.MAX_VALUE ? last : last + 1);
            }
            c.free();
            return rows;
        }

        /** Under the lock: frees every chunk; memory answers nothing for this feed any more. */
        void free() {
            for (Chunk c : chunks) {
                c.free();
            }
            chunks.clear();
            bytes = 0;
            horizon = Long.MAX_VALUE;
        }

        /** Under the lock: rows from the first key at or after (time, sequence), while timestamp < to. */
        void copy(long time, long sequence, long to, int max, Ticks out) {
            int n = 0;
            int ci = chunkFor(time, sequence);
            if (ci < 0) {
                return;
            }
            int row = chunks.get(ci).find(time, sequence);
            if (row < 0) {
                row = -row - 1;
            }
            for (; ci < chunks.size() && n < max; ci++, row = 0) {
                Chunk c = chunks.get(ci);
                int end = row;
                while (end < c.size && end - row < max - n && c.time(end) < to) {
                    end++;
                }
                int rows = end - row;
                if (rows > 0) {
                    out.ensure(n + rows);
                    c.copyRows(row, rows, out, n);
                    n += rows;
                }
                if (end < c.size) {
                    break; // reached {@code to} or max inside this chunk
                }
            }
            out.size = n;
        }
    }

    /** The writer's staged rows of one feed, on the heap, row-major like {@link Chunk}. */
    static final class Staged {
        int size;
        /** The highest journal index of the staged rows ({@code Long.MIN_VALUE}: stored rows, or none). */
        long maxJournalIndex = Long.MIN_VALUE;
        long[] longs = new long[16 * LONGS];
        String[] strings = new String[16 * STRINGS];

        /** Whether the last row's key is before (time, sequence). */
        boolean lastBefore(long time, long sequence) {
            int at = (size - 1) * LONGS;
            long t = longs[at];
            return t < time || (t == time && longs[at + 1] < sequence);
        }

        void append(long time, long sequence, long bid, long ask, long bidSize, long askSize, long last, long lastSize,
                    long volume, String conditions, String tape) {
            if (longs.length < (size + 1) * LONGS) {
                longs = Arrays.copyOf(longs, longs.length * 2);
                strings = Arrays.copyOf(strings, strings.length * 2);
            }
            int at = size * LONGS;
            longs[at] = time;
            longs[at + 1] = sequence;
            longs[at + 2] = bid;
            longs[at + 3] = ask;
            longs[at + 4] = bidSize;
            longs[at + 5] = askSize;
            longs[at + 6] = last;
            longs[at + 7] = lastSize;
            longs[at + 8] = volume;
            strings[size * STRINGS] = conditions;
            strings[size * STRINGS + 1] = tape;
            size++;
        }

        void appendAll(Staged o) {
            int need = (size + o.size) * LONGS;
            if (longs.length < need) {
                longs = Arrays.copyOf(longs, Math.max(need, longs.length * 2));
                strings = Arrays.copyOf(strings, Math.max((size + o.size) * STRINGS, strings.length * 2));
            }
            System.arraycopy(o.longs, 0, longs, size * LONGS, o.size * LONGS);
            System.arraycopy(o.strings, 0, strings, size * STRINGS, o.size * STRINGS);
            size += o.size;
        }

        /**
         * Sorts the rows by (timestamp, sequence_number), stably; of rows with the same key only the
         * last staged is kept (as an upsert would).
         */
        void sortByKey() {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            mergeSort(order, new int[size], 0, size);
            long[] sortedLongs = new long[longs.length];
            String[] sortedStrings = new String[strings.length];
            int n = 0;
            for (int k = 0; k < size; k++) {
                int row = order[k];
                if (k + 1 < size && compare(row, order[k + 1]) == 0) {
                    continue; // a later row has the same key
                }
                System.arraycopy(longs, row * LONGS, sortedLongs, n * LONGS, LONGS);
                System.arraycopy(strings, row * STRINGS, sortedStrings, n * STRINGS, STRINGS);
                n++;
            }
            longs = sortedLongs;
            strings = sortedStrings;
            size = n;
        }

        private int compare(int a, int b) {
            long ta = longs[a * LONGS];
            long tb = longs[b * LONGS];
            if (ta != tb) {
                return ta < tb ? -1 : 1;
            }
            return Long.compare(longs[a * LONGS + 1], longs[b * LONGS + 1]);
        }

        /** Stable merge sort of {@code order[from, to)} by key. */
        private void mergeSort(int[] order, int[] scratch, int from, int to) {
            if (to - from < 2) {
                return;
            }
            int mid = (from + to) >>> 1;
            mergeSort(order, scratch, from, mid);
            mergeSort(order, scratch, mid, to);
            if (compare(order[mid - 1], order[mid]) <= 0) {
                return; // already in order
            }
            System.arraycopy(order, from, scratch, from, to - from);
            int a = from;
            int b = mid;
            for (int k = from; k < to; k++) {
                if (b >= to || (a < mid && compare(scratch[a], scratch[b]) <= 0)) {
                    order[k] = scratch[a++];
                } else {
                    order[k] = scratch[b++];
                }
            }
        }

        void clear() {
            Arrays.fill(strings, 0, size * STRINGS, null);
            size = 0;
            if (longs.length > 8192 * LONGS) {
                longs = new long[16 * LONGS];
                strings = new String[16 * STRINGS];
            }
        }
    }

    /**
     * Rows in key order: the {@link #LONGS} longs of each row off the heap (native memory, so that a
     * gigabyte of ticks costs the garbage collector nothing to copy or mark), the {@link #STRINGS}
     * strings on it. Native memory is freed by {@link #free}, under the feed's lock, so no
     * reader can be copying from it.
     */
    static final class Chunk {
        private static final long ROW_BYTES = LONGS * 8L;
        int size;
        /** The highest journal index of its rows, as far as known ({@code Long.MIN_VALUE}: all stored). */
        long maxJournalIndex = Long.MIN_VALUE;
        private int capacity;
        private long address;
        String[] strings;

        Chunk(int rows) {
            capacity = rows;
            address = OffHeap.UNSAFE.allocateMemory(rows * ROW_BYTES);
            strings = new String[rows * STRINGS];
        }

        /** A chunk holding the rows of {@code p}. */
        static Chunk of(Staged p) {
            Chunk c = new Chunk(p.size);
            c.appendRows(p, 0, p.size);
            return c;
        }

        long bytes() {
            return 64L + capacity * ROW_BYTES + strings.length * 4L;
        }

        /** Reverses the order of the rows (a preload reads them newest first). */
        void reverse() {
            for (int i = 0, j = size - 1; i < j; i++, j--) {
                for (int k = 0; k < LONGS; k++) {
                    long a = OffHeap.UNSAFE.getLong(address + i * ROW_BYTES + k * 8L);
                    long b = OffHeap.UNSAFE.getLong(address + j * ROW_BYTES + k * 8L);
                    OffHeap.UNSAFE.putLong(address + i * ROW_BYTES + k * 8L, b);
                    OffHeap.UNSAFE.putLong(address + j * ROW_BYTES + k * 8L, a);
                }
                for (int k = 0; k < STRINGS; k++) {
                    String a = strings[i * STRINGS + k];
                    strings[i * STRINGS + k] = strings[j * STRINGS + k];
                    strings[j * STRINGS + k] = a;
                }
            }
        }

        long time(int row) {
            return OffHeap.UNSAFE.getLong(address + row * ROW_BYTES);
        }

        long sequence(int row) {
            return OffHeap.UNSAFE.getLong(address + row * ROW_BYTES + 8);
        }

        long lastTime() {
            return time(size - 1);
        }

        /** Whether this chunk's last key is before (time, sequence). */
        boolean lastBefore(long time, long sequence) {
            long t = time(size - 1);
            return t < time || (t == time && sequence(size - 1) < sequence);
        }

        /** Binary search by key: the row, or -(insertion point) - 1. */
        int find(long time, long sequence) {
            if (size > 0 && lastBefore(time, sequence)) {
                return -(size + 1); // appends are the common case
            }
            int lo = 0;
            int hi = size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long t = time(mid);
                long s = sequence(mid);
                if (t < time || (t == time && s < sequence)) {
                    lo = mid + 1;
                } else if (t == time && s == sequence) {
                    return mid;
                } else {
                    hi = mid - 1;
                }
            }
            return -(lo + 1);
        }

        void appendRows(Staged from, int row, int rows) {
            maxJournalIndex = Math.max(maxJournalIndex, from.maxJournalIndex);
            OffHeap.UNSAFE.copyMemory(from.longs, OffHeap.LONGS_BASE + row * ROW_BYTES, null,
                    address + size * ROW_BYTES, rows * ROW_BYTES);
            System.arraycopy(from.strings, row * STRINGS, strings, size * STRINGS, rows * STRINGS);
            size += rows;
        }

        /**
         * This chunk's rows merged with the sorted staged rows {@code [from, to)} (a staged row
         * replaces a held row with the same key), as new chunks of at most {@link #CHUNK} rows. This
         * chunk is left as it was; the caller frees it.
         */
        List<Chunk> merge(Staged p, int from, int to) {
            int total = size + (to - from);
            long scratch = OffHeap.UNSAFE.allocateMemory(total * ROW_BYTES);
            String[] scratchStrings = new String[total * STRINGS];
            int a = 0;
            int b = from;
            int n = 0;
            try {
                while (a < size || b < to) {
                    boolean staged;
                    if (a == size) {
                        staged = true;
                    } else if (b == to) {
                        staged = false;
                    } else {
                        long ta = time(a);
                        long tb = p.longs[b * LONGS];
                        long sa = sequence(a);
                        long sb = p.longs[b * LONGS + 1];
                        if (ta == tb && sa == sb) {
                            a++; // replaced by the staged row
                            staged = true;
                        } else {
                            staged = tb < ta || (tb == ta && sb < sa);
                        }
                    }
                    if (staged) {
                        OffHeap.UNSAFE.copyMemory(p.longs, OffHeap.LONGS_BASE + b * ROW_BYTES, null,
                                scratch + n * ROW_BYTES, ROW_BYTES);
                        scratchStrings[n * STRINGS] = p.strings[b * STRINGS];
                        scratchStrings[n * STRINGS + 1] = p.strings[b * STRINGS + 1];
                        b++;
                    } else {
                        OffHeap.UNSAFE.copyMemory(address + a * ROW_BYTES, scratch + n * ROW_BYTES, ROW_BYTES);
                        scratchStrings[n * STRINGS] = strings[a * STRINGS];
                        scratchStrings[n * STRINGS + 1] = strings[a * STRINGS + 1];
                        a++;
                    }
                    n++;
                }
                List<Chunk> out = new ArrayList<>(n / CHUNK + 1);
                for (int done = 0; done < n; ) {
                    int rows = Math.min(CHUNK, n - done);
                    Chunk c = new Chunk(rows == CHUNK ? CHUNK : Math.max(16, rows));
                    c.maxJournalIndex = Math.max(maxJournalIndex, p.maxJournalIndex);
                    OffHeap.UNSAFE.copyMemory(scratch + done * ROW_BYTES, c.address, rows * ROW_BYTES);
                    System.arraycopy(scratchStrings, done * STRINGS, c.strings, 0, rows * STRINGS);
                    c.size = rows;
                    out.add(c);
                    done += rows;
                }
                return out;
            } finally {
                OffHeap.UNSAFE.freeMemory(scratch);
            }
        }

        void copyRows(int row, int rows, Ticks out, int to) {
            OffHeap.UNSAFE.copyMemory(null, address + row * ROW_BYTES, out.longs,
                    OffHeap.LONGS_BASE + to * ROW_BYTES, rows * ROW_BYTES);
            System.arraycopy(strings, row * STRINGS, out.strings, to * STRINGS, rows * STRINGS);
        }

        void grow(int rows) {
            if (rows <= capacity) {
                return;
            }
            int c = (int) Math.min(CHUNK, Math.max(rows, capacity * 2L));
            address = OffHeap.UNSAFE.reallocateMemory(address, c * ROW_BYTES);
            strings = Arrays.copyOf(strings, c * STRINGS);
            capacity = c;
        }

        void free() {
            if (address != 0) {
                OffHeap.UNSAFE.freeMemory(address);
                address = 0;
                size = 0;
                capacity = 0;
            }
        }
    }
}
