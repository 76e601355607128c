package io.tickstore.ingest.ws;

import io.tickstore.config.IngestConfig;
import io.tickstore.ingest.protocol.FrameParser;
import io.tickstore.ingest.protocol.FrameRejection;
import io.tickstore.store.pipeline.FrameCompletion;
import io.tickstore.store.pipeline.IngestPipeline;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest WebSocket. Runs on its event loop: parses each text frame, publishes it whole to the
 * pipeline, and writes exactly one reply per frame, in frame order (a reply waits for every earlier
 * frame's reply).
 *
 * <p>Backpressure: when the pipeline refuses a parsed frame (its ring has no room, or it is held back:
 * the hot tier holds too much DuckDB has not stored, or a required sink is too far behind), or the
 * socket's write queue is full, reading is paused; the frame is retried every millisecond and reading
 * resumes once both clear.
 * So a connection holds at most one parsed frame plus what Vert.x buffered before the pause.
 *
 * <p>Size and time limits: a single WebSocket frame over {@code ingest.max_frame_bytes} is refused by Netty's
 * decoder from its header (the transport limit is the same number), before its payload is read; fragments are
 * added up here as they arrive and refused as soon as their sum passes the limit. Either way the connection is
 * closed with 1009 and a reason. A frame whose first bytes arrived but which is still unfinished after
 * {@code ingest.frame_timeout_ms} closes the connection with 1008 ({@link FrameBoundaryWatch}).
 */
final class IngestConnection {
    private static final Logger LOG = LoggerFactory.getLogger(IngestConnection.class);
    private static final long RETRY_MILLIS = 1;
    /** How long a refused client has to read the close frame before the socket is dropped. */
    private static final long CLOSE_GRACE_MILLIS = 250;
    /** RFC 6455: the payload is too big to process. */
    private static final short MESSAGE_TOO_BIG = 1009;
    /** RFC 6455: a message that violates the server's policy (here: a frame that does not finish in time). */
    private static final short POLICY_VIOLATION = 1008;

    private final Vertx vertx;
    private final Context context;
    private final ServerWebSocket ws;
    private final IngestPipeline pipeline;
    private final FrameParser parser;
    private final IngestMetrics metrics;
    private final int maxFrameBytes;
    private final IngestAdmission admission;
    private final long frameTimeoutNanos;
    private final Channel channel;
    private final FrameBoundaryWatch boundaryWatch;
    /** Fragments of the message being received (a text or binary frame without FIN, then continuations). */
    private Buffer fragments;
    private boolean fragmentsAreText;
    private long frameTimer = -1;
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    /**
     * Whether a task to write the replies the journaller finished is queued on the event loop: one task
     * for however many finish meanwhile, and replies due when a frame arrives are written then, inside
     * the read, so that Vert.x flushes them together at the end of it rather than one write each.
     */
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Handler<Void> drainReplies = v -> {
        drainScheduled.set(false);
        flushReplies();
    };
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private Reply blocked;
    private int blockedCount;
    private boolean pausedForRing;
    private boolean pausedForWrites;
    private boolean closed;

    /** {@code channel}: the connection's Netty channel, or null if unknown (no slow-frame timeout then). */
    IngestConnection(Vertx vertx, ServerWebSocket ws, Channel channel, IngestPipeline pipeline, IngestConfig config,
                     IngestMetrics metrics, IngestAdmission admission) {
        this.admission = admission;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.ws = ws;
        this.pipeline = pipeline;
        this.parser = new FrameParser(config.maxMessagesPerFrame());
        this.metrics = metrics;
        this.maxFrameBytes = config.maxFrameBytes();
        this.frameTimeoutNanos = config.frameTimeoutMillis() * 1_000_000L;
        this.channel = channel;
        this.boundaryWatch = installWatches();
    }

    /**
     * Puts a {@link FrameBoundaryWatch} in front of Netty's frame decoder and a {@link DecoderRefusalHandler}
     * after it, on the upgraded connection's {@code channel}: Vert.x has no public API for what arrived of an
     * unfinished frame, and it would drop a connection whose frame the decoder refused without a reason.
     */
    private FrameBoundaryWatch installWatches() {
        if (channel == null) {
            return null;
        }
        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext decoder = pipeline.context(WebSocketFrameDecoder.class);
        if (decoder == null) {
            return null;
        }
        FrameBoundaryWatch watch = new FrameBoundaryWatch();
        pipeline.addBefore(decoder.name(), FrameBoundaryWatch.NAME, watch);
        pipeline.addAfter(decoder.name(), DecoderRefusalHandler.NAME, new DecoderRefusalHandler(this::onRefused));
        return watch;
    }

    /** Starts serving; the connection slot was already counted by the endpoint and is released on close. */
    void start() {
        ws.frameHandler(this::onFrame);
        ws.exceptionHandler(this::onException);
        ws.closeHandler(v -> {
            closed = true;
            fragments = null;
            if (frameTimer >= 0) {
                vertx.cancelTimer(frameTimer);
            }
            metrics.connections.decrementAndGet();
        });
        ws.drainHandler(v -> {
            pausedForWrites = false;
            resumeIfClear();
        });
        if (boundaryWatch != null) {
            long period = Math.max(20, frameTimeoutNanos / 1_000_000L / 4);
            frameTimer = vertx.setPeriodic(period, id -> checkFrameTimeout());
        }
    }

    /** Every frame, data or control, in arrival order; data frames are put together into messages here. */
    private void onFrame(WebSocketFrame frame) {
        if (closed) {
            return;
        }
        Reply due = replies.peek();
        if (due != null && due.json != null) {
            flushReplies(); // inside the read: written now, flushed with the read's other writes
        }
        switch (frame.type()) {
            case TEXT, BINARY -> {
                if (frame.isFinal()) {
                    if (frame.isText()) {
                        onTextBytes(bytesOf(frame.binaryData()));
                    } else {
                        onBinary(frame.binaryData());
                    }
                } else {
                    fragmentsAreText = frame.isText();
                    fragments = Buffer.buffer();
                    appendFragment(frame);
                }
            }
            case CONTINUATION -> {
                if (fragments == null) {
                    return; // Netty's decoder refuses a continuation outside a message before it gets here
                }
                appendFragment(frame);
                if (!closed && frame.isFinal()) {
                    Buffer message = fragments;
                    fragments = null;
                    if (fragmentsAreText) {
                        onTextBytes(message.getBytes());
                    } else {
                        onBinary(message);
                    }
                }
            }
            default -> {
                // ping (answered by Vert.x), pong, close: nothing to do
            }
        }
    }

    /**
     * A frame's bytes, without a copy when they are a whole heap array of their own: Vert.x hands each
     * received frame's data over as an unpooled heap copy sized to it ({@code BufferInternal.safeBuffer}),
     * which nothing else holds or reuses. Anything else is copied: a slice, a direct buffer, or a pooled one (whose
     * array is a shared chunk, larger than any one frame).
     */
    static byte[] bytesOf(Buffer data) {
        if (data instanceof BufferInternal internal) {
            ByteBuf b = internal.getByteBuf();
            if (b.hasArray() && b.arrayOffset() == 0 && b.readerIndex() == 0 && b.writerIndex() == b.array().length) {
                return b.array();
            }
        }
        return data.getBytes();
    }

    private void onTextBytes(byte[] bytes) {
        if (!Utf8Text.valid(bytes)) {
            onInvalidText("frame is not valid UTF-8 (first bad byte at offset " + Utf8Text.invalidAt(bytes)
                    + "): send JSON text encoded as UTF-8");
            return;
        }
        onText(bytes);
    }

    private void appendFragment(WebSocketFrame frame) {
        Buffer data = frame.binaryData();
        long total = (long) fragments.length() + data.length();
        if (total > maxFrameBytes) {
            fragments = null;
            tooBig("fragmented frame of more than " + total + " bytes exceeds ingest.max_frame_bytes = " + maxFrameBytes);
            return;
        }
        fragments.appendBuffer(data);
    }

    /** Netty's decoder refused what arrived: a frame over the size limit, invalid UTF-8, a protocol error. */
    private void onRefused(CorruptedWebSocketFrameException e) {
        if (closed) {
            return;
        }
        short code = (short) e.closeStatus().code();
        if (code == MESSAGE_TOO_BIG) {
            tooBig("frame exceeds ingest.max_frame_bytes = " + maxFrameBytes + " (refused from its header, unread)");
        } else {
            metrics.rejected(null);
            closeNow(code, "protocol error: " + e.getMessage());
        }
    }

    private void onException(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException refused) {
            onRefused(refused); // without the refusal handler in place (no channel): Vert.x closes right after
            return;
        }
        LOG.debug("ingest connection {}: {}", ws.remoteAddress(), e.toString());
    }

    private void tooBig(String reason) {
        // Earlier frames keep their outcome (journaled ones stay stored); their replies may be lost
        // with the connection, and a client re-sending them gets them counted as duplicates.
        metrics.rejected(null);
        closeNow(MESSAGE_TOO_BIG, reason);
    }

    private void checkFrameTimeout() {
        if (closed || pausedForRing || pausedForWrites) {
            return;
        }
        long since = boundaryWatch.pendingSinceNanos();
        if (since != 0 && System.nanoTime() - since > frameTimeoutNanos) {
            metrics.rejected(null);
            closeNow(POLICY_VIOLATION, "frame not completed within ingest.frame_timeout_ms = " + frameTimeoutNanos / 1_000_000L);
        }
    }

    /**
     * Sends the close frame with {@code reason}, then drops the connection after a short grace: after a refused
     * frame the decoder discards what the client sends, so its close frame would never be seen; the grace
     * lets the client read ours before the socket goes (closing at once could reset it unread).
     */
    private void closeNow(short code, String reason) {
        closed = true;
        ws.close(code, reason);
        if (boundaryWatch != null) {
            channel.eventLoop().schedule(boundaryWatch::dropConnection, CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A text frame's UTF-8 bytes, parsed as they are (no string is made of them). */
    private void onText(byte[] frame) {
        if (closed) {
            return;
        }
        if (frame.length > maxFrameBytes) {
            tooBig("frame of " + frame.length + " bytes exceeds ingest.max_frame_bytes = " + maxFrameBytes);
            return;
        }
        if (blocked != null) {
            waiting.add(frame);
            return;
        }
        process(frame);
    }

    private void onBinary(Buffer frame) {
        onInvalidText("binary frames are not supported: send each frame as JSON text");
    }

    /** A frame refused before parsing, with an error reply in its turn; the connection stays open. */
    private void onInvalidText(String error) {
        if (blocked != null) {
            waiting.add(new Refusal(error));
            return;
        }
        Reply r = enqueue();
        metrics.rejected(null);
        r.completeHere(Acks.error(error));
    }

    /** A refused frame waiting for its turn behind a blocked one. */
    private record Refusal(String error) {
    }

    private void process(byte[] frame) {
        Reply r = enqueue();
        if (pipeline.health().failed()) {
            metrics.failed();
            r.completeHere(Acks.error("store unavailable, frame not accepted: " + pipeline.health().failure()));
            return;
        }
        int count;
        try {
            count = parser.parse(frame);
        } catch (FrameRejection e) {
            metrics.rejected(e.type());
            r.completeHere(Acks.error(e.getMessage()));
            return;
        }
        String limited = admission.admit(count);
        if (limited != null) {
            metrics.rejected(null);
            r.completeHere(Acks.error(limited));
            return;
        }
        if (!pipeline.tryPublish(parser.messages(), count, r)) {
            blocked = r;
            blockedCount = count;
            pausedForRing = true;
            metrics.paused(pipeline.heldBy());
            ws.pause();
            vertx.setTimer(RETRY_MILLIS, id -> retryBlocked());
        }
    }

    private void retryBlocked() {
        if (closed) {
            blocked = null; // the client is gone; this frame was never journaled and is never acked
            waiting.clear();
            return;
        }
        if (!pipeline.tryPublish(parser.messages(), blockedCount, blocked)) {
            vertx.setTimer(RETRY_MILLIS, id -> retryBlocked());
            return;
        }
        blocked = null;
        pausedForRing = false;
        while (blocked == null && !waiting.isEmpty()) {
            Object next = waiting.poll();
            if (next instanceof byte[] text) {
                process(text);
            } else {
                onInvalidText(((Refusal) next).error());
            }
        }
        resumeIfClear();
    }

    private Reply enqueue() {
        Reply r = new Reply(System.nanoTime());
        replies.add(r);
        return r;
    }

    /** Writes every finished reply at the head of the queue. Event loop only. */
    private void flushReplies() {
        Reply head;
        while ((head = replies.peek()) != null && head.json != null) {
            replies.poll();
            if (!closed) {
                ws.writeTextMessage(head.json);
            }
            metrics.ackLatency(System.nanoTime() - head.receivedNanos);
        }
        if (!closed && !pausedForWrites && ws.writeQueueFull()) {
            pausedForWrites = true;
            ws.pause();
        }
    }

    private void resumeIfClear() {
        if (!closed && !pausedForRing && !pausedForWrites) {
            if (boundaryWatch != null) {
                boundaryWatch.restartClock();
            }
            ws.resume();
        }
    }

    /** One frame's reply slot; completed here (bad input) or by the journaller (published frames). */
    private final class Reply implements FrameCompletion {
        final long receivedNanos;
        /** Set once, by this thread ({@link #completeHere}) or the journaller's; then the reply is due. */
        volatile String json;

        Reply(long receivedNanos) {
            this.receivedNanos = receivedNanos;
        }

        void completeHere(String reply) {
            json = reply;
            flushReplies();
        }

        @Override
        public void journaled(int accepted, int duplicates, long journalIndex) {
            metrics.accepted();
            completeElsewhere(Acks.ok(accepted, duplicates, journalIndex));
        }

        @Override
        public void rejected(io.tickstore.store.model.MessageType type, String error) {
            metrics.rejected(type);
            completeElsewhere(Acks.error(error));
        }

        @Override
        public void failed(String reason) {
            metrics.failed();
            completeElsewhere(Acks.error("frame not accepted: " + reason));
        }

        /** The journaller's thread: the reply is due; the event loop writes it (and any others due) soon. */
        private void completeElsewhere(String reply) {
            json = reply;
            if (!drainScheduled.getAndSet(true)) {
                context.runOnContext(drainReplies);
            }
        }
    }
}
