package io.tickstore.store.model;

/** The kinds of message the ingest protocol carries; {@link #code} is the journal wire code. */
public enum MessageType {
    TICK(1, "tick"),
    ORDER(2, "order"),
    TRADE(3, "trade");

    public final byte code;
    public final String text;

    MessageType(int code, String text) {
        this.code = (byte) code;
        this.text = text;
    }

    private static final MessageType[] BY_CODE = {null, TICK, ORDER, TRADE};

    public static MessageType fromCode(byte code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown message type code " + code);
        }
        return BY_CODE[code];
    }
}
