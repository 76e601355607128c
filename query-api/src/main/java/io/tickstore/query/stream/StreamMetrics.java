package io.tickstore.query.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Stream meters: connections, subscriptions by channel, pushes, conflation, queued messages, slow disconnects. */
final class StreamMetrics {
    private static final Channel[] CHANNELS = Channel.values();

    final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger[] subscriptions = new AtomicInteger[CHANNELS.length];
    private final AtomicLong queued = new AtomicLong();
    private final Counter[] pushed = new Counter[CHANNELS.length];
    private final Counter[] conflated = new Counter[CHANNELS.length];
    private final Counter slowDisconnects;
    private final Counter errors;

    StreamMetrics(MeterRegistry registry) {
        Gauge.builder("tickstore.stream.connections", connections, AtomicInteger::get)
                .description("Open /ws/stream connections").register(registry);
        Gauge.builder("tickstore.stream.queued", queued, AtomicLong::get)
                .description("Messages held back for stream connections whose sockets are not taking them")
                .register(registry);
        for (Channel c : CHANNELS) {
            subscriptions[c.ordinal()] = new AtomicInteger();
            Gauge.builder("tickstore.stream.subscriptions", subscriptions[c.ordinal()], AtomicInteger::get)
                    .description("Active stream subscriptions, all connections").tag("channel", c.text)
                    .register(registry);
            pushed[c.ordinal()] = Counter.builder("tickstore.stream.messages")
                    .description("Pushes written to stream sockets").tag("channel", c.text).register(registry);
            if (c != Channel.TICKS) {
                conflated[c.ordinal()] = Counter.builder("tickstore.stream.conflated")
                        .description("Queued pushes replaced by a newer state of the same bar, quote, order or "
                                + "position before being sent")
                        .tag("channel", c.text).register(registry);
            }
        }
        slowDisconnects = Counter.builder("tickstore.stream.slow.disconnects")
                .description("Stream connections closed (1008) because they did not take their pushes in time")
                .register(registry);
        errors = Counter.builder("tickstore.stream.errors")
                .description("Client ops answered with an error").register(registry);
    }

    void subscribed(Channel c, int delta) {
        subscriptions[c.ordinal()].addAndGet(delta);
    }

    void pushed(Channel c) {
        pushed[c.ordinal()].increment();
    }

    void conflated(Channel c) {
        conflated[c.ordinal()].increment();
    }

    /** Adds to the server-wide queued count; returns the new total. */
    long queued(int delta) {
        return queued.addAndGet(delta);
    }

    void slowDisconnect() {
        slowDisconnects.increment();
    }

    void error() {
        errors.increment();
    }
}
