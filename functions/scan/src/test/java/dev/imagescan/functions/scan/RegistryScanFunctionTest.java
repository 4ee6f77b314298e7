package dev.imagescan.functions.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.Registries;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.scan.ScanStats;
import dev.imagescan.service.RegistryAccess;
import dev.imagescan.service.ScanService;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.RegistryCredentialsSecret;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.LayerBuilder;
import dev.imagescan.testing.aws.LocalSecretsManager;
import dev.imagescan.testing.registry.ArtifactPush;
import dev.imagescan.testing.registry.EcrEndpoint;
import dev.imagescan.testing.registry.FaultProxy;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.SharedBase;
import dev.imagescan.vulndb.BundledDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan function reading images from a registry: the ECR push event from {@code events/} through the scan queue
 * and the real handler, with ECR's registry API played by a real registry (Distribution 2.8 with htpasswd Basic auth,
 * the image pushed with skopeo under the event's repository name) and ECR's {@code GetAuthorizationToken} by a local
 * endpoint speaking ECR's JSON protocol ({@link EcrEndpoint}: its token is the registry's password, its
 * {@code proxyEndpoint} the registry); S3, DynamoDB and SQS are the local servers the other function tests use. The
 * same registry named by its own host is a private registry, read with the registry secret's credentials (a Secrets
 * Manager secret from {@link LocalSecretsManager}). One registry serves the class (started, and its images pushed,
 * once); each test has a fresh bucket, table and queue.
 */
class RegistryScanFunctionTest {
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "123456789012";
    private static final String ECR = ACCOUNT + ".dkr.ecr.eu-west-1.amazonaws.com";
    private static final String ALPINE_DIGEST =
            "sha256:f463b88c1f197b82d69cce473ab865055b86aad39a672b3f86ac4d199488b410";
    private static final String PASSWORD = "ecr-token-password";
    private static final String SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pull-AbCdEf";

    /** Alpine's layer blob byte for byte, and one layer of its own: pushed as {@code team/alpine:app}. */
    private static final SharedBase BASE = SharedBase.of(Corpus.image("alpine-3.20.3.oci.tar"));

    @TempDir
    static Path dir;
    /** One registry for the class, with alpine and an image on its base pushed once; each test has its own stack. */
    private static LocalRegistry registry;
    private final LocalStack stack = new LocalStack();
    private final ScanStats stats = new ScanStats();
    private EcrEndpoint ecr;

    @BeforeAll
    static void start() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        registry = LocalRegistry.basic(Files.createDirectories(dir.resolve("registry")), "AWS", PASSWORD);
        // through the distribution API, byte for byte (as skopeo copy --format oci would, without its start-up)
        ArtifactPush push = new ArtifactPush(registry.host(), "team/alpine", "AWS", PASSWORD);
        assertThat(push.ociArchive("3.20.3", Corpus.image("alpine-3.20.3.oci.tar"))).isEqualTo(ALPINE_DIGEST);
        push.image("app", BASE.withLayer(LayerBuilder.layer().file("srv/app/README", "app\n")));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void stop() {
        if (ecr != null) {
            ecr.close();
        }
    }

    @Test
    void theEcrPushEventIsScannedFromTheRegistryOnceAndTheRecordKeepsItsNames() throws IOException {
        ScanHandler handler = handler(registry.host(), ECR + "," + registry.host());
        String body = sampleBody();
        send(body);
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();

        String image = ECR + "/team/alpine:3.20.3@" + ALPINE_DIGEST;
        String scanId = ScanService.imagePushScanId(JSON.readTree(body).path("id").asText(), image);
        FunctionContext context = stack.context();
        ScanRecord scan = context.table().scans().get(scanId).orElseThrow();
        assertThat(scan.status()).as(scan.error()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.trigger()).isEqualTo(ScanTrigger.PUSH);
        assertThat(scan.image()).isEqualTo(image);
        assertThat(scan.imageDigest()).isEqualTo(ALPINE_DIGEST);
        ImageRecord record = context.table().images().get(ALPINE_DIGEST).orElseThrow();
        assertThat(record.registry()).isEqualTo(ECR);
        assertThat(record.repository()).isEqualTo(ECR + "/team/alpine");
        assertThat(record.tags()).containsExactly("3.20.3");
        assertThat(record.sourceKey()).isNull();
        assertThat(record.counts().total()).isPositive();
        assertThat(record.verdict()).isNotNull();
        String dbVersion = BundledDatabase.load().info().digest();
        String report = new String(context.store().get(StoreKeys.imageReport(ALPINE_DIGEST, dbVersion))
                .readAllBytes());
        assertThat(report).contains("\"reference\" : \"" + ECR + "/team/alpine:3.20.3@" + ALPINE_DIGEST + "\"")
                .doesNotContain(registry.host());
        assertThat(stats.layersRead()).hasSize(1);
        assertThat(ecr.calls("GetAuthorizationToken")).isEqualTo(1);

        // the same event again finds its scan; a push of the same image under another tag reads no layer and asks
        // ECR for no other token
        send(body);
        ObjectNode retagged = (ObjectNode) JSON.readTree(body);
        retagged.put("id", "0a7c2b1e-5d3f-4e6a-9b8c-7d6e5f4a3b2c");
        ((ObjectNode) retagged.get("detail")).put("image-tag", "stable");
        send(JSON.writeValueAsString(retagged));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        assertThat(stats.layersRead()).hasSize(1);
        assertThat(ecr.calls("GetAuthorizationToken")).isEqualTo(1);
        assertThat(context.table().images().get(ALPINE_DIGEST).orElseThrow().tags())
                .containsExactly("3.20.3", "stable");
        assertThat(context.table().scans().get(scanId).orElseThrow().attempts()).isEqualTo(1);
        assertThat(stack.deadLetters()).isZero();
    }

