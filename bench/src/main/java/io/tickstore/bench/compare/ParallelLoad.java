package io.tickstore.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Feeds a tick file to a target's connections the same way for every target: the calling thread
 * reads the file once and hands each tick, in file order, to the worker of connection
 * {@code symbol % workers} in chunks; each worker runs on its own thread and writes to its own
 * connection. So each connection carries whole feeds, each feed in sequence order, and reading
 * costs every target the same. A full worker queue blocks the reader (bounded memory). The first
 * failure of any worker stops the load and is rethrown.
 */
final class ParallelLoad {
    static final int CHUNK_ROWS = 4096;
    private static final int QUEUED_CHUNKS = 4;

    /** One connection's writer; called on its own thread. */
    interface Worker {
        /** Writes the chunk's rows; the chunk is reused after this returns. */
        void rows(TickChunk chunk) throws Exception;

        /** After the last chunk: sends what is buffered and waits until the target acknowledged everything. */
        void finish() throws Exception;
    }

    /** A block of ticks in columns; {@link TickRow} fields by index. */
    static final class TickChunk {
        final boolean[] trade = new boolean[CHUNK_ROWS];
        final int[] symbol = new int[CHUNK_ROWS];
        final long[] sequence = new long[CHUNK_ROWS];
        final long[] timestamp = new long[CHUNK_ROWS];
        final long[] bidPrice = new long[CHUNK_ROWS];
        final long[] askPrice = new long[CHUNK_ROWS];
        final long[] bidSize = new long[CHUNK_ROWS];
        final long[] askSize = new long[CHUNK_ROWS];
        final long[] lastPrice = new long[CHUNK_ROWS];
        final long[] lastSize = new long[CHUNK_ROWS];
        int size;
        boolean last;

        void add(TickRow r) {
            int i = size++;
            trade[i] = r.trade;
            symbol[i] = r.symbol;
            sequence[i] = r.sequence;
            timestamp[i] = r.timestamp;
            bidPrice[i] = r.bidPrice;
            askPrice[i] = r.askPrice;
            bidSize[i] = r.bidSize;
            askSize[i] = r.askSize;
            lastPrice[i] = r.lastPrice;
            lastSize[i] = r.lastSize;
        }
    }

    private ParallelLoad() {
    }

    /**
     * Loads the whole file through {@code workers}; returns the ticks read. {@code rowsSent} hears
     * how many ticks were handed to the workers so far, once per chunk.
     */
    static long run(Path file, List<? extends Worker> workers, LongConsumer rowsSent) throws Exception {
        int n = workers.size();
        List<ArrayBlockingQueue<TickChunk>> full = new ArrayList<>();
        List<ArrayBlockingQueue<TickChunk>> free = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            ArrayBlockingQueue<TickChunk> f = new ArrayBlockingQueue<>(QUEUED_CHUNKS + 1);
            ArrayBlockingQueue<TickChunk> e = new ArrayBlockingQueue<>(QUEUED_CHUNKS + 1);
            for (int k = 0; k < QUEUED_CHUNKS; k++) {
                e.add(new TickChunk());
            }
            full.add(f);
            free.add(e);
            Worker worker = workers.get(w);
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        TickChunk c = f.take();
                        boolean end = c.last;
                        if (c.size > 0) {
                            worker.rows(c);
                        }
                        c.size = 0;
                        c.last = false;
                        e.put(c);
                        if (end) {
                            break;
                        }
                    }
                    worker.finish();
                } catch (InterruptedException ie) {
                    failure.compareAndSet(null, new IllegalStateException("load worker interrupted"));
                } catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }, "compare-load-" + w);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        long read = 0;
        try (TickFile.Reader reader = new TickFile.Reader(file)) {
            TickChunk[] open = new TickChunk[n];
            TickRow row = new TickRow();
            while (reader.next(row)) {
                int w = row.symbol % n;
                TickChunk c = open[w];
                if (c == null) {
                    c = open[w] = take(free.get(w), failure);
                }
                c.add(row);
                read++;
                if (c.size == CHUNK_ROWS) {
                    put(full.get(w), c, failure);
                    open[w] = null;
                    rowsSent.accept(read);
                }
            }
            for (int w = 0; w < n; w++) {
                TickChunk c = open[w] != null ? open[w] : take(free.get(w), failure);
                c.last = true;
                put(full.get(w), c, failure);
            }
            rowsSent.accept(read);
            for (Thread t : threads) {
                while (t.isAlive()) {
                    t.join(100);
                    if (failure.get() != null) {
                        break;
                    }
                }
            }
        } finally {
            if (failure.get() != null) {
                threads.forEach(Thread::interrupt);
                for (Thread t : threads) {
                    t.join(10_000);
                }
            }
        }
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException(f);
        }
        return read;
    }

    private static TickChunk take(ArrayBlockingQueue<TickChunk> q, AtomicReference<Throwable> failure)
            throws Exception {
        while (true) {
            TickChunk c = q.poll(100, TimeUnit.MILLISECONDS);
            if (c != null) {
                return c;
            }
            rethrow(failure);
        }
    }

    private static void put(ArrayBlockingQueue<TickChunk> q, TickChunk c, AtomicReference<Throwable> failure)
            throws Exception {
        while (!q.offer(c, 100, TimeUnit.MILLISECONDS)) {
            rethrow(failure);
        }
    }

    private static void rethrow(AtomicReference<Throwable> failure) throws Exception {
        Throwable f = failure.get();
        if (f instanceof Exception e) {
            throw e;
        } else if (f != null) {
            throw new IllegalStateException(f);
        }
    }
}
