package io.tickstore.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/** s3proxy in the test's JVM, on 127.0.0.1, objects under a directory: the S3 a server JVM under test talks to. */
final class S3ProxyServer implements AutoCloseable {
    static final String BUCKET = "tickstore-cold";
    static final String ACCESS_KEY = "test-access";
    static final String SECRET_KEY = "test-secret";

    private final BlobStoreContext context;
    private final S3Proxy proxy;

    private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    static S3ProxyServer start(Path dir) throws Exception {
        java.nio.file.Files.createDirectories(dir);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem-nio2").overrides(properties)
                .credentials("identity", "credential").build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!proxy.getState().equals("STARTED")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
        return new S3ProxyServer(context, proxy);
    }

    String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** Objects in the bucket. */
    int objects() {
        int n = 0;
        for (org.jclouds.blobstore.domain.StorageMetadata m : context.getBlobStore().list(BUCKET,
                org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive())) {
            if (m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB) {
                n++;
            }
        }
        return n;
    }

    /** Deletes the object {@code key} from the bucket, as a bucket lifecycle rule or an operator might. */
    void delete(String key) {
        context.getBlobStore().removeBlob(BUCKET, key);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping s3proxy", e);
        }
        context.close();
    }
}
