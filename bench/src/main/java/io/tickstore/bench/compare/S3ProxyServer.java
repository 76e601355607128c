package io.tickstore.bench.compare;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * s3proxy in the compare's JVM, on 127.0.0.1, objects under a directory (jclouds' {@code filesystem-nio2}):
 * the S3-compatible store the tickstore target's cold tier is copied to with {@code --lifecycle-s3}. The
 * same setup as the server tests' {@code S3ProxyServer} (bench main code cannot use test classes).
 */
final class S3ProxyServer implements AutoCloseable {
    static final String BUCKET = "tickstore-cold";
    static final String ACCESS_KEY = "compare-access";
    static final String SECRET_KEY = "compare-secret";
    private static final long START_TIMEOUT_NANOS = 20_000_000_000L;

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    /** Starts on a free port with an empty bucket {@value #BUCKET} under {@code dir}. */
    static S3ProxyServer start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2").overrides(properties)
                .credentials("identity", "credential").build(BlobStoreContext.class);
        try {
            context.getBlobStore().createContainerInLocation(null, BUCKET);
            S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .ignoreUnknownHeaders(true).build();
            proxy.start();
            long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
            while (!proxy.getState().equals("STARTED")) {
                if (System.nanoTime() - deadline > 0) {
                    proxy.stop();
                    throw new IllegalStateException("s3proxy did not start within 20 s: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            return new S3ProxyServer(context, proxy);
        } catch (Exception e) {
            context.close();
            throw e;
        }
    }

    /** The endpoint URL for {@code lifecycle.s3.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping s3proxy", e);
        } finally {
            context.close();
        }
    }
}
