package io.tickstore.store.model;

/** Where an order is in its life. */
public enum OrderStatus implements CodedValue {
    PENDING(1, "pending"),
    SUBMITTED(2, "submitted"),
    PARTIAL(3, "partial"),
    FILLED(4, "filled"),
    CANCELLED(5, "cancelled"),
    REJECTED(6, "rejected");

    private static final OrderStatus[] VALUES = values();
    private final byte code;
    private final String text;

    OrderStatus(int code, String text) {
        this.code = (byte) code;
        this.text = text;
    }

    @Override
    public byte code() {
        return code;
    }

    @Override
    public String text() {
        return text;
    }

    /** The constant spelled {@code value}, or null. */
    public static OrderStatus byText(CharSequence value) {
        return CodedValue.byText(VALUES, value);
    }

    /** The constant for a journal code; null for 0 (absent). */
    public static OrderStatus byCode(byte code) {
        return CodedValue.byCode(VALUES, code);
    }

    public static String allowed() {
        return CodedValue.allowed(VALUES);
    }
}
