package io.tickstore.ingest.protocol;

import io.tickstore.store.model.MessageType;

/**
 * A frame refused as a whole, with the reason a client sees, e.g.
 * {@code element 3: last_price: expected a decimal with at most 8 fraction digits, got 1.123456789}.
 * Cheap to throw: no stack trace.
 */
public final class FrameRejection extends Exception {
    private final MessageType type;

    public FrameRejection(String message, MessageType type) {
        super(message, null, false, false);
        this.type = type;
    }

    /** The type of the element at fault, or null when it is not known (malformed JSON, missing type). */
    public MessageType type() {
        return type;
    }
}
