package io.tickstore.ingest.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import java.util.function.Consumer;

/**
 * Sits right after Netty's WebSocket frame decoder and takes the frames it refuses (over the size limit,
 * invalid UTF-8, a protocol error) away from Vert.x, which would drop the connection at once, before the
 * client could read why. The connection closes it itself, with a code and a reason. Event loop only.
 */
final class DecoderRefusalHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "tickstore-decoder-refusal";

    private final Consumer<CorruptedWebSocketFrameException> refused;

    DecoderRefusalHandler(Consumer<CorruptedWebSocketFrameException> refused) {
        this.refused = refused;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException e) {
            refused.accept(e);
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
