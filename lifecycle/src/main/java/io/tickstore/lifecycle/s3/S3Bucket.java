package io.tickstore.lifecycle.s3;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickstore.config.S3Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket of the cold tier's S3 copy ({@code lifecycle.s3.*}), every call through one circuit breaker
 * named {@value #BREAKER}: after failures it opens and calls fail at once without touching the network
 * until it lets a trial call through. Uploads and queries share it, so an outage seen by one pauses the
 * other's attempts too. Exported as {@code resilience4j_circuitbreaker_state{name="s3"}}.
 *
 * <p>The client is set up for S3-compatible stores as much as for AWS: path-style when configured,
 * and checksums only where an operation requires them (our own SHA-256 in the object's metadata is
 * what verification compares).
 */
public final class S3Bucket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(S3Bucket.class);
    public static final String BREAKER = "s3";
    /** The user metadata key holding the SHA-256 (hex) of the object's content. */
    static final String SHA256_METADATA = "sha256";
    /** Files above this go up as a multipart upload, in parts of this size. */
    static final long PART_BYTES = 8L << 20;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final CircuitBreaker breaker;

    S3Bucket(S3Client client, String bucket, String prefix, Duration openWait, MeterRegistry registry) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(60)
                .waitDurationInOpenState(openWait)
                // Callers look at the state before calling (permitsCalls): it must leave OPEN by itself.
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreExceptions(NoSuchKeyException.class, VerificationException.class)
                .build());
        this.breaker = breakers.circuitBreaker(BREAKER);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        breaker.getEventPublisher().onStateTransition(e -> LOG.warn("S3 ({}): circuit breaker {}", bucket,
                e.getStateTransition()));
    }

    /** The bucket of {@code config}, with a breaker that stays open {@code openWait} before a trial call. */
    public static S3Bucket open(S3Config config, Duration openWait, MeterRegistry registry) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .forcePathStyle(config.usePathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(30)))
                .credentialsProvider(config.staticCredentials()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey(), config.secretKey()))
                        : DefaultCredentialsProvider.builder().build());
        if (!config.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(config.endpoint()));
        }
        return new S3Bucket(builder.build(), config.bucket(), config.prefix(), openWait, registry);
    }

    public String name() {
        return bucket;
    }

    /** The object key of a cold file ({@code relativePath} as in the manifest). */
    String key(String relativePath) {
        return prefix.isEmpty() ? relativePath : prefix + "/" + relativePath;
    }

    /** The key prefix every object of this store has ("" or ending in '/'). */
    String keyPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** The breaker's state. */
    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** Whether a call would go out now (the breaker is not open). */
    boolean permitsCalls() {
        return breaker.getState() != CircuitBreaker.State.OPEN && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    /**
     * Uploads {@code file} as {@code key} with its SHA-256 as metadata: one PUT, or a multipart upload that is
     * aborted when any part fails (so a failure leaves no incomplete upload behind, when S3 can be reached).
     */
    void put(String key, Path file, String sha256) throws Exception {
        long size = Files.size(file);
        Map<String, String> metadata = Map.of(SHA256_METADATA, sha256);
        if (size <= PART_BYTES) {
            call(() -> client.putObject(b -> b.bucket(bucket).key(key).metadata(metadata).contentLength(size),
                    RequestBody.fromFile(file)));
            return;
        }
        String uploadId = call(() -> client.createMultipartUpload(b -> b.bucket(bucket).key(key).metadata(metadata))
                .uploadId());
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[(int) PART_BYTES];
            try (InputStream in = Files.newInputStream(file)) {
                int number = 1;
                while (true) {
                    int n = in.readNBytes(buffer, 0, buffer.length);
                    if (n == 0) {
                        break;
                    }
                    int partNumber = number++;
                    byte[] part = n == buffer.length ? buffer : java.util.Arrays.copyOf(buffer, n);
                    String etag = call(() -> client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                            .partNumber(partNumber).contentLength((long) part.length), RequestBody.fromBytes(part)).eTag());
                    parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                }
            }
            call(() -> client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts))));
            completed = true;
        } finally {
            if (!completed) {
                abortQuietly(key, uploadId);
            }
        }
    }

    /**
     * Checks the object against the local file: its size, the SHA-256 in its metadata, and the SHA-256 of
     * its content read back. Throws {@link VerificationException} naming what differs.
     */
    void verify(String key, long bytes, String sha256) throws Exception {
        HeadObjectResponse head = call(() -> client.headObject(b -> b.bucket(bucket).key(key)));
        if (head.contentLength() != bytes) {
            throw new VerificationException("object " + key + ": expected " + bytes + " bytes, S3 holds "
                    + head.contentLength());
        }
        String stored = head.metadata().get(SHA256_METADATA);
        if (!sha256.equals(stored)) {
            throw new VerificationException("object " + key + ": expected metadata sha256=" + sha256 + ", got " + stored);
        }
        String reread = call(() -> {
            try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key))) {
                return sha256(in);
            }
        });
        if (!sha256.equals(reread)) {
            throw new VerificationException("object " + key + ": expected content sha256=" + sha256 + ", read back "
                    + reread);
        }
    }

    /**
     * The size of the object at {@code key} (a whole key, as {@code cold_objects.object_key} holds it) from one
     * HEAD request, or -1 when the bucket holds no such object.
     */
    public long sizeOf(String key) throws Exception {
        try {
            return call(() -> client.headObject(b -> b.bucket(bucket).key(key)).contentLength());
        } catch (NoSuchKeyException e) {
            return -1;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return -1;
            }
            throw e;
        }
    }

    /** Downloads the object to {@code target} (replacing it); returns the SHA-256 of what was written. */
    String download(String key, Path target) throws Exception {
        return call(() -> {
            MessageDigest digest = sha256Digest();
            try (InputStream in = client.getObject(b -> b.bucket(bucket).key(key));
                 java.io.OutputStream out = Files.newOutputStream(target)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        });
    }

    void delete(String key) throws Exception {
        call(() -> client.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    /** Keys of every object under this store's prefix. */
    List<String> keys() throws Exception {
        return call(() -> {
            List<String> out = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix())).contents()) {
                out.add(o.key());
            }
            return out;
        });
    }

    /**
     * Aborts every incomplete multipart upload under this store's prefix: left by a process killed
     * mid-upload (one server per bucket and prefix, so none is still running). Returns how many.
     */
    int abortIncompleteUploads() throws Exception {
        return call(() -> {
            int aborted = 0;
            for (MultipartUpload u : client.listMultipartUploads(b -> b.bucket(bucket).prefix(keyPrefix())).uploads()) {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
                LOG.info("aborted the incomplete multipart upload of {} ({}), left by an interrupted upload", u.key(),
                        u.uploadId());
                aborted++;
            }
            return aborted;
        });
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            LOG.warn("could not abort the multipart upload of {} ({}): {}; the next pass aborts it", key, uploadId,
                    e.toString());
        }
    }

    private <T> T call(Callable<T> call) throws Exception {
        return breaker.executeCallable(call);
    }

    /** The SHA-256 (lower-case hex) of a file's content. */
    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    private static String sha256(InputStream in) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("no SHA-256 in this JVM", e));
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** An object that does not match the file it was uploaded from: not an outage (the breaker ignores it). */
    static final class VerificationException extends Exception {
        VerificationException(String message) {
            super(message);
        }
    }
}
