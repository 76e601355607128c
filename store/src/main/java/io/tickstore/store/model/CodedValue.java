package io.tickstore.store.model;

/**
 * An enumerated column value: {@link #text()} is what JSON and SQL carry, {@link #code()} what the journal carries.
 * Code 0 is reserved for "absent".
 */
public interface CodedValue {
    String text();

    byte code();

    /** Finds the constant whose text equals {@code value} exactly, or null. Linear: the enums are tiny. */
    static <E extends Enum<E> & CodedValue> E byText(E[] values, CharSequence value) {
        for (E e : values) {
            if (e.text().contentEquals(value)) {
                return e;
            }
        }
        return null;
    }

    static <E extends Enum<E> & CodedValue> E byCode(E[] values, byte code) {
        if (code == 0) {
            return null;
        }
        for (E e : values) {
            if (e.code() == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown code " + code + " for " + values[0].getDeclaringClass().getSimpleName());
    }

    /** "buy, sell" — for error messages. */
    static String allowed(CodedValue[] values) {
        StringBuilder sb = new StringBuilder();
        for (CodedValue v : values) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(v.text());
        }
        return sb.toString();
    }
}
