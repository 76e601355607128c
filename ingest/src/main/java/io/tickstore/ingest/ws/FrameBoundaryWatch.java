package io.tickstore.ingest.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Follows the WebSocket frame headers in the raw (decrypted) byte stream of one connection, ahead of Netty's
 * frame decoder, to know since when a frame has been started but not finished. That is what a slow-loris
 * client does: it starts a frame and then trickles or stops, and the decoder would wait forever.
 *
 * <p>Only the header bytes are looked at (2 to 14 bytes a frame: opcode byte, length, mask); payloads are
 * skipped, never copied. Runs on the connection's event loop; {@link #pendingSinceNanos()} may be read from
 * the same event loop only.
 *
 * <p>Frame layout (RFC 6455 section 5.2): byte 0 = FIN, RSV, opcode; byte 1 = MASK bit + 7-bit length;
 * length 126 → 2 more length bytes, 127 → 8 more; then a 4-byte mask key if MASK; then the payload.
 */
final class FrameBoundaryWatch extends ChannelInboundHandlerAdapter {
    static final String NAME = "tickstore-frame-boundary-watch";

    /** Header bytes read so far of the frame being started; 0 = at a frame boundary. */
    private int headerRead;
    /** The whole header's size, known from its second byte. */
    private int headerLength;
    /** Where the mask key starts in the header: the bytes before it are length bytes. */
    private int maskStart;
    private long payloadLength;
    private long payloadLeft;
    /** When the unfinished frame's first byte arrived; 0 = none pending. */
    private long pendingSinceNanos;

    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Closes the socket from this handler's place in the pipeline: below TLS (which still says goodbye) but
     * past Vert.x's own handler, which would otherwise wait for the close handshake the client cannot finish
     * once the decoder has refused its frame.
     */
    void dropConnection() {
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            follow(buf, buf.readerIndex(), buf.writerIndex());
        }
        ctx.fireChannelRead(msg);
    }

    private void follow(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            if (payloadLeft > 0) {
                long skip = Math.min(payloadLeft, to - i);
                payloadLeft -= skip;
                i += (int) skip;
                if (payloadLeft == 0) {
                    pendingSinceNanos = 0;
                }
                continue;
            }
            int b = buf.getUnsignedByte(i++);
            if (headerRead == 0) {
                pendingSinceNanos = System.nanoTime() | 1; // never 0 while pending
                headerRead = 1;
                continue;
            }
            if (headerRead == 1) {
                int len7 = b & 0x7F;
                int maskBytes = (b & 0x80) != 0 ? 4 : 0;
                maskStart = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
                headerLength = maskStart + maskBytes;
                payloadLength = len7 < 126 ? len7 : 0;
            } else if (headerRead < maskStart) {
                payloadLength = (payloadLength << 8) | b;
            }
            headerRead++;
            if (headerRead == headerLength) {
                headerRead = 0;
                payloadLeft = payloadLength;
                if (payloadLeft == 0) {
                    pendingSinceNanos = 0;
                }
            }
        }
    }

    /** When the unfinished frame's first byte arrived, or 0 when the stream is at a frame boundary. */
    long pendingSinceNanos() {
        return pendingSinceNanos;
    }

    /** Restarts the clock of a pending frame (after the connection was paused: the wait was ours, not the client's). */
    void restartClock() {
        if (pendingSinceNanos != 0) {
            pendingSinceNanos = System.nanoTime() | 1;
        }
    }
}
