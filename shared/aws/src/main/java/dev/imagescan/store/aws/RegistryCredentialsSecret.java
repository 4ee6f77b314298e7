package dev.imagescan.store.aws;

import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.DockerConfig;
import dev.imagescan.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * The private registries' credentials of the functions (admission's tag resolution, scans, sweeps): a Secrets
 * Manager secret whose {@code SecretString} is a Docker {@code config.json}-style document
 * ({@code {"auths":{"host[:port]":{"auth": base64(user:password)}|{"username","password"}|{"identitytoken"}|
 * {"registrytoken"}}}}, what {@code docker login} writes and Kubernetes' {@code dockerconfigjson} pull secrets hold).
 * Read on first use, not at start-up (SnapStart snapshots no secret), then kept; read again on the first use after
 * {@link #KEEP} so a rotation is picked up within that time, at most one read per container per {@link #KEEP}.
 *
 * <p>A secret that cannot be used (missing, access denied, no {@code auths} document) is a {@link RegistryException}
 * naming the secret, never its content: it fails the same way every time. A network failure or a Secrets Manager
 * error of its own (5xx) is an {@link UncheckedIOException}, worth trying again.
 */
public final class RegistryCredentialsSecret implements CredentialSource {
    /** The environment variable naming the secret (its ARN); unset: no private registry credentials. */
    public static final String SECRET_ID = "IMAGESCAN_REGISTRY_SECRET";
    /** The variable's former name (admission only), still read when {@link #SECRET_ID} is unset. */
    public static final String FORMER_SECRET_ID = "IMAGESCAN_ADMISSION_REGISTRY_SECRET";
    /** The environment variable overriding Secrets Manager's endpoint (a local server). */
    public static final String ENDPOINT = "IMAGESCAN_SECRETSMANAGER_ENDPOINT";
    /** How long a read is used before the secret is read again. */
    public static final Duration KEEP = Duration.ofMinutes(15);

    private final SecretsManagerClient client;
    private final String secretId;
    private final Clock clock;
    private DockerConfig config;
    private Instant readAt;

    /** The secret {@code secretId} read through {@code client}, kept {@link #KEEP} by {@code clock}. */
    public RegistryCredentialsSecret(SecretsManagerClient client, String secretId, Clock clock) {
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
    }

    /**
     * The secret {@link #SECRET_ID} (or {@link #FORMER_SECRET_ID}) names, through a client in {@code region} with
     * {@code credentials} (null: the default chain) at {@link #ENDPOINT} or AWS's own; none when neither is set.
     * Opens no connection.
     */
    public static CredentialSource fromEnvironment(Map<String, String> env, Region region,
            AwsCredentialsProvider credentials) {
        String id = env.get(SECRET_ID);
        if (id == null || id.isBlank()) {
            id = env.get(FORMER_SECRET_ID);
        }
        if (id == null || id.isBlank()) {
            return CredentialSource.none();
        }
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().region(region)
                .httpClient(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(3)).build())
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build());
        String endpoint = env.get(ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.strip()));
        }
        return new RegistryCredentialsSecret(builder.build(), id.strip(), Clock.systemUTC());
    }

    /**
     * The secret's credentials for {@code registry}.
     *
     * @throws RegistryException    when the secret cannot be read (missing, access denied) or is no config.json-style
     *                              document (the message names the secret, never its content)
     * @throws UncheckedIOException when Secrets Manager cannot be reached or fails on its side
     */
    @Override
    public Optional<Credentials> find(String registry) {
        return current().find(registry);
    }

    private synchronized DockerConfig current() {
        Instant now = clock.instant();
        if (config == null || !now.isBefore(readAt.plus(KEEP))) {
            config = DockerConfig.parse("secret " + secretId, read());
            readAt = now;
        }
        return config;
    }

    private String read() {
        String text;
        try {
            text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (SecretsManagerException e) {
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            String why = "secret " + secretId + " could not be read: " + (code != null ? code : "HTTP "
                    + e.statusCode());
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw new UncheckedIOException(new IOException(why));
            }
            throw new RegistryException(why);
        } catch (SdkClientException e) {
            throw new UncheckedIOException(new IOException("secret " + secretId + " could not be read: "
                    + e.getMessage(), e));
        }
        if (text == null || text.isEmpty()) {
            throw new RegistryException("secret " + secretId + " has no SecretString");
        }
        return text;
    }
}
