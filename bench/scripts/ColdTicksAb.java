import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

/**
 * Issue 13: ticks of one symbol-hour of cold days (compare data: exchange BENCH, S00000..S00099,
 * 2024-01-02..11), asked of several running servers in turn, request by request (the order rotated),
 * so a shared host's load falls on all alike. Every answer must say X-Tickstore-Tiers: cold and be the
 * same text on every server. Prints each server's median, p90, p99 and its median per-request ratio to
 * the first. Run by cold-ticks-ab.sh: java ColdTicksAb.java N LABEL,LABEL,... PORT,PORT,...
 */
public class ColdTicksAb {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        String[] names = a[1].split(",");
        int[] ports = Arrays.stream(a[2].split(",")).mapToInt(Integer::parseInt).toArray();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int k = names.length;
        long[][] nanos = new long[k][n];
        String[] bodies = new String[k];
        for (int i = -30; i < n; i++) { // 30 unmeasured rounds first, on other hours
            int q = i < 0 ? 5000 + i : i;
            int day = 2 + q % 10;
            int hour = q * 7 % 24;
            String path = String.format("/api/v1/ticks?exchange=BENCH&symbol=S%05d&from=2024-01-%02dT%02d:00:00Z"
                    + "&to=2024-01-%02dT%02d:00:00Z&format=csv&limit=10000", q * 37 % 100, day, hour,
                    hour == 23 ? day + 1 : day, (hour + 1) % 24);
            for (int j0 = 0; j0 < k; j0++) {
                int j = (j0 + Math.max(i, 0)) % k;
                HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[j] + path)).build();
                long t0 = System.nanoTime();
                HttpResponse<String> reply = client.send(r, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - t0;
                String tiers = reply.headers().firstValue("x-tickstore-tiers").orElse("");
                if (reply.statusCode() != 200 || !tiers.equals("cold")) {
                    throw new IllegalStateException(names[j] + ": " + reply.statusCode() + ", tiers " + tiers + ": " + path);
                }
                bodies[j] = reply.body();
                if (i >= 0) {
                    nanos[j][i] = took;
                }
            }
            for (int j = 1; j < k; j++) {
                if (!bodies[j].equals(bodies[0])) {
                    throw new IllegalStateException(names[j] + " answers differently from " + names[0] + ": " + path);
                }
            }
        }
        for (int j = 0; j < k; j++) {
            double[] ratio = new double[n];
            for (int i = 0; i < n; i++) {
                ratio[i] = (double) nanos[j][i] / nanos[0][i];
            }
            Arrays.sort(ratio);
            long[] s = nanos[j].clone();
            Arrays.sort(s);
            System.out.printf("%s: median %.2f ms, p90 %.2f ms, p99 %.2f ms; median per-request ratio to %s %.2f%n",
                    names[j], s[n / 2] / 1e6, s[n * 9 / 10] / 1e6, s[n * 99 / 100] / 1e6, names[0], ratio[n / 2]);
        }
    }
}
