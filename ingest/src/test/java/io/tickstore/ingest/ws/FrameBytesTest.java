package io.tickstore.ingest.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link IngestConnection#bytesOf}: a frame's own heap array is used as it is; anything else is copied. */
class FrameBytesTest {
    private static final byte[] FRAME = "{\"type\":\"tick\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aWholeUnpooledHeapArrayIsUsedWithoutACopy() {
        byte[] array = FRAME.clone();
        // what Vert.x's safeBuffer hands over: an unpooled heap buffer of exactly the frame's bytes
        Buffer frame = BufferInternal.safeBuffer(Unpooled.wrappedBuffer(array));
        byte[] got = IngestConnection.bytesOf(frame);
        assertArrayEquals(FRAME, got);
        assertSame(((BufferInternal) frame).getByteBuf().array(), got);
    }

    @Test
    void aSliceIsCopied() {
        byte[] array = ("xx" + new String(FRAME, StandardCharsets.UTF_8) + "yy").getBytes(StandardCharsets.UTF_8);
        Buffer slice = BufferInternal.buffer(Unpooled.wrappedBuffer(array, 2, FRAME.length));
        byte[] got = IngestConnection.bytesOf(slice);
        assertArrayEquals(FRAME, got);
        assertNotSame(array, got);
    }

    @Test
    void aPooledBufferIsCopied() {
        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.heapBuffer(FRAME.length);
        try {
            pooled.writeBytes(FRAME);
            byte[] got = IngestConnection.bytesOf(BufferInternal.buffer(pooled));
            assertArrayEquals(FRAME, got);
            if (pooled.hasArray()) {
                assertNotSame(pooled.array(), got);
            }
        } finally {
            pooled.release();
        }
    }

    @Test
    void aDirectBufferIsCopied() {
        ByteBuf direct = Unpooled.directBuffer(FRAME.length).writeBytes(FRAME);
        try {
            assertArrayEquals(FRAME, IngestConnection.bytesOf(BufferInternal.buffer(direct)));
        } finally {
            direct.release();
        }
    }
}
