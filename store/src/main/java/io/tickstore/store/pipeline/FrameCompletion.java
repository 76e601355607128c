package io.tickstore.store.pipeline;

/**
 * Told the outcome of one published frame, exactly once, on the journaller thread. Implementations
 * hand the result back to the connection's own thread and must not block.
 */
public interface FrameCompletion {
    /**
     * Every message of the frame is either in the journal ({@code accepted}) or was already stored
     * ({@code duplicates}). {@code journalIndex} is the index of the frame's last journaled message,
     * or the journal's last index when the whole frame was duplicates ({@code -1} for an empty journal).
     */
    void journaled(int accepted, int duplicates, long journalIndex);

    /**
     * The frame was refused as a whole because the current state does not allow one of its
     * messages (e.g. {@code element 2: order O-1: illegal transition filled -> submitted}); nothing
     * of it is stored. {@code type} is the type of the message at fault.
     */
    void rejected(io.tickstore.store.model.MessageType type, String error);

    /** The journal could not take the frame; the reason says why. */
    void failed(String reason);
}
