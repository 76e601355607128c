package io.tickstore.store.pipeline;

import io.tickstore.store.model.IngestMessage;

/**
 * A pre-allocated ring slot holding one message. A frame of n messages occupies n consecutive
 * slots; its first slot carries the frame's size and completion.
 *
 * <p>Written by the publishing event loop, then the journaller (which sets {@link #accepted} and
 * {@link #journalIndex}, and for a fill the order's new state in {@link #effect}), then read by the
 * hot applier, which clears it.
 */
public final class IngestEvent {
    public final IngestMessage message = new IngestMessage();
    /** For an accepted fill: the order's state after it, journaled right after the trade. */
    final IngestMessage effect = new IngestMessage();
    boolean hasEffect;
    long effectJournalIndex;
    FrameCompletion frame;
    int frameSize;
    int positionInFrame;
    boolean accepted;
    long journalIndex;

    void clear() {
        message.clear();
        frame = null;
        frameSize = 0;
        positionInFrame = 0;
        accepted = false;
        journalIndex = -1;
        if (hasEffect) {
            effect.clear();
            hasEffect = false;
        }
        effectJournalIndex = -1;
    }
}
