package dev.imagescan.functions.enumerate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.imagescan.functions.common.Registries;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.service.RegistrySweep;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.aws.RegistryCredentialsSecret;
import dev.imagescan.testing.aws.LocalSecretsManager;
import dev.imagescan.testing.registry.ArtifactPush;
import dev.imagescan.testing.registry.LocalRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The sweep of a private registry: a real registry with htpasswd Basic auth (Distribution 2.8 on loopback, one for
 * the class) holding one repository with two images, its credentials in the registry secret (a Secrets Manager secret
 * with a config.json-style {@code auths} document, from {@link LocalSecretsManager}), the same secret the admission
 * webhook and the scans read. With the secret the tags list and the manifest HEADs are answered and both images are
 * enqueued; without it the target is skipped with the registry's refusal as the reason.
 */
class PrivateRegistrySweepFunctionTest {
    private static final String USER = "sweeper";
    private static final String PASSWORD = "sweep-s3cret-3";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pull-AbCdEf";
    private static final String REPOSITORY = "team/private";

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    /** tag → digest, as pushed. */
    private static final Map<String, String> PUSHED = new LinkedHashMap<>();

    @BeforeAll
    static void push() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        registry = LocalRegistry.basic(Files.createDirectories(dir.resolve("registry")), USER, PASSWORD);
        ArtifactPush push = new ArtifactPush(registry.host(), REPOSITORY, USER, PASSWORD);
        PUSHED.put("1.0", push.image("1.0", TestImages.app(1)));
        PUSHED.put("2.0", push.image("2.0", TestImages.app(2)));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theSweepListsAPrivateRegistryWithTheRegistrySecret() {
        LocalStack stack = new LocalStack();
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET_ARN, "{\"auths\":{\"" + registry.host()
                + "\":{\"auth\":\"" + auth + "\"}}}")) {
            Map<String, String> env = env(stack);
            env.put(RegistryCredentialsSecret.SECRET_ID, SECRET_ARN);
            env.put(RegistryCredentialsSecret.ENDPOINT, secrets.endpoint().toString());
            RegistrySweep sweep = EnumerateHandler.sweep(stack.context(), env, stack.settings());
            assertThat(secrets.reads()).as("nothing read at start-up").isZero();

            RegistrySweep.Result result = sweep.sweep(() -> false);

            assertThat(result.problems()).isEmpty();
            assertThat(result.images()).isEqualTo(2);
            assertThat(result.queued()).isEqualTo(2);
            assertThat(jobs(stack)).containsExactlyInAnyOrder(
                    registry.host() + "/" + REPOSITORY + ":1.0@" + PUSHED.get("1.0"),
                    registry.host() + "/" + REPOSITORY + ":2.0@" + PUSHED.get("2.0"));
            assertThat(secrets.reads()).isEqualTo(1);
        }
    }

    @Test
    void withoutTheSecretThePrivateRegistryIsSkippedWithTheReason() {
        LocalStack stack = new LocalStack();
        RegistrySweep sweep = EnumerateHandler.sweep(stack.context(), env(stack), stack.settings());

        RegistrySweep.Result result = sweep.sweep(() -> false);

        assertThat(result.queued()).isZero();
        assertThat(result.problems()).singleElement().asString()
                .startsWith(registry.host() + "/" + REPOSITORY + ": ").contains("asks for credentials")
                .contains("add its credentials to the registry secret").doesNotContain("--username")
                .doesNotContain("\n");
        assertThat(jobs(stack)).isEmpty();
    }

    private static Map<String, String> env(LocalStack stack) {
        Map<String, String> env = new LinkedHashMap<>(stack.environment());
        env.put(Registries.SWEEP, registry.host() + "/" + REPOSITORY);
        env.put(Registries.ALLOW_LIST, registry.host());
        return env;
    }

    /** The images of the jobs now on the queue (taken off it). */
    private static List<String> jobs(LocalStack stack) {
        List<String> images = new ArrayList<>();
        while (true) {
            List<Message> messages = stack.aws().sqs().receiveMessage(b -> b.queueUrl(stack.queueUrl())
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return images;
            }
            for (Message m : messages) {
                images.add(ScanJob.fromJson(m.body()).image());
                stack.aws().sqs().deleteMessage(b -> b.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle()));
            }
        }
    }
}
