package dev.imagescan.functions.api;

import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.DockerConfig;
import dev.imagescan.registry.RegistryException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The private registries' credentials for resolving tags at admission: a Secrets Manager secret whose
 * {@code SecretString} is a Docker {@code config.json}-style document ({@code {"auths":{"host[:port]":{"auth":
 * base64(user:password)}|{"username","password"}|{"identitytoken"}|{"registrytoken"}}}}, what {@code docker login}
 * writes and Kubernetes' {@code dockerconfigjson} pull secrets hold). Read on first use, not at start-up (SnapStart
 * snapshots no secret), then kept; read again on the first use after {@link #KEEP} so a rotation is picked up within
 * that time, at most one read per container per {@link #KEEP}.
 */
final class RegistryCredentialsSecret implements CredentialSource {
    /** The environment variable naming the secret (its ARN); unset: no private registry credentials. */
    static final String SECRET_ID = "IMAGESCAN_ADMISSION_REGISTRY_SECRET";
    /** The environment variable overriding Secrets Manager's endpoint (a local server). */
    static final String ENDPOINT = "IMAGESCAN_SECRETSMANAGER_ENDPOINT";
    /** How long a read is used before the secret is read again. */
    static final Duration KEEP = Duration.ofMinutes(15);

    private final SecretsManagerClient client;
    private final String secretId;
    private final Clock clock;
    private DockerConfig config;
    private Instant readAt;

    RegistryCredentialsSecret(SecretsManagerClient client, String secretId, Clock clock) {
        this.client = client;
        this.secretId = secretId;
        this.clock = clock;
    }

    /**
     * The secret {@link #SECRET_ID} names, through a client in {@code region} with {@code credentials} (null: the
     * default chain) at {@link #ENDPOINT} or AWS's own; none when the variable is unset. Opens no connection.
     */
    static CredentialSource fromEnvironment(Map<String, String> env, Region region,
            AwsCredentialsProvider credentials) {
        String id = env.get(SECRET_ID);
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
     * @throws RegistryException when the secret is no config.json-style document (the message names the secret, never
     *                           its content)
     */
    @Override
    public Optional<Credentials> find(String registry) {
        return current().find(registry);
    }

    private synchronized DockerConfig current() {
        Instant now = clock.instant();
        if (config == null || !now.isBefore(readAt.plus(KEEP))) {
            String text = client.getSecretValue(b -> b.secretId(secretId)).secretString();
            if (text == null || text.isEmpty()) {
                throw new RegistryException("secret " + secretId + " has no SecretString");
            }
            config = DockerConfig.parse("secret " + secretId, text);
            readAt = now;
        }
        return config;
    }
}
