package dev.imagescan.functions.harbor;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The adapter's secret in AWS Secrets Manager ({@code GetSecretValue}, its {@code SecretString}): read on first use,
 * not at start-up (SnapStart snapshots no secret), then kept for the container's life. A caller whose credential
 * does not match makes it read again, at most once per {@link #REFRESH_AFTER}, so a rotated secret is picked up
 * without letting wrong credentials hammer Secrets Manager.
 */
public final class SecretsManagerSecret implements AdapterSecret {
    /** The environment variable naming the secret (its ARN or name). */
    public static final String SECRET_ID = "IMAGESCAN_HARBOR_SECRET_ID";
    /** The environment variable overriding Secrets Manager's endpoint (a local server). */
    public static final String ENDPOINT = "IMAGESCAN_SECRETSMANAGER_ENDPOINT";
    /** How old the kept copy must be before a mismatch reads the secret again. */
    public static final Duration REFRESH_AFTER = Duration.ofMinutes(5);

    private final SecretsManagerClient client;
    private final String secretId;
    private final Clock clock;
    private String value;
    private Instant readAt;

    public SecretsManagerSecret(SecretsManagerClient client, String secretId, Clock clock) {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException(SECRET_ID + " names no secret");
        }
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
    }

    /**
     * The secret {@link #SECRET_ID} names, through a client in {@code region} with {@code credentials} (null: the
     * default chain) at {@link #ENDPOINT} or, without it, {@code IMAGESCAN_AWS_ENDPOINT} or AWS's own.
     */
    public static SecretsManagerSecret fromEnvironment(Map<String, String> env, Region region,
            AwsCredentialsProvider credentials) {
        return new SecretsManagerSecret(client(env, region, credentials), env.get(SECRET_ID), Clock.systemUTC());
    }

    /** The client {@link #fromEnvironment} uses. */
    static SecretsManagerClient client(Map<String, String> env, Region region, AwsCredentialsProvider credentials) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(region)
                .httpClient(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5)).build())
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
        String endpoint = firstNonBlank(env.get(ENDPOINT), env.get("IMAGESCAN_AWS_ENDPOINT"));
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    @Override
    public synchronized String value() {
        if (value == null) {
            read();
        }
        return value;
    }

    @Override
    public synchronized boolean refresh() {
        if (readAt != null && Duration.between(readAt, clock.instant()).compareTo(REFRESH_AFTER) < 0) {
            return false;
        }
        read();
        return true;
    }

    private void read() {
        GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(secretId));
        String secret = response.secretString();
        if (secret == null || secret.isEmpty()) {
            throw new IllegalStateException("secret " + secretId + " has no SecretString");
        }
        value = secret;
        readAt = clock.instant();
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        return b == null || b.isBlank() ? null : b.strip();
    }
}
