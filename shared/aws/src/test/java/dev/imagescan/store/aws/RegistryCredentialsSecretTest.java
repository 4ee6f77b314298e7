package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.RegistryException;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.testing.aws.LocalSecretsManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The registry secret read through the SDK's Secrets Manager client from a local endpoint speaking its JSON protocol
 * ({@link LocalSecretsManager}): which variable names it, how long a read is kept, and how a secret that cannot be
 * used fails (one line naming the secret, never its content; retryable only when Secrets Manager is unreachable).
 */
class RegistryCredentialsSecretTest {
    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pull-AbCdEf";
    private static final String HOST = "registry.example.com:5000";
    private static final StaticCredentialsProvider AWS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @Test
    void theSecretIsNamedByTheVariableOrItsFormerNameAndReadOnFirstUse() {
        try (LocalSecretsManager secrets = new LocalSecretsManager(ARN, dockerConfig("puller", "pw-1"))) {
            for (String variable : new String[] {RegistryCredentialsSecret.SECRET_ID,
                    RegistryCredentialsSecret.FORMER_SECRET_ID}) {
                CredentialSource source = RegistryCredentialsSecret.fromEnvironment(Map.of(variable, ARN,
                        RegistryCredentialsSecret.ENDPOINT, secrets.endpoint().toString()), Region.EU_WEST_1, AWS);
                assertThat(source).as(variable).isInstanceOf(RegistryCredentialsSecret.class);
                int before = secrets.reads();
                assertThat(source.find(HOST)).contains(new Credentials("puller", "pw-1"));
                assertThat(source.find("other.example.com")).isEmpty();
                assertThat(secrets.reads()).as("one read for both look-ups").isEqualTo(before + 1);
            }
            CredentialSource none = RegistryCredentialsSecret.fromEnvironment(Map.of(
                    RegistryCredentialsSecret.ENDPOINT, secrets.endpoint().toString()), Region.EU_WEST_1, AWS);
            assertThat(none.find(HOST)).isEmpty();
        }
    }

    @Test
    void aRotatedSecretIsReadAgainOnceTheKeptCopyIsOld() {
        try (LocalSecretsManager secrets = new LocalSecretsManager(ARN, dockerConfig("puller", "old"))) {
            MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
            RegistryCredentialsSecret secret = new RegistryCredentialsSecret(client(secrets), ARN, clock);
            assertThat(secret.find(HOST)).contains(new Credentials("puller", "old"));
            secrets.rotate(dockerConfig("puller", "new"));
            clock.advance(RegistryCredentialsSecret.KEEP.minus(Duration.ofSeconds(1)));
            assertThat(secret.find(HOST)).contains(new Credentials("puller", "old"));
            clock.advance(Duration.ofSeconds(2));
            assertThat(secret.find(HOST)).contains(new Credentials("puller", "new"));
            assertThat(secrets.reads()).isEqualTo(2);
        }
    }

    @Test
    void aMissingOrMalformedSecretFailsWithOneLineNamingItAndNotItsContent() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
        try (LocalSecretsManager secrets = new LocalSecretsManager(ARN, "puller:hunter2")) {
            String other = ARN.replace("pull-", "gone-");
            assertThatThrownBy(() -> new RegistryCredentialsSecret(client(secrets), other, clock).find(HOST))
                    .isInstanceOf(RegistryException.class)
                    .hasMessage("secret " + other + " could not be read: ResourceNotFoundException");
            assertThatThrownBy(() -> new RegistryCredentialsSecret(client(secrets), ARN, clock).find(HOST))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("secret " + ARN)
                    .hasMessageNotContaining("hunter2").message().doesNotContain("\n");
        }
    }

    @Test
    void anUnreachableSecretsManagerIsWorthTryingAgain() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        CredentialSource source = RegistryCredentialsSecret.fromEnvironment(Map.of(
                RegistryCredentialsSecret.SECRET_ID, ARN, RegistryCredentialsSecret.ENDPOINT,
                "http://127.0.0.1:" + port), Region.EU_WEST_1, AWS);
        assertThatThrownBy(() -> source.find(HOST)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("secret " + ARN + " could not be read");
    }

    private static SecretsManagerClient client(LocalSecretsManager secrets) {
        return SecretsManagerClient.builder().region(Region.EU_WEST_1).credentialsProvider(AWS)
                .httpClient(ApacheHttpClient.builder().build()).endpointOverride(secrets.endpoint()).build();
    }

    /** A config.json as `docker login` writes it, with {@link #HOST}'s entry. */
    private static String dockerConfig(String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\":{\"" + HOST + "\":{\"auth\":\"" + auth + "\"}}}";
    }
}
