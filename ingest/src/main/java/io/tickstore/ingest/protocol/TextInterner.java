package io.tickstore.ingest.protocol;

/**
 * Returns one shared {@link String} per distinct short text (exchange, symbol, strategy, tape...),
 * so parsing a frame does not allocate a new String for every repeated name. Open addressing,
 * bounded: once full, new texts are still returned, just not remembered.
 *
 * <p>Not thread-safe: one per parser (per connection).
 */
public final class TextInterner {
    private final String[] table;
    private final int mask;
    private int size;

    public TextInterner(int capacityPowerOfTwo) {
        if (capacityPowerOfTwo <= 0 || Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        this.table = new String[capacityPowerOfTwo];
        this.mask = capacityPowerOfTwo - 1;
    }

    public String intern(char[] text, int offset, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            h = 31 * h + text[offset + i];
        }
        int slot = (h ^ (h >>> 16)) & mask;
        for (int probe = 0; probe < 8; probe++) {
            String s = table[slot];
            if (s == null) {
                String created = new String(text, offset, length);
                if (size < table.length / 2) {
                    table[slot] = created;
                    size++;
                }
                return created;
            }
            if (s.length() == length && s.hashCode() == h && equal(s, text, offset, length)) {
                return s;
            }
            slot = (slot + 1) & mask;
        }
        return new String(text, offset, length);
    }

    private static boolean equal(String s, char[] text, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != text[offset + i]) {
                return false;
            }
        }
        return true;
    }
}