    @Test
    void anImageSharingABaseWithAScannedOneByAnotherTagDownloadsOnlyItsNewBlobs() throws IOException {
        String baseLayer = BASE.layers().get(0).digest();
        try (FaultProxy proxy = new FaultProxy(registry.host())) {
            ScanHandler handler = handler(proxy.host(), ECR + "," + proxy.host());
            send(job("base", ECR + "/team/alpine:3.20.3"));
            assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
            int blobsFirst = proxy.requests(".*/blobs/.*");
            send(job("app", ECR + "/team/alpine:app"));
            assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
            int blobsSecond = proxy.requests(".*/blobs/.*") - blobsFirst;

            FunctionContext context = stack.context();
            ScanRecord scan = context.table().scans().get("app").orElseThrow();
            assertThat(scan.status()).as(scan.error()).isEqualTo(ScanStatus.DONE);
            assertThat(blobsFirst).as("config and base layer").isEqualTo(2);
            assertThat(blobsSecond).as("config and its own layer").isEqualTo(2);
            assertThat(proxy.requests(".*/blobs/" + baseLayer)).isEqualTo(1);
            assertThat(stats.layersRead()).hasSize(2);
            assertThat(stats.layersFromCache()).containsExactly(BASE.layers().get(0).diffId());
            assertThat(new String(context.store().get(StoreKeys.layerBlob(baseLayer)).readAllBytes()))
                    .isEqualTo(BASE.layers().get(0).diffId());
        }
    }

