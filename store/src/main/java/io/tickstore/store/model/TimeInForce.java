package io.tickstore.store.model;

/** How long an order stays working. */
public enum TimeInForce implements CodedValue {
    DAY(1, "day"),
    GTC(2, "gtc"),
    IOC(3, "ioc"),
    FOK(4, "fok");

    private static final TimeInForce[] VALUES = values();
    private final byte code;
    private final String text;

    TimeInForce(int code, String text) {
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
    public static TimeInForce byText(CharSequence value) {
        return CodedValue.byText(VALUES, value);
    }

    /** The constant for a journal code; null for 0 (absent). */
    public static TimeInForce byCode(byte code) {
        return CodedValue.byCode(VALUES, code);
    }

    public static String allowed() {
        return CodedValue.allowed(VALUES);
    }
}
