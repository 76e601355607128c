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
