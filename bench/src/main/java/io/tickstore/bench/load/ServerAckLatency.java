package io.tickstore.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own view of ack latency over the measured window: the difference of its
 * {@code tickstore_ingest_ack_latency_seconds} histogram (from GET /metrics) between the start of the
 * window and the moment every frame stamped in it was answered (so a server running behind at the
 * end of the window still has its late acks counted; acks of warm-up frames answered after the
 * start are counted too). It excludes the generator's and the network's share, which on a small
 * machine shared with the generator can dominate what the client sees. Quantiles are bucket upper
 * bounds ("at most X").
 */
public final class ServerAckLatency {
    private static final Pattern BUCKET =
            Pattern.compile("(?m)^tickstore_ingest_ack_latency_seconds_bucket\\{le=\"([^\"]+)\"\\} (\\S+)$");

    /** Cumulative bucket counts, by upper bound in seconds (+Inf last). */
    record Snapshot(double[] bounds, double[] counts) {
    }

    /** Upper bounds (µs) of p50, p99, p99.9 and the number of frames in the window. */
    public record Window(double p50Micros, double p99Micros, double p999Micros, long frames) {
    }

    private final HttpClient http;
    private final URI metrics;

    /** Sent as {@code Authorization: Bearer} when not null (/metrics needs the read scope with a tokens file). */
    private final String token;

    ServerAckLatency(URI ingestUrl) {
        this(ingestUrl, null);
    }

    ServerAckLatency(URI ingestUrl, String token) {
        this(ingestUrl, token, ClientTls.DEFAULT);
    }

    /** For a {@code wss://} endpoint, /metrics is read over HTTPS with the same trust. */
    ServerAckLatency(URI ingestUrl, String token, ClientTls tls) {
        this.token = token;
        boolean secure = IngestConnections.secure(ingestUrl);
        this.metrics = URI.create((secure ? "https://" : "http://") + ingestUrl.getHost() + ":"
                + IngestConnections.port(ingestUrl) + "/metrics");
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (secure) {
            try {
                b.sslContext(tls.sslContext());
            } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                // the CA file was checked when the options were; an unreadable one leaves no server figure
            }
        }
        this.http = b.build();
    }

    /** The current histogram, or null when /metrics cannot be read (then no server figure is printed). */
    Snapshot snapshot() {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? parse(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }

    static Snapshot parse(String text) {
        List<double[]> rows = new ArrayList<>();
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            double bound = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
            rows.add(new double[] {bound, Double.parseDouble(m.group(2))});
        }
        if (rows.isEmpty()) {
            return null;
        }
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] bounds = new double[rows.size()];
        double[] counts = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            bounds[i] = rows.get(i)[0];
            counts[i] = rows.get(i)[1];
        }
        return new Snapshot(bounds, counts);
    }

    /** The window between two snapshots of the same server, or null if either is missing. */
    static Window between(Snapshot start, Snapshot end) {
        if (start == null || end == null || start.bounds.length != end.bounds.length) {
            return null;
        }
        int n = end.bounds.length;
        double[] delta = new double[n];
        for (int i = 0; i < n; i++) {
            delta[i] = end.counts[i] - start.counts[i];
        }
        double total = delta[n - 1];
        if (total <= 0) {
            return null;
        }
        return new Window(upperBoundMicros(end.bounds, delta, total * 0.5), upperBoundMicros(end.bounds, delta, total * 0.99),
                upperBoundMicros(end.bounds, delta, total * 0.999), (long) total);
    }

    private static double upperBoundMicros(double[] bounds, double[] cumulative, double rank) {
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                return bounds[i] * 1e6;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
