package io.tickstore.ingest.ws;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tickstore.store.model.MessageType;
import io.tickstore.store.pipeline.IngestGate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Ingest-side meters: frames by outcome, rejected frames by message type, ack latency, connections. */
public final class IngestMetrics {
    /**
     * Bucket bounds added to the ack latency histogram's generated ones (which between 10 µs and 10 s
     * are 1.1-1.33× apart, e.g. 0.96 and 1.05 ms, but never round): 25 µs to 1 s, 1-2.5-5 per decade,
     * so that the targets read directly off the histogram ("p99 ≤ 1 ms" is the count under le=0.001,
     * not a bound rounded up to 1.05 ms).
     */
    static final Duration[] ACK_LATENCY_BOUNDS = {
        Duration.ofNanos(25_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1)
    };

    private final Counter framesAccepted;
    private final Counter framesRejected;
    private final Counter framesFailed;
    private final Counter[] errorsByType = new Counter[MessageType.values().length];
    private final Counter errorsUnknownType;
    private final Counter ringFullPauses;
    private final Counter[] heldPauses = new Counter[IngestGate.Reason.values().length];
    private final Timer ackLatency;
    final AtomicInteger connections = new AtomicInteger();

    public IngestMetrics(MeterRegistry registry) {
        framesAccepted = frames(registry, "ok");
        framesRejected = frames(registry, "rejected");
        framesFailed = frames(registry, "failed");
        for (MessageType t : MessageType.FROM_CLIENTS) {
            errorsByType[t.ordinal()] = errors(registry, t.text);
        }
        errorsUnknownType = errors(registry, "unknown");
        ringFullPauses = pauses(registry, "ring_full");
        for (IngestGate.Reason r : IngestGate.Reason.values()) {
            heldPauses[r.ordinal()] = pauses(registry, r.tag);
        }
        ackLatency = Timer.builder("tickstore.ingest.ack.latency")
                .description("From a frame's arrival to its reply being written")
                .publishPercentileHistogram()
                .serviceLevelObjectives(ACK_LATENCY_BOUNDS)
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        Gauge.builder("tickstore.ingest.connections", connections, AtomicInteger::get)
                .description("Open ingest WebSocket connections").register(registry);
    }

    private static Counter pauses(MeterRegistry registry, String reason) {
        return Counter.builder("tickstore.ingest.backpressure.pauses")
                .description("Times a connection was paused (backpressure), by why: the ingest ring was full, the hot "
                        + "tier held too much DuckDB has not stored, or a required sink was too far behind")
                .tag("reason", reason).register(registry);
    }

    private static Counter frames(MeterRegistry registry, String outcome) {
        return Counter.builder("tickstore.ingest.frames").description("Ingest frames by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private static Counter errors(MeterRegistry registry, String type) {
        return Counter.builder("tickstore.ingest.errors")
                .description("Frames rejected for bad input, by the type of the element at fault")
                .tag("type", type).register(registry);
    }

    void accepted() {
        framesAccepted.increment();
    }

    void rejected(MessageType type) {
        framesRejected.increment();
        (type == null ? errorsUnknownType : errorsByType[type.ordinal()]).increment();
    }

    void failed() {
        framesFailed.increment();
    }

    /** A connection paused: the pipeline was held back for {@code reason}, or (null) its ring was full. */
    void paused(IngestGate.Reason reason) {
        (reason == null ? ringFullPauses : heldPauses[reason.ordinal()]).increment();
    }

    void ackLatency(long nanos) {
        ackLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