    @Test
    void aGoneImageARefusedTokenAndACorruptBlobFailWithOneLineAndStoreNothing() throws IOException {
        ScanHandler handler = handler(registry.host(), ECR + "," + registry.host());
        String gone = "sha256:" + "0".repeat(64);
        send(job("gone", ECR + "/team/alpine@" + gone));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        assertFailed("gone", "not found (HTTP 404");

        ecr.refuse("AccessDeniedException");
        ScanHandler refused = handler(registry.host(), ECR + "," + registry.host()); // no token cached
        send(job("refused", ECR + "/team/alpine:3.20.3"));
        assertThat(stack.eventSource().drain(refused, DRAIN)).isTrue();
        assertFailed("refused", "AccessDeniedException");

        // a layer blob replaced in the registry's storage by another valid layer (an empty tar, gzipped): it reads to
        // the end, and the digest check fails the scan
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(empty)) {
            gzip.write(new byte[1024]);
        }
        Path data = registry.blobData(layerDigest());
        byte[] original = Files.readAllBytes(data);
        Files.write(data, empty.toByteArray());
        try {
            send(job("corrupt", ECR + "/team/alpine:3.20.3"));
            assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        } finally {
            Files.write(data, original); // the registry is the class's
        }
        assertFailed("corrupt", "has digest sha256:");
        assertThat(stack.context().table().images().get(ALPINE_DIGEST)).as("nothing stored").isEmpty();
        assertThat(stack.context().store().head(StoreKeys.imageInventory(ALPINE_DIGEST))).isEmpty();
        assertThat(stack.deadLetters()).isZero();
    }

    @Test
    void aRegistryThatAnswers503IsRetriedByTheQueue() throws IOException {
        try (FaultProxy proxy = new FaultProxy(registry.host())) {
            // more 503s than the client's own retries: the first delivery gives up, the second succeeds
            proxy.fail("/v2/team/alpine/manifests/.*", 503, 5, Map.of("Retry-After", "0"));
            ScanHandler handler = handler(proxy.host(), ECR + "," + proxy.host());
            send(job("busy", ECR + "/team/alpine:3.20.3"));
            assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        }
        ScanRecord scan = stack.context().table().scans().get("busy").orElseThrow();
        assertThat(scan.status()).as(scan.error()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.attempts()).isEqualTo(2);
    }

    @Test
    void registriesOutsideTheAllowListAreNeverContacted() throws IOException {
        // the ECR registry is listed, but its endpoint (loopback) is not: the connection is refused
        ScanHandler handler = handler(registry.host(), ECR);
        send(sampleBody());
        send(job("loopback", "127.0.0.1:" + registry.port() + "/team/alpine:3.20.3"));
        send(job("metadata", "169.254.169.254/latest/meta-data:1"));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        assertFailed("loopback", "registry 127.0.0.1:" + registry.port() + " is not in the allow-list");
        assertFailed("metadata", "registry 169.254.169.254 is not in the allow-list");
        assertThat(stack.context().table().images().get(ALPINE_DIGEST)).isEmpty();
        assertThat(stack.deadLetters()).isZero();
    }

    @Test
    void aPrivateRegistryIsReadWithTheRegistrySecretAndFailsWithOneLineWithoutIt() throws IOException {
        String image = registry.host() + "/team/alpine:3.20.3";
        send(job("anonymous", image));
        assertThat(stack.eventSource().drain(handler(registry.host(), registry.host()), DRAIN)).isTrue();
        assertFailed("anonymous", "asks for credentials");
        assertThat(stack.context().table().scans().get("anonymous").orElseThrow().error())
                .as("the functions' way to give credentials, not the command line's")
                .contains("add its credentials to the registry secret").doesNotContain("--username");
        assertThat(stack.context().table().images().get(ALPINE_DIGEST)).isEmpty();

        // the secret's entry is for the registry as jobs name it; an ECR login, where one applies, still comes first
        String auth = Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET_ARN, "{\"auths\":{\"" + registry.host()
                + "\":{\"auth\":\"" + auth + "\"}}}")) {
            ScanHandler handler = handler(registry.host(), ECR + "," + registry.host(), Map.of(
                    RegistryCredentialsSecret.SECRET_ID, SECRET_ARN,
                    RegistryCredentialsSecret.ENDPOINT, secrets.endpoint().toString()));
            assertThat(secrets.reads()).as("nothing read at start-up").isZero();
            send(job("private", image));
            send(job("ecr", ECR + "/team/alpine:app"));
            assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
            assertThat(secrets.reads()).as("read once, for the private registry only").isEqualTo(1);
        }
        ScanRecord scan = stack.context().table().scans().get("private").orElseThrow();
        assertThat(scan.status()).as(scan.error()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.imageDigest()).isEqualTo(ALPINE_DIGEST);
        ImageRecord record = stack.context().table().images().get(ALPINE_DIGEST).orElseThrow();
        assertThat(record.registry()).isEqualTo(registry.host());
        assertThat(record.tags()).containsExactly("3.20.3");
        assertThat(record.counts().total()).isPositive();
        ScanRecord ecrScan = stack.context().table().scans().get("ecr").orElseThrow();
        assertThat(ecrScan.status()).as(ecrScan.error()).isEqualTo(ScanStatus.DONE);
        assertThat(ecr.calls("GetAuthorizationToken")).isEqualTo(1);
        assertThat(stack.deadLetters()).isZero();
    }

    private ScanHandler handler(String registryEndpoint, String allowList) throws IOException {
        return handler(registryEndpoint, allowList, Map.of());
    }

    private ScanHandler handler(String registryEndpoint, String allowList, Map<String, String> more)
            throws IOException {
        if (ecr == null) {
            ecr = new EcrEndpoint(ACCOUNT, "http://" + registryEndpoint, "AWS", PASSWORD);
        }
        Map<String, String> env = new LinkedHashMap<>(stack.environment());
        env.putAll(more);
        env.put(Registries.ALLOW_LIST, allowList);
        env.put("IMAGESCAN_ECR_ENDPOINT", ecr.uri().toString());
        RegistryAccess access = Registries.fromEnvironment(env, stack.settings());
        return new ScanHandler(stack.context(), stats, Clock.systemUTC(), ScanHandler.CLAIM_LEASE, access);
    }

    private void assertFailed(String scanId, String reason) {
        ScanRecord scan = stack.context().table().scans().get(scanId).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(scan.attempts()).as("not retried").isEqualTo(1);
        assertThat(scan.error()).contains(reason).doesNotContain("\n");
    }

    private String layerDigest() throws IOException {
        // the manifest as the registry keeps it: the one layer of the committed alpine image
        JsonNode manifest = JSON.readTree(Files.readAllBytes(registry.blobData(ALPINE_DIGEST)));
        return manifest.path("layers").get(0).path("digest").asText();
    }

    private static String job(String scanId, String image) {
        return new ScanJob(scanId, null, null, ScanTrigger.MANUAL, 1, image).toJson();
    }

    private void send(String body) {
        stack.aws().sqs().sendMessage(b -> b.queueUrl(stack.queueUrl()).messageBody(body));
    }

    /** The body of the sample event in events/, as the ECR push rule delivers it to the queue. */
    private static String sampleBody() throws IOException {
        JsonNode event = JSON.readTree(Files.readAllBytes(repository().resolve("events/sqs-ecr-image-push.json")));
        return event.path("Records").get(0).path("body").asText();
    }

    private static Path repository() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("events"))) {
            p = p.getParent();
        }
        return p;
    }
}
