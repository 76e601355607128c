package io.tickstore.standins;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * s3proxy in this JVM, on 127.0.0.1, objects under a directory (jclouds' {@code filesystem-nio2}): the
 * S3-compatible store a server under test (or the compare's tickstore target, {@code --lifecycle-s3})
 * copies its cold tier to. It can be stopped and started again on the same port with the same objects,
 * as an outage and a recovery. Works with the AWS SDK client the store builds (path-style requests,
 * checksums only when required).
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String BUCKET = "tickstore-cold";
    public static final String ACCESS_KEY = "standin-access";
    public static final String SECRET_KEY = "standin-secret";
    private static final long START_TIMEOUT_NANOS = 20_000_000_000L;

    private final Path dir;
    private BlobStoreContext context;
    private S3Proxy proxy;
    private int port;

    private S3ProxyServer(Path dir) {
        this.dir = dir;
    }

    /** Starts on a free port with an empty bucket {@value #BUCKET} under {@code dir}. */
    public static S3ProxyServer start(Path dir) throws Exception {
        Files.createDirectories(dir);
        S3ProxyServer s = new S3ProxyServer(dir);
        s.startOn(0);
        try {
            s.context.getBlobStore().createContainerInLocation(null, BUCKET);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void startOn(int wantedPort) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStoreContext c = ContextBuilder.newBuilder("filesystem-nio2").overrides(properties)
                .credentials("identity", "credential").build(BlobStoreContext.class);
        try {
            S3Proxy p = S3Proxy.builder().blobStore(c.getBlobStore())
                    .endpoint(URI.create("http://127.0.0.1:" + wantedPort))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .ignoreUnknownHeaders(true).build();
            p.start();
            long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
            while (!p.getState().equals("STARTED")) {
                if (System.nanoTime() - deadline > 0) {
                    p.stop();
                    throw new IllegalStateException("s3proxy did not start within 20 s: " + p.getState());
                }
                Thread.sleep(10);
            }
            context = c;
            proxy = p;
            port = p.getPort();
        } catch (Exception e) {
            c.close();
            throw e;
        }
    }

    /** The endpoint URL for {@code lifecycle.s3.endpoint}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** An outage: the port refuses connections until {@link #restart}. */
    public void stop() throws Exception {
        try {
            proxy.stop();
        } finally {
            context.close();
        }
    }

    /** Back on the same port, with the same objects. */
    public void restart() throws Exception {
        startOn(port);
    }

    /** Every object's key in the bucket. */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        for (StorageMetadata m : context.getBlobStore().list(BUCKET, ListContainerOptions.Builder.recursive())) {
            if (m.getType() == StorageType.BLOB) {
                out.add(m.getName());
            }
        }
        return out;
    }

    /** Objects in the bucket. */
    public int objects() {
        return keys().size();
    }

    /** The size in bytes of the object {@code key}. */
    public long size(String key) {
        return context.getBlobStore().blobMetadata(BUCKET, key).getContentMetadata().getContentLength();
    }

    /** Deletes the object {@code key} from the bucket, as a bucket lifecycle rule or an operator might. */
    public void delete(String key) {
        context.getBlobStore().removeBlob(BUCKET, key);
    }

    /** Stops the proxy if it runs. */
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
