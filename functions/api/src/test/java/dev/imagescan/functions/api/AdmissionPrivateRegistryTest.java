package dev.imagescan.functions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.RegistryOptions;
import dev.imagescan.service.RegistryAccess;
import dev.imagescan.store.RegistryLogins;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.aws.RegistryCredentialsSecret;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.testing.aws.LocalSecretsManager;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Admission in a private registry: a real registry with Basic auth (Distribution, htpasswd) holding Alpine 3.20.3,
 * its credentials in a Secrets Manager secret (config.json-style {@code auths}, read through the SDK's client from a
 * local endpoint). A Pod's tag is resolved to its digest with those credentials (the secret read once, on first use),
 * and answered from the table; without credentials, or with wrong ones, the registry's refusal goes to the failure
 * policy, naming no secret. An ECR registry is resolved through its login at the login's endpoint. (The secret itself:
 * {@code RegistryCredentialsSecretTest} in shared/aws.)
 */
class AdmissionPrivateRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ALPINE = Corpus.image("alpine-3.20.3.oci.tar");
    private static final String USER = "cluster-puller";
    private static final String PASSWORD = "pull-s3cret-7";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pull-AbCdEf";
    private static final String ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private static final StaticCredentialsProvider AWS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static String digest;

    private final ApiFixture api = new ApiFixture();

    @BeforeAll
    static void pushAlpine() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        registry = LocalRegistry.basic(Files.createDirectories(dir.resolve("registry")), USER, PASSWORD);
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/team/alpine:3.20.3", "--format",
                "oci", "--dest-creds", USER + ":" + PASSWORD);
        try (RegistryClient client = new RegistryClient(RegistryOptions.defaults().withCredentials(
                CredentialSource.of(registry.host(), new Credentials(USER, PASSWORD))))) {
            digest = client.resolve(ImageReference.parse(registry.host() + "/team/alpine:3.20.3")).digest()
                    .toString();
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aTagInAPrivateRegistryIsResolvedWithTheSecretsCredentialsReadOnce() {
        String tag = registry.host() + "/team/alpine:3.20.3";
        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET_ARN, dockerConfig(USER, PASSWORD))) {
            CredentialSource configured = RegistryCredentialsSecret.fromEnvironment(Map.of(
                    RegistryCredentialsSecret.SECRET_ID, SECRET_ARN,
                    RegistryCredentialsSecret.ENDPOINT, secrets.endpoint().toString()), Region.EU_WEST_1, AWS);
            api.admission(settings(access(RegistryLogins.NONE, registry.host()), configured));
            assertThat(secrets.reads()).as("nothing read at start-up").isZero();

            JsonNode answer = review(pod(tag));
            assertThat(answer.at("/response/allowed").asBoolean()).isFalse();
            assertThat(answer.at("/response/status/message").asText()).contains("is not scanned yet")
                    .contains("its scan is queued");
            List<ScanJob> jobs = takeJobs();
            assertThat(jobs).hasSize(1);
            assertThat(jobs.get(0).imageDigest()).as("the tag resolved in the private registry").isEqualTo(digest);
            assertThat(jobs.get(0).image()).isEqualTo(registry.host() + "/team/alpine@" + digest);

            review(pod(tag));
            assertThat(secrets.reads()).as("the secret is read once, not per resolution").isEqualTo(1);
        }
    }

    @Test
    void withoutCredentialsOrWithWrongOnesTheFailurePolicyDecides() {
        String tag = registry.host() + "/team/alpine:3.20.3";
        api.admission(settings(access(RegistryLogins.NONE, registry.host()), CredentialSource.none()));
        assertThat(review(pod(tag)).at("/response/status/message").asText()).contains("could not be checked")
                .contains("asks for credentials").contains("registry secret").doesNotContain("--username");

        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET_ARN, dockerConfig(USER, "wrong-one"))) {
            api.admission(settings(access(RegistryLogins.NONE, registry.host()), secret(secrets)));
            String message = review(pod(tag)).at("/response/status/message").asText();
            assertThat(message).contains("rejected the credentials").doesNotContain("wrong-one");

            secrets.rotate("user:" + PASSWORD);
            RegistryCredentialsSecret notAConfig = new RegistryCredentialsSecret(client(secrets), SECRET_ARN,
                    new MutableClock(Instant.parse("2026-12-06T12:00:00Z")));
            api.admission(settings(access(RegistryLogins.NONE, registry.host()), notAConfig));
            assertThat(review(pod(tag)).at("/response/status/message").asText()).contains(SECRET_ARN)
                    .contains("auths").doesNotContain(PASSWORD);
        }
    }

    @Test
    void anEcrRegistryIsResolvedThroughItsLoginAtItsEndpoint() {
        RegistryLogins ecr = host -> host.equals(ECR)
                ? Optional.of(new RegistryLogins.Login(registry.host(), new Credentials(USER, PASSWORD)))
                : Optional.empty();
        api.admission(settings(access(ecr, ECR + "," + registry.host()), CredentialSource.none()));

        JsonNode answer = review(pod(ECR + "/team/alpine:3.20.3"));
        assertThat(answer.at("/response/status/message").asText()).contains("is not scanned yet");
        List<ScanJob> jobs = takeJobs();
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).imageDigest()).isEqualTo(digest);
        assertThat(jobs.get(0).image()).as("the job keeps the reference's registry").isEqualTo(ECR
                + "/team/alpine@" + digest);

        api.admission(settings(access(ecr, registry.host()), CredentialSource.none()));
        assertThat(review(pod(ECR + "/team/alpine:3.20.3")).at("/response/status/message").asText())
                .as("a registry off the allow-list is refused before its login is asked for")
                .contains("could not be checked");
    }

    private static AdmissionSettings settings(RegistryAccess access, CredentialSource configured) {
        return AdmissionSettings.fromEnvironment(Map.of(AdmissionSettings.TAG_TTL, "0"),
                access.withCredentials(configured));
    }

    private static RegistryAccess access(RegistryLogins logins, String allowList) {
        return RegistryAccess.of(RegistryAllowList.parse(allowList), logins);
    }

    /** The secret named by the variable's former name, which deployments of admission alone still set. */
    private static CredentialSource secret(LocalSecretsManager secrets) {
        return RegistryCredentialsSecret.fromEnvironment(Map.of(RegistryCredentialsSecret.FORMER_SECRET_ID, SECRET_ARN,
                RegistryCredentialsSecret.ENDPOINT, secrets.endpoint().toString()), Region.EU_WEST_1, AWS);
    }

    private static SecretsManagerClient client(LocalSecretsManager secrets) {
        return SecretsManagerClient.builder().region(Region.EU_WEST_1).credentialsProvider(AWS)
                .httpClient(ApacheHttpClient.builder().build()).endpointOverride(secrets.endpoint()).build();
    }

    /** A config.json as `docker login` writes it, with the registry's entry. */
    private static String dockerConfig(String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}";
    }

    /** A Pod CREATE review with one container running {@code image}. */
    private static String pod(String image) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1")
                .put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "b7d1c5e0-private-registry")
                .put("operation", "CREATE").put("namespace", "team");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        ObjectNode object = request.putObject("object").put("apiVersion", "v1").put("kind", "Pod");
        object.putObject("metadata").put("name", "app");
        object.putObject("spec").putArray("containers").addObject().put("name", "app").put("image", image);
        return review.toString();
    }

    private JsonNode review(String body) {
        ApiFixture.Response r = api.call("POST", "/admission").json(body).send();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private List<ScanJob> takeJobs() {
        List<Message> messages = api.stack.aws().sqs().receiveMessage(b -> b.queueUrl(api.stack.queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        for (Message m : messages) {
            api.stack.aws().sqs().deleteMessage(b -> b.queueUrl(api.stack.queueUrl())
                    .receiptHandle(m.receiptHandle()));
        }
        return messages.stream().map(m -> ScanJob.fromJson(m.body())).toList();
    }
}
