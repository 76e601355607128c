package io.tickstore.query.stream;

import io.tickstore.query.MarketJson;
import io.tickstore.store.quotes.LatestQuotes;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code /ws/stream} WebSocket. Everything but {@link #handOver} runs on the connection's event
 * loop: ops are answered in order, one reply each, and pushes are written in the order they were
 * committed, interleaved with the replies in the order things happened.
 *
 * <p>Slow subscribers: while the socket's write queue is full, outgoing messages wait in one ordered
 * queue. A bar (per bucket), quote (per feed), order (per order id) or position (per exchange,
 * symbol, strategy) that is already waiting is replaced by its newer state, which moves to the
 * back; ticks and replies wait as they are. Reading from the client is paused while anything
 * waits, so replies stay bounded. More than {@link StreamLimits#MAX_QUEUED_TICKS} waiting ticks,
 * {@link StreamLimits#MAX_CONFLATED_KEYS} waiting bars/quotes/orders/positions, or a full
 * server-wide queue closes the connection with {@link StreamLimits#CLOSE_TOO_SLOW}.
 */
final class StreamConnection {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);
    private static final long SNAPSHOT_RETRY_MILLIS = 1;

    private final StreamHub hub;
    private final StreamMetrics metrics;
    private final ServerWebSocket ws;
    private final Context context;
    private final Runnable endConnection;
    private final LatestQuotes quotes;
    private final HashMap<Topic, Subscription> subscriptions = new HashMap<>();
    /** Messages waiting for the socket: key → Push or reply text. Bars/quotes keyed for conflation. */
    private final LinkedHashMap<Object, Object> waiting = new LinkedHashMap<>();
    private int waitingTicks;
    private int waitingConflated;
    private boolean paused;
    private boolean draining;
    private boolean closed;
    /** The TCP connection has ended (Vert.x closed it, or the close grace period ran out). Event loop only. */
    private boolean ended;
    /** Pushes handed over by the writer and not yet taken by {@link #deliver}. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private volatile boolean released;

    /**
     * @param endConnection ends the TCP connection at once, without a close handshake (for a client that
     *                      does not read its close frame)
     */
    StreamConnection(StreamHub hub, ServerWebSocket ws, Runnable endConnection, Context context, LatestQuotes quotes) {
        this.hub = hub;
        this.endConnection = endConnection;
        this.metrics = hub.metrics;
        this.ws = ws;
        this.context = context;
        this.quotes = quotes;
    }

    /** Starts serving; the connection slot was already counted by the endpoint and is released on close. */
    void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(this::onBinary);
        ws.exceptionHandler(e -> LOG.debug("stream connection {}: {}", ws.remoteAddress(), e.toString()));
        ws.closeHandler(v -> ended());
        ws.drainHandler(v -> drain());
    }

    // ---- client ops ----

    private void onText(String frame) {
        if (closed) {
            return;
        }
        if (frame.length() > StreamLimits.MAX_REQUEST_CHARS) {
            error("frame: longer than " + StreamLimits.MAX_REQUEST_CHARS + " characters");
            return;
        }
        StreamRequest request;
        try {
            request = StreamRequest.parse(frame);
        } catch (BadRequest e) {
            error(e.getMessage());
            return;
        }
        if (request.subscribe()) {
            subscribe(request.topic());
        } else {
            unsubscribe(request.topic());
        }
    }

    private void onBinary(Buffer frame) {
        if (!closed) {
            error("frame: binary frames are not supported; send each op as JSON text");
        }
    }

    private void subscribe(Topic topic) {
        Subscription s = subscriptions.get(topic);
        if (s == null) {
            if (subscriptions.size() >= StreamLimits.MAX_SUBSCRIPTIONS_PER_CONNECTION) {
                error("subscription: this connection already has " + StreamLimits.MAX_SUBSCRIPTIONS_PER_CONNECTION
                        + " subscriptions, the most allowed; unsubscribe first or open another connection");
                return;
            }
            s = new Subscription();
            subscriptions.put(topic, s);
            hub.add(topic, this);
        }
        reply("subscribed", topic);
        if (topic.channel() == Channel.QUOTES) {
            s.snapshotPending = true;
            takeSnapshot(topic, s);
        }
    }

    /**
     * Sends the feed's current quote, then lets the subscription's pushes through (skipping those
     * from commits the snapshot already reflects). While a commit's dispatch keeps the snapshot from
     * being read exactly (rare: dispatch takes microseconds), retries a millisecond later, holding
     * back the newest push meanwhile.
     */
    private void takeSnapshot(Topic topic, Subscription s) {
        if (closed || subscriptions.get(topic) != s) {
            return;
        }
        StreamHub.QuoteSnapshot snap = hub.quoteSnapshot(quotes, topic.exchange(), topic.symbol());
        if (snap == null) {
            context.owner().setTimer(SNAPSHOT_RETRY_MILLIS, id -> takeSnapshot(topic, s));
            return;
        }
        s.snapshotPending = false;
        s.quotesThrough = Math.max(s.quotesThrough, snap.throughIndex());
        if (snap.quote() != null) {
            send(Push.quote(topic, snap.throughIndex(), snap.quote()));
        }
        Push held = s.held;
        s.held = null;
        if (held != null && held.batchIndex > s.quotesThrough && !closed) {
            send(held);
        }
    }

    private void unsubscribe(Topic topic) {
        if (subscriptions.remove(topic) == null) {
            error("subscription: not subscribed to " + topic);
            return;
        }
        hub.remove(topic, this);
        reply("unsubscribed", topic);
    }

    private void reply(String type, Topic topic) {
        StringBuilder sb = new StringBuilder(128).append("{\"type\":\"").append(type).append("\",");
        topic.appendFields(sb);
        sendReply(sb.append('}').toString());
    }

    private void error(String message) {
        metrics.error();
        StringBuilder sb = new StringBuilder(message.length() + 32).append("{\"type\":\"error\",\"error\":");
        MarketJson.string(sb, message);
        sendReply(sb.append('}').toString());
    }

    // ---- pushes ----

    /** Writer thread: hands one commit's pushes for this connection to its event loop. Never blocks. */
    void handOver(ArrayList<Push> pushes) {
        if (released) {
            return;
        }
        int n = pushes.size();
        if (inFlight.addAndGet(n) > StreamLimits.MAX_IN_FLIGHT) {
            inFlight.addAndGet(-n);
            if (overflowed.compareAndSet(false, true)) {
                runHere(() -> tooSlow("more than " + StreamLimits.MAX_IN_FLIGHT + " pushes not yet taken"));
            }
            return;
        }
        runHere(() -> deliver(pushes));
    }

    private void runHere(Runnable r) {
        try {
            context.runOnContext(v -> r.run());
        } catch (RejectedExecutionException e) {
            // Vert.x is shutting down; the connection goes with it.
        }
    }

    private void deliver(ArrayList<Push> pushes) {
        inFlight.addAndGet(-pushes.size());
        if (closed) {
            return;
        }
        for (Push p : pushes) {
            if (p.filters != null) {
                if (holdsAny(p.filters)) {
                    send(p);
                    if (closed) {
                        return;
                    }
                }
                continue;
            }
            Subscription s = subscriptions.get(p.topic);
            if (s == null) {
                continue;
            }
            if (p.channel() == Channel.QUOTES) {
                if (s.snapshotPending) {
                    s.held = p; // a quote is a whole state: only the newest one matters
                    continue;
                }
                if (p.batchIndex <= s.quotesThrough) {
                    continue;
                }
            }
            send(p);
            if (closed) {
                return;
            }
        }
    }

    /** Whether this connection still holds one of {@code filters} (an orders/positions push's matching filters). */
    private boolean holdsAny(Topic[] filters) {
        for (Topic f : filters) {
            if (subscriptions.containsKey(f)) {
                return true;
            }
        }
        return false;
    }

    private void send(Push p) {
        if (waiting.isEmpty() && !ws.writeQueueFull()) {
            write(p);
            return;
        }
        if (p.conflationKey != null) {
            if (waiting.remove(p.conflationKey) != null) {
                metrics.conflated(p.channel());
                waiting.put(p.conflationKey, p);
                return;
            }
            if (++waitingConflated > StreamLimits.MAX_CONFLATED_KEYS) {
                tooSlow("more than " + StreamLimits.MAX_CONFLATED_KEYS + " bars/quotes/orders/positions waiting");
                return;
            }
            waiting.put(p.conflationKey, p);
        } else {
            if (++waitingTicks > StreamLimits.MAX_QUEUED_TICKS) {
                tooSlow("more than " + StreamLimits.MAX_QUEUED_TICKS + " ticks waiting");
                return;
            }
            waiting.put(p, p);
        }
        waited();
    }

    private void sendReply(String json) {
        if (waiting.isEmpty() && !ws.writeQueueFull()) {
            ws.writeTextMessage(json);
            return;
        }
        waiting.put(new Object(), json);
        waited();
    }

    /** Something was queued: count it server-wide, and stop reading ops until the queue drains. */
    private void waited() {
        if (metrics.queued(1) > StreamLimits.MAX_QUEUED_TOTAL) {
            tooSlow("the server's stream queue is full (" + StreamLimits.MAX_QUEUED_TOTAL + " messages)");
            return;
        }
        if (!paused) {
            paused = true;
            ws.pause();
        }
    }

    /**
     * Writes waiting messages while the socket takes them. Event loop: the drain handler, which a
     * write may invoke re-entrantly (hence the guard).
     */
    private void drain() {
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!closed && !waiting.isEmpty() && !ws.writeQueueFull()) {
                Iterator<Object> it = waiting.values().iterator();
                Object m = it.next();
                it.remove();
                metrics.queued(-1);
                if (m instanceof Push p) {
                    if (p.conflationKey == null) {
                        waitingTicks--;
                    } else {
                        waitingConflated--;
                    }
                    write(p);
                } else {
                    ws.writeTextMessage((String) m);
                }
            }
        } finally {
            draining = false;
        }
        if (!closed && waiting.isEmpty() && paused) {
            paused = false;
            ws.resume();
        }
    }

    private void write(Push p) {
        ws.writeTextMessage(p.json());
        metrics.pushed(p.channel());
    }

    private void tooSlow(String why) {
        if (closed) {
            return;
        }
        closed = true;
        metrics.slowDisconnect();
        release();
        LOG.info("stream connection {} closed: too slow ({})", ws.remoteAddress(), why);
        ws.close(StreamLimits.CLOSE_TOO_SLOW, "too slow: " + why);
        // The close frame queues behind everything already on the socket, and Vert.x's closing timeout only
        // starts once it is written: a client that never reads would hold the connection (and the bytes
        // waiting for it) for ever. Past the grace period, end the TCP connection without the close frame.
        context.owner().setTimer(StreamLimits.CLOSE_GRACE_MILLIS, id -> {
            if (!ended) {
                LOG.info("stream connection {} did not read its close within {} ms; connection ended",
                        ws.remoteAddress(), StreamLimits.CLOSE_GRACE_MILLIS);
                endConnection.run();
                // Vert.x may not call the close handler when the channel ends while its close frame is still
                // being written; the connection is gone either way.
                ended();
            }
        });
    }

    /** The TCP connection has ended: releases everything and the connection's slot. Event loop; idempotent. */
    private void ended() {
        if (ended) {
            return;
        }
        ended = true;
        closed = true;
        release();
        metrics.connections.decrementAndGet();
    }

    /** Drops every subscription and everything waiting. Event loop; idempotent. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        for (Topic t : subscriptions.keySet()) {
            hub.remove(t, this);
        }
        subscriptions.clear();
        metrics.queued(-waiting.size());
        waiting.clear();
        waitingTicks = 0;
        waitingConflated = 0;
    }

    /** Per subscription state (quotes only; other channels need none). */
    private static final class Subscription {
        /** Pushes from commits at or before this applied index are not newer than what was sent. */
        long quotesThrough = Long.MIN_VALUE;
        /** The current quote is still to be sent; pushes wait (only the newest, in {@link #held}). */
        boolean snapshotPending;
        Push held;
    }
}
