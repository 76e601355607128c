package io.tickstore.store.dedupe;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tickstore.store.model.IngestMessage;
import java.nio.file.Path;

/**
 * Run as its own process by {@link DedupeSnapshotKillTest}: continues from the snapshot in the data
 * directory (or a fresh state), then forever adds step i (tick i of feed X A, trade id "step-i") and
 * writes the snapshot of index i, printing "written i" once the write returned.
 */
public final class SnapshotWriterProcess {
    static final int BASE_TRADES = 50_000;

    private SnapshotWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        GapLog gapLog = new GapLog(1, new SimpleMeterRegistry());
        DedupeState state = DedupeSnapshot.load(dataDir, gapLog);
        if (state == null) {
            state = new DedupeState(gapLog);
            for (int i = 0; i < BASE_TRADES; i++) {
                state.deduplicator().restoreTrade("t-" + i);
            }
            state.apply(0, mark());
        }
        IngestMessage mark = mark();
        for (long i = state.journalIndex() + 1; ; i++) {
            state.deduplicator().restoreTick("X", "A", i);
            state.deduplicator().restoreTrade("step-" + i);
            state.apply(i, mark);
            DedupeSnapshot.write(dataDir, state);
            System.out.println("written " + i);
            System.out.flush();
        }
    }

    private static IngestMessage mark() {
        IngestMessage m = new IngestMessage();
        m.portfolioSnapshot(0);
        return m;
    }
}
