package io.tickstore.bench.fills;

import java.net.URI;

/**
 * The fill-to-position benchmark's options, checked ({@link FillToPositionCommand} parses them);
 * every count and time is bounded so a run always ends.
 *
 * @param url              the server, {@code http://host:port} (ingest at {@code ws://host:port/ws/ingest})
 * @param rate             background orders/s (each: create, submit, fill), over all load connections; 0 = none
 * @param connections      background load connections
 * @param symbols          symbols the background orders spread over
 * @param warmupNanos      background load before the first probe
 * @param probes           probes (fills whose visibility is measured)
 * @param probeIntervalNanos pause between the end of one probe and the next fill
 * @param pollIntervalNanos  pause between two polls of {@code GET /api/v1/positions}
 * @param probeTimeoutNanos  a probe not visible by then counts as timed out
 * @param window           most frames in flight (sent, not yet acked) per load connection
 * @param json             print the summary as one JSON line
 * @param allowRemote      allow a host that is not a loopback address
 */
record FillOptions(URI url, int rate, int connections, int symbols, long warmupNanos, int probes,
                   long probeIntervalNanos, long pollIntervalNanos, long probeTimeoutNanos, int window, boolean json,
                   boolean allowRemote) {

    static final String DEFAULT_URL = "http://127.0.0.1:8080";
}
