package io.tickstore.store.model;

/** Which side of the book an order or fill is on. */
public enum Side implements CodedValue {
    BUY(1, "buy"),
    SELL(2, "sell");

    private static final Side[] VALUES = values();
    private final byte code;
    private final String text;

    Side(int code, String text) {
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
    public static Side byText(CharSequence value) {
        return CodedValue.byText(VALUES, value);
    }

    /** The constant for a journal code; null for 0 (absent). */
    public static Side byCode(byte code) {
        return CodedValue.byCode(VALUES, code);
    }

    public static String allowed() {
        return CodedValue.allowed(VALUES);
    }
}
