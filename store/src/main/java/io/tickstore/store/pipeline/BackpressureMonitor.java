package io.tickstore.store.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.store.sink.DaemonTimer;
import io.tickstore.store.sink.SinkRunner;
import io.tickstore.store.sink.SinkState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, every {@value #PERIOD_MILLIS} ms on its own thread, whether ingest must be held back: the
 * hot tier holds more data not yet stored in DuckDB than {@code hot.max_unstored_mb}, or a required
 * sink is further behind than its bound. It also marks an optional sink failed once it is past its
 * bound (it then stops holding journal files; ingest goes on). Opens the gate again as soon as both
 * are back under their bounds.
 */
public final class BackpressureMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackpressureMonitor.class);
    static final int PERIOD_MILLIS = 20;

    private final IngestGate gate;
    private final LongSupplier unstoredBytes;
    private final long maxUnstoredBytes;
    private final List<SinkRunner> sinks = new CopyOnWriteArrayList<>();
    private final DaemonTimer timer = new DaemonTimer("tickstore-backpressure");

    public BackpressureMonitor(IngestGate gate, LongSupplier unstoredBytes, long maxUnstoredBytes,
                               MeterRegistry registry) {
        this.gate = gate;
        this.unstoredBytes = unstoredBytes;
        this.maxUnstoredBytes = maxUnstoredBytes;
        for (IngestGate.Reason r : IngestGate.Reason.values()) {
            Gauge.builder("tickstore.ingest.held", gate, g -> g.reason() == r ? 1 : 0).tag("reason", r.tag)
                    .description("1 while ingest is held back (backpressure) for this reason").register(registry);
        }
    }

    public void watch(SinkRunner sink) {
        sinks.add(sink);
    }

    public void start() {
        timer.every(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** One evaluation; public for tests that need it now rather than within a period. */
    public void check() {
        try {
            String sinkBehind = null;
            for (SinkRunner s : sinks) {
                if (s.state() == SinkState.FAILED || s.state() == SinkState.STOPPED) {
                    continue;
                }
                long lag = s.lagMessages();
                long bound = s.options().maxLagMessages();
                if (lag <= bound) {
                    continue;
                }
                String what = "sink " + s.sink().name() + " is " + lag + " messages behind the journal (bound "
                        + bound + ")";
                if (s.options().required()) {
                    sinkBehind = sinkBehind == null ? what : sinkBehind;
                } else {
                    s.failLagging(what + "; resync it to follow the journal again");
                }
            }
            long unstored = unstoredBytes.getAsLong();
            IngestGate.Reason was = gate.reason();
            if (unstored > maxUnstoredBytes) {
                gate.hold(IngestGate.Reason.HOT_TIER_FULL, "the hot tier holds " + (unstored >> 20)
                        + " MiB not yet stored in DuckDB (hot.max_unstored_mb = " + (maxUnstoredBytes >> 20)
                        + "): ingest waits for the DuckDB sink");
            } else if (sinkBehind != null) {
                gate.hold(IngestGate.Reason.SINK_BEHIND, sinkBehind + ": ingest waits for it");
            } else {
                gate.open();
            }
            if (was != gate.reason()) {
                if (gate.reason() == null) {
                    LOG.info("ingest no longer held back");
                } else {
                    LOG.warn("ingest held back: {}", gate.detail());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("backpressure check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
