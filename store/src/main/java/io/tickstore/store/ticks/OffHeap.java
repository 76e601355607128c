package io.tickstore.store.ticks;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** Native memory for tick chunks: {@code sun.misc.Unsafe} (module jdk.unsupported), found once. */
final class OffHeap {
    static final Unsafe UNSAFE = find();
    /** Offset of element 0 in a {@code long[]}. */
    static final long LONGS_BASE = UNSAFE.arrayBaseOffset(long[].class);

    private OffHeap() {
    }

    private static Unsafe find() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
