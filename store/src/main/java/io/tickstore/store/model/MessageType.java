package io.tickstore.store.model;

import java.util.List;

/**
 * The kinds of message the journal carries; {@link #code} is the journal wire code. Ticks, orders
 * and trades come from clients (the ingest protocol); a portfolio snapshot mark is journaled by the
 * store itself when a scheduled portfolio snapshot is due, so that every tier takes it at the same
 * point of the journal.
 */
public enum MessageType {
    TICK(1, "tick", true),
    ORDER(2, "order", true),
    TRADE(3, "trade", true),
    PORTFOLIO_SNAPSHOT(4, "portfolio_snapshot", false);

    /** The types a client may send, in protocol order. */
    public static final List<MessageType> FROM_CLIENTS = List.of(TICK, ORDER, TRADE);

    public final byte code;
    public final String text;
    private final boolean fromClients;

    MessageType(int code, String text, boolean fromClients) {
        this.code = (byte) code;
        this.text = text;
        this.fromClients = fromClients;
    }

    /** Whether clients send this type (false: the store journals it itself). */
    public boolean fromClients() {
        return fromClients;
    }

    private static final MessageType[] BY_CODE = {null, TICK, ORDER, TRADE, PORTFOLIO_SNAPSHOT};

    public static MessageType fromCode(byte code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown message type code " + code);
        }
        return BY_CODE[code];
    }
}
