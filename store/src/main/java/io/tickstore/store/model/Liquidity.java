package io.tickstore.store.model;

/** Whether a fill added or took liquidity. */
public enum Liquidity implements CodedValue {
    MAKER(1, "maker"),
    TAKER(2, "taker");

    private static final Liquidity[] VALUES = values();
    private final byte code;
    private final String text;

    Liquidity(int code, String text) {
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
    public static Liquidity byText(CharSequence value) {
        return CodedValue.byText(VALUES, value);
    }

    /** The constant for a journal code; null for 0 (absent). */
    public static Liquidity byCode(byte code) {
        return CodedValue.byCode(VALUES, code);
    }

    public static String allowed() {
        return CodedValue.allowed(VALUES);
    }
}
