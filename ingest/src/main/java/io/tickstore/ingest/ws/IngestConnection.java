package io.tickstore.ingest.ws;

import io.tickstore.config.IngestConfig;
import io.tickstore.ingest.protocol.FrameParser;
import io.tickstore.ingest.protocol.FrameRejection;
import io.tickstore.store.pipeline.FrameCompletion;
import io.tickstore.store.pipeline.IngestPipeline;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
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
 */
final class IngestConnection {
    private static final Logger LOG = LoggerFactory.getLogger(IngestConnection.class);
    private static final long RETRY_MILLIS = 1;
    /** RFC 6455: the payload is too big to process. */
    private static final short MESSAGE_TOO_BIG = 1009;

    private final Vertx vertx;
    private final Context context;
    private final ServerWebSocket ws;
    private final IngestPipeline pipeline;
    private final FrameParser parser;
    private final IngestMetrics metrics;
    private final int maxFrameBytes;
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private Reply blocked;
    private int blockedCount;
    private boolean pausedForRing;
    private boolean pausedForWrites;
    private boolean closed;

    IngestConnection(Vertx vertx, ServerWebSocket ws, IngestPipeline pipeline, IngestConfig config,
                     IngestMetrics metrics) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.ws = ws;
        this.pipeline = pipeline;
        this.parser = new FrameParser(config.maxMessagesPerFrame());
        this.metrics = metrics;
        this.maxFrameBytes = config.maxFrameBytes();
    }

    /** Starts serving; the connection slot was already counted by the endpoint and is released on close. */
    void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(this::onBinary);
        ws.exceptionHandler(e -> LOG.debug("ingest connection {}: {}", ws.remoteAddress(), e.toString()));
        ws.closeHandler(v -> {
            closed = true;
            metrics.connections.decrementAndGet();
        });
        ws.drainHandler(v -> {
            pausedForWrites = false;
            resumeIfClear();
        });
    }

    private void onText(String frame) {
        if (closed) {
            return;
        }
        int bytes = utf8Length(frame, maxFrameBytes);
        if (bytes > maxFrameBytes) {
            // Earlier frames keep their outcome (journaled ones stay stored); their replies may be lost
            // with the connection, and a client re-sending them gets them counted as duplicates.
            metrics.rejected(null);
            closed = true;
            ws.close(MESSAGE_TOO_BIG, "frame of " + bytes + " bytes exceeds ingest.max_frame_bytes = " + maxFrameBytes);
            return;
        }
        if (blocked != null) {
            waiting.add(frame);
            return;
        }
        process(frame);
    }

    private void onBinary(Buffer frame) {
        if (blocked != null) {
            waiting.add(frame);
            return;
        }
        Reply r = enqueue();
        metrics.rejected(null);
        r.completeHere(Acks.error("binary frames are not supported: send each frame as JSON text"));
    }

    private void process(String frame) {
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
            if (next instanceof String text) {
                process(text);
            } else {
                onBinary((Buffer) next);
            }
        }
        resumeIfClear();
    }

    /** UTF-8 byte length of {@code s}, computed exactly only when it could exceed {@code limit}. */
    static int utf8Length(String s, int limit) {
        int chars = s.length();
        if ((long) chars * 3 <= limit) {
            return chars; // even all-3-byte text fits; the exact figure does not matter
        }
        int bytes = 0;
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
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
            ws.resume();
        }
    }

    /** One frame's reply slot; completed here (bad input) or by the journaller (published frames). */
    private final class Reply implements FrameCompletion {
        final long receivedNanos;
        String json;

        Reply(long receivedNanos) {
            this.receivedNanos = receivedNanos;
        }

        void completeHere(String reply) {
            json = reply;
            flushReplies();
        }

        @Override
        public void journaled(int accepted, int duplicates, long journalIndex) {
            String reply = Acks.ok(accepted, duplicates, journalIndex);
            context.runOnContext(v -> {
                metrics.accepted();
                json = reply;
                flushReplies();
            });
        }

        @Override
        public void rejected(io.tickstore.store.model.MessageType type, String error) {
            String reply = Acks.error(error);
            context.runOnContext(v -> {
                metrics.rejected(type);
                json = reply;
                flushReplies();
            });
        }

        @Override
        public void failed(String reason) {
            String reply = Acks.error("frame not accepted: " + reason);
            context.runOnContext(v -> {
                metrics.failed();
                json = reply;
                flushReplies();
            });
        }
    }
}
