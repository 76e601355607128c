package io.tickstore.bench.load;

import io.vertx.core.http.ClientWebSocket;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One ingest connection of a load run, one feed. The sender thread writes frames ({@link #inFlight}
 * producer side, the sent counters); the connection's event loop handles replies
 * (consumer side, the reply counters and recorders). Each counter has one writer; the main thread
 * only reads them.
 */
final class LoadConnection {
    final int index;
    final InFlightFrames inFlight;
    final ClientWebSocket ws;
    /**
     * Ack latency in ns (reply arrival minus the frame's scheduled, open loop, or actual send time) of
     * the frames stamped inside the measured window, whenever their reply comes.
     */
    final SingleWriterRecorder latency = new SingleWriterRecorder(3);
    /** Time in ns between consecutive replies on this connection: a stall shows as a large maximum. */
    final SingleWriterRecorder replyGaps = new SingleWriterRecorder(3);
    private final Runnable onReply;
    private final ErrorLog errors;
    private volatile long measureFrom;
    private volatile long measureUntil;

    // written by the sender thread
    volatile long framesSent;
    volatile long ticksSent;

    // written by the event loop
    volatile long replies;
    volatile long accepted;
    volatile long duplicates;
    volatile long errorReplies;
    volatile boolean closed;
    private long lastReplyNanos;
    /** Set by the main thread when the measured window opens: from then on the longest gap is kept. */
    volatile boolean gapsMeasured;
    volatile long longestGapNanos;
    volatile long longestGapEndedMillis;

    /** Set by the main thread before it closes the connection itself. */
    volatile boolean closing;

    LoadConnection(int index, int window, ClientWebSocket ws, ErrorLog errors, Runnable onReply) {
        this.index = index;
        this.inFlight = new InFlightFrames(window);
        this.ws = ws;
        this.errors = errors;
        this.onReply = onReply;
        ws.textMessageHandler(this::reply);
        ws.binaryMessageHandler(b -> errors.error(index, "unexpected binary reply of " + b.length() + " bytes"));
        ws.exceptionHandler(e -> {
            if (!closing) {
                errors.problem(index, "connection error: " + e);
            }
        });
        ws.closeHandler(v -> {
            closed = true;
            if (!closing) {
                errors.problem(index, "closed by the server: code " + ws.closeStatusCode()
                        + (ws.closeReason() == null ? "" : ", reason \"" + ws.closeReason() + "\"")
                        + " with " + inFlight.size() + " frames unacked");
            }
            onReply.run();
        });
    }

    /** Frames stamped in [{@code from}, {@code until}) ({@link System#nanoTime}) go into {@link #latency}. Before the first send. */
    void measure(long from, long until) {
        measureFrom = from;
        measureUntil = until;
    }

    /** Sender thread only: stamps the frame and writes it. */
    void send(String frame, long stampNanos, int ticks) {
        inFlight.add(stampNanos); // before the write: the reply may come back at once
        ws.writeTextMessage(frame);
        framesSent = framesSent + 1;
        ticksSent = ticksSent + ticks;
    }

    private void reply(String text) {
        long now = System.nanoTime();
        long sent = inFlight.take();
        if (sent == Long.MIN_VALUE) {
            errorReplies = errorReplies + 1;
            errors.error(index, "a reply with no frame in flight: " + text);
        } else if (sent - measureFrom >= 0 && sent - measureUntil < 0) {
            latency.recordValue(Math.max(0, now - sent));
        }
        if (lastReplyNanos != 0) {
            long gap = Math.max(0, now - lastReplyNanos);
            replyGaps.recordValue(gap);
            if (gapsMeasured && gap > longestGapNanos) {
                longestGapNanos = gap;
                longestGapEndedMillis = System.currentTimeMillis();
            }
        }
        lastReplyNanos = now;
        if (AckReply.isOk(text)) {
            long a = AckReply.longField(text, "accepted");
            long d = AckReply.longField(text, "duplicates");
            if (a < 0 || d < 0) {
                errorReplies = errorReplies + 1;
                errors.error(index, "an ok reply without accepted/duplicates counts: " + text);
            } else {
                accepted = accepted + a;
                duplicates = duplicates + d;
            }
        } else {
            errorReplies = errorReplies + 1;
            errors.error(index, text);
        }
        replies = replies + 1;
        onReply.run();
    }
}
