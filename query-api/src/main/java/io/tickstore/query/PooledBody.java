package io.tickstore.query;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reply body in a pooled direct buffer: the page's bytes are copied once, from the thread's
 * {@link TextBytes} into memory Netty writes to the socket as it is. A body made with
 * {@code Buffer.buffer(bytes)} was a fresh heap buffer per reply (most of what the server allocated
 * under the mixed load of 50 bar clients, and so most of its young collections), which Netty then
 * copied again into a direct buffer to write it.
 *
 * <p>Vert.x hands Netty an unreleasable view of a buffer it did not allocate, so the sender releases
 * this one itself once the write is over, sent or failed ({@link #release}; a second call does nothing).
 * {@link #held()} counts the bodies not yet released, for the leak tests.
 */
public final class PooledBody {
    private static final AtomicLong HELD = new AtomicLong();

    private final ByteBuf bytes;
    private final Buffer body;
    private final AtomicBoolean released = new AtomicBoolean();

    private PooledBody(ByteBuf bytes) {
        this.bytes = bytes;
        this.body = BufferInternal.buffer(bytes);
    }

    /** A body holding {@code bytes[0..length)}. */
    static PooledBody copyOf(byte[] bytes, int length) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(length, length);
        try {
            b.writeBytes(bytes, 0, length);
        } catch (RuntimeException e) {
            b.release();
            throw e;
        }
        HELD.incrementAndGet();
        return new PooledBody(b);
    }

    /** The bytes to send; valid until {@link #release}. */
    Buffer body() {
        return body;
    }

    /** Gives the memory back to the pool; after the write that sent it completed or failed. */
    void release() {
        if (released.compareAndSet(false, true)) {
            bytes.release();
            HELD.decrementAndGet();
        }
    }

    /** Bodies made and not yet released, in this JVM. */
    public static long held() {
        return HELD.get();
    }
}
