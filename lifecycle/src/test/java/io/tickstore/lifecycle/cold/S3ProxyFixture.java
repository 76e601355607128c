package io.tickstore.lifecycle.cold;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3-compatible server (s3proxy) in this JVM, on 127.0.0.1, storing objects under a directory
 * (jclouds' {@code filesystem-nio2} backend): it can be stopped and started again on the same port with
 * the same objects, as an outage and a recovery.
 */
final class S3ProxyFixture implements AutoCloseable {
    static final String BUCKET = "tickstore-cold";
    static final String ACCESS_KEY = "test-access";
    static final String SECRET_KEY = "test-secret";

    private final Path dir;
    private BlobStoreContext context;
    private S3Proxy proxy;
    private int port;

    private S3ProxyFixture(Path dir) {
        this.dir = dir;
    }

    /** Starts on a free port with an empty bucket {@value #BUCKET}. */
    static S3ProxyFixture start(Path dir) throws Exception {
        S3ProxyFixture f = new S3ProxyFixture(dir);
        f.startOn(0);
        f.context.getBlobStore().createContainerInLocation(null, BUCKET);
        return f;
    }

    private void startOn(int wantedPort) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        context = ContextBuilder.newBuilder("filesystem-nio2").overrides(properties)
                .credentials("identity", "credential").build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        port = proxy.getPort();
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** An outage: the port refuses connections. */
    void stop() throws Exception {
        proxy.stop();
        context.close();
    }

    /** Back on the same port, with the same objects. */
    void restart() throws Exception {
        startOn(port);
    }

    /** Every object's name in the bucket. */
    List<String> keys() {
        List<String> out = new ArrayList<>();
        for (StorageMetadata m : context.getBlobStore().list(BUCKET, ListContainerOptions.Builder.recursive())) {
            if (m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB) {
                out.add(m.getName());
            }
        }
        return out;
    }

    long size(String key) {
        return context.getBlobStore().blobMetadata(BUCKET, key).getContentMetadata().getContentLength();
    }

    @Override
    public void close() {
        if (proxy != null && !proxy.getState().equals("STOPPED")) {
            try {
                stop();
            } catch (Exception e) {
                throw new IllegalStateException("stopping s3proxy", e);
            }
        }
    }
}
