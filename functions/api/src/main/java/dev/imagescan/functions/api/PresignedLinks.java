package dev.imagescan.functions.api;

import dev.imagescan.store.aws.AwsClients;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Presigned S3 GET URLs for objects of the deployment's bucket (SigV4 query authentication, signed with the
 * function's own credentials, so the URL may do what the function's role may: {@code s3:GetObject} on
 * {@code images/*} and {@code reports/*}). Each URL overrides the answer's {@code Content-Type}
 * ({@code response-content-type}) and expires after {@link #expiry()}. Signing is local: no request is sent, and
 * the presigner is built once per container ({@link AwsClients#s3Presigner}).
 */
public final class PresignedLinks {
    /** How long a URL is valid: long enough to follow a redirect, short enough not to be worth passing around. */
    public static final Duration EXPIRY = Duration.ofMinutes(5);

    private final S3Presigner presigner;
    private final String bucket;
    private final Duration expiry;

    /**
     * @param presigner signs for the bucket's endpoint
     * @param bucket    the deployment's bucket
     * @param expiry    how long each URL is valid (1 second to 7 days: SigV4's bounds)
     */
    public PresignedLinks(S3Presigner presigner, String bucket, Duration expiry) {
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a presigned URL is valid for 1 s to 7 days, not " + expiry);
        }
        this.presigner = Objects.requireNonNull(presigner, "presigner");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.expiry = expiry;
    }

    /** URLs for {@code bucket} signed by a presigner of {@code clients}' settings, valid for {@link #EXPIRY}. */
    public static PresignedLinks of(AwsClients clients, String bucket) {
        return new PresignedLinks(clients.s3Presigner(), bucket, EXPIRY);
    }

    public Duration expiry() {
        return expiry;
    }

    /** {@code s3://<bucket>/<key>}: the object, for people and logs. */
    public String objectUri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** A URL that GETs {@code key}, answered with {@code contentType}. */
    public Link get(String key, String contentType) {
        PresignedGetObjectRequest signed = presigner.presignGetObject(p -> p.signatureDuration(expiry)
                .getObjectRequest(g -> g.bucket(bucket).key(key).responseContentType(contentType)));
        try {
            return new Link(signed.url().toURI(), signed.expiration());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the presigner signed a URL that is not a URI: " + e.getMessage(), e);
        }
    }

    /**
     * A presigned URL.
     *
     * @param url       the URL, absolute
     * @param expiresAt when S3 stops accepting it
     */
    public record Link(URI url, Instant expiresAt) {}
}
