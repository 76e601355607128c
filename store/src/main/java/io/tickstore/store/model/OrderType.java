package io.tickstore.store.model;

/** How an order is priced. */
public enum OrderType implements CodedValue {
    MARKET(1, "market"),
    LIMIT(2, "limit"),
    STOP(3, "stop"),
    STOP_LIMIT(4, "stop_limit");

    private static final OrderType[] VALUES = values();
    private final byte code;
    private final String text;

    OrderType(int code, String text) {
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
    public static OrderType byText(CharSequence value) {
        return CodedValue.byText(VALUES, value);
    }

    /** The constant for a journal code; null for 0 (absent). */
    public static OrderType byCode(byte code) {
        return CodedValue.byCode(VALUES, code);
    }

    public static String allowed() {
        return CodedValue.allowed(VALUES);
    }
}
