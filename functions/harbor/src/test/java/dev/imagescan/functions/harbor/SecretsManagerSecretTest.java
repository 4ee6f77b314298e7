package dev.imagescan.functions.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.testing.MutableClock;
import dev.imagescan.testing.aws.LocalSecretsManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The secret read through the SDK's Secrets Manager client from a local endpoint: once, then kept. */
class SecretsManagerSecretTest {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @Test
    void readsTheSecretOnceOnFirstUseAndKeepsIt() {
        try (LocalSecretsManager local = new LocalSecretsManager("harbor:s3cret")) {
            Map<String, String> env = Map.of(SecretsManagerSecret.SECRET_ID, LocalSecretsManager.SECRET_ID,
                    SecretsManagerSecret.ENDPOINT, local.endpoint().toString());
            SecretsManagerSecret secret = SecretsManagerSecret.fromEnvironment(env, Region.US_EAST_1, CREDENTIALS);
            assertThat(local.reads()).as("nothing read at start-up").isZero();

            assertThat(secret.value()).isEqualTo("harbor:s3cret");
            assertThat(secret.value()).isEqualTo("harbor:s3cret");
            assertThat(local.reads()).isEqualTo(1);
        }
    }

    @Test
    void aRotatedSecretIsReadAgainOnlyOnceTheKeptOneIsOldEnough() {
        try (LocalSecretsManager local = new LocalSecretsManager("harbor:old")) {
            MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
            Map<String, String> env = Map.of(SecretsManagerSecret.ENDPOINT, local.endpoint().toString());
            SecretsManagerSecret secret = new SecretsManagerSecret(
                    SecretsManagerSecret.client(env, Region.US_EAST_1, CREDENTIALS), LocalSecretsManager.SECRET_ID,
                    clock);
            CallerAuthentication auth = new CallerAuthentication(secret);
            auth.check("Bearer harbor:old");
            local.rotate("harbor:new");

            assertThatThrownBy(() -> auth.check("Bearer harbor:new")).isInstanceOf(HarborException.class);
            assertThat(local.reads()).as("a wrong credential soon after a read reads nothing").isEqualTo(1);
            clock.advance(SecretsManagerSecret.REFRESH_AFTER.plus(Duration.ofSeconds(1)));
            auth.check("Bearer harbor:new");
            assertThat(local.reads()).isEqualTo(2);
            assertThatThrownBy(() -> auth.check("Bearer harbor:old")).isInstanceOf(HarborException.class);
            assertThat(local.reads()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownSecretIsTheServicesErrorAndNoSecretIdIsRefusedAtOnce() {
        try (LocalSecretsManager local = new LocalSecretsManager("x")) {
            Map<String, String> env = Map.of(SecretsManagerSecret.SECRET_ID, "arn:aws:secretsmanager:other",
                    SecretsManagerSecret.ENDPOINT, local.endpoint().toString());
            assertThatThrownBy(() -> SecretsManagerSecret.fromEnvironment(env, Region.US_EAST_1, CREDENTIALS).value())
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> SecretsManagerSecret.fromEnvironment(Map.of(), Region.US_EAST_1, CREDENTIALS))
                    .hasMessageContaining(SecretsManagerSecret.SECRET_ID);
        }
    }
}
