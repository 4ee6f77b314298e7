package dev.imagescan.functions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.RegistryOptions;
import dev.imagescan.service.Delivery;
import dev.imagescan.service.JobOutcome;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * {@code POST /admission} with the Kubernetes documentation's AdmissionReview and workload examples
 * (src/test/resources/admission, sources cited there), their images pointed at images pushed to a real local
 * registry (Distribution) and scanned by the real scan service: tags resolved against that registry, verdicts read
 * from the table.
 */
class AdmissionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> EXAMPLES = List.of("init-containers.yaml", "nginx-deployment.yaml",
            "frontend.yaml", "statefulset.yaml", "daemonset.yaml", "job.yaml", "cronjob.yaml", "replication.yaml");
    private static final String DOCS_UID = "705ab4f5-6393-11e8-b7cc-42010a800002";

    @TempDir
    static Path dir;
    private static LocalRegistry registry;

    private final ApiFixture api = new ApiFixture();
    private final AtomicInteger resolutions = new AtomicInteger();

    @BeforeAll
    static void startRegistry() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        registry = LocalRegistry.anonymous(Files.createDirectories(dir.resolve("registry")));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theDocumentationsReviewIsAnsweredWithItsUidAndAScaleHasNoImageToRefuse() {
        JsonNode answer = review(resource("docs-review-scale.json"));
        assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(answer.at("/response/uid").asText()).isEqualTo(DOCS_UID);
        assertThat(answer.at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void everyWorkloadKindIsAnsweredFromTheStoredVerdictsOfItsImages() throws IOException {
        String allowed = pushScanned(1, false); // judged by the default policy: ALLOWED
        String blocked = pushScanned(2, true);  // judged by a policy that blocks High without a fix: BLOCKED
        useResolver(Duration.ofMinutes(1));
        for (String example : EXAMPLES) {
            ObjectNode object = example(example);
            String kind = object.path("kind").asText();

            JsonNode ok = review(admissionReview(object, image -> allowed));
            assertThat(ok.at("/response/allowed").asBoolean()).as(kind + ": " + ok).isTrue();
            assertThat(ok.at("/response/uid").asText()).isEqualTo(DOCS_UID);

            JsonNode denied = review(admissionReview(object, image -> blocked));
            assertThat(denied.at("/response/allowed").asBoolean()).as(kind).isFalse();
            assertThat(denied.at("/response/status/code").asInt()).isEqualTo(403);
            assertThat(denied.at("/response/status/message").asText()).as(kind)
                    .contains("image " + blocked + " is BLOCKED by policy strict")
                    .contains("CVE-2026-1002");
        }
        // the init container alone blocks the Pod
        ObjectNode pod = example("init-containers.yaml");
        JsonNode initBlocked = review(admissionReview(pod, image -> image.startsWith("busybox") ? blocked : allowed));
        assertThat(initBlocked.at("/response/allowed").asBoolean()).isFalse();
        assertThat(resolutions.get()).as("each tag resolved once, then kept").isEqualTo(2);
    }

    @Test
    void anImageNotScannedYetHasItsScanQueuedAndIsAdmittedOrDeniedAsConfigured() throws IOException {
        BuiltImage image = TestImages.app(3);
        String tag = push(image, "team/app3:1.3");
        ObjectNode deployment = example("nginx-deployment.yaml");

        useResolver(Duration.ZERO);
        JsonNode denied = review(admissionReview(deployment, i -> tag));
        assertThat(denied.at("/response/allowed").asBoolean()).isFalse();
        assertThat(denied.at("/response/status/message").asText()).contains("is not scanned yet")
                .contains("its scan is queued");
        List<ScanJob> jobs = takeJobs();
        assertThat(jobs).hasSize(1);
        String digest = resolvedDigest(tag);
        assertThat(jobs.get(0).imageDigest()).isEqualTo(digest);
        assertThat(jobs.get(0).image()).isEqualTo(registry.host() + "/team/app3@" + digest);
        assertThat(jobs.get(0).authorization()).isNull();
        ScanRecord scan = api.context.table().scans().get(jobs.get(0).scanId()).orElseThrow();
        assertThat(scan.imageDigest()).isEqualTo(digest);

        // the same image again within the hour: no second scan
        assertThat(review(admissionReview(deployment, i -> tag)).at("/response/status/message").asText())
                .contains("its scan is queued");
        assertThat(takeJobs()).isEmpty();

        api.admission(new AdmissionSettings(resolver(), true, false));
        JsonNode admitted = review(admissionReview(deployment, i -> tag));
        assertThat(admitted.at("/response/allowed").asBoolean()).isTrue();
        assertThat(admitted.at("/response/warnings/0").asText()).contains("is not scanned yet");
    }

    @Test
    void digestsAreUsedAsGivenAndARegistryThatFailsFollowsTheFailurePolicy() throws IOException {
        String allowed = pushScanned(1, false);
        String byDigest = registry.host() + "/team/app1@" + resolvedDigest(allowed);
        ImageResolver failing = ref -> {
            throw new IOException("connect timed out");
        };
        api.admission(new AdmissionSettings(failing, false, false));
        ObjectNode job = example("job.yaml");
        assertThat(review(admissionReview(job, i -> byDigest)).at("/response/allowed").asBoolean())
                .as("a digest needs no registry").isTrue();

        JsonNode denied = review(admissionReview(job, i -> allowed));
        assertThat(denied.at("/response/allowed").asBoolean()).isFalse();
        assertThat(denied.at("/response/status/message").asText()).contains("could not be checked")
                .contains("connect timed out");

        api.admission(new AdmissionSettings(failing, false, true));
        JsonNode ignored = review(admissionReview(job, i -> allowed));
        assertThat(ignored.at("/response/allowed").asBoolean()).isTrue();
        assertThat(ignored.at("/response/warnings/0").asText()).contains("admitted by the failure policy");

        JsonNode invalid = review(admissionReview(job, i -> "Not A Reference"));
        assertThat(invalid.at("/response/allowed").asBoolean()).as("a bad reference is never admitted").isFalse();
    }

    @Test
    void whatIsNotAnAdmissionReviewIsABadRequest() {
        useResolver(Duration.ZERO);
        for (String body : List.of("[]", "{}", "{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":"
                + "\"AdmissionReview\",\"request\":{\"uid\":\"x\"}}", "{\"apiVersion\":\"admission.k8s.io/v1\","
                + "\"kind\":\"AdmissionReview\",\"request\":{}}", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":"
                + "\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\",\"kind\":{\"kind\":"
                + "\"Pod\"},\"object\":{\"spec\":{\"containers\":[{\"name\":\"x\"}]}}}}")) {
            ApiFixture.Response r = api.call("POST", "/admission").json(body).send();
            assertThat(r.status()).as(body).isEqualTo(400);
        }
        JsonNode delete = review("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
                + "{\"uid\":\"d\",\"operation\":\"DELETE\",\"kind\":{\"kind\":\"Pod\"},\"object\":null}}");
        assertThat(delete.at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void theShippedWebhookConfigurationSendsEveryWorkloadKindToTheRoute() throws IOException {
        Path file = Path.of("../../docs/admission/validating-webhook.yaml");
        List<ObjectNode> docs;
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile())) {
            docs = YAML.readValues(parser, ObjectNode.class).readAll();
        }
        ObjectNode config = docs.stream().filter(d -> d.path("kind").asText().equals("ValidatingWebhookConfiguration"))
                .findFirst().orElseThrow();
        assertThat(config.path("apiVersion").asText()).isEqualTo("admissionregistration.k8s.io/v1");
        JsonNode webhook = config.path("webhooks").get(0);
        assertThat(webhook.path("admissionReviewVersions").toString()).contains("\"v1\"");
        assertThat(webhook.path("sideEffects").asText()).isEqualTo("NoneOnDryRun");
        assertThat(webhook.path("timeoutSeconds").asInt()).isBetween(1, 30);
        assertThat(webhook.at("/clientConfig/service/path").asText()).isEqualTo("/admission");
        List<String> resources = webhook.path("rules").findValues("resources").stream()
                .flatMap(r -> StreamSupport.stream(r.spliterator(), false)).map(JsonNode::asText)
                .toList();
        assertThat(resources).contains("pods", "deployments", "replicasets", "statefulsets", "daemonsets", "jobs",
                "cronjobs", "replicationcontrollers");
        for (String example : EXAMPLES) {
            Map<String, Object> object = JSON.convertValue(example(example), new TypeReference<>() { });
            assertThat(PodImages.of(example(example).path("kind").asText(), object)).as(example).isNotEmpty();
        }
        assertThat(docs).extracting(d -> d.path("kind").asText()).contains("Deployment", "Service",
                "ServiceAccount");
    }

    // -----------------------------------------------------------------------------------------------------------

    /** Pushes test image {@code n} to the registry and scans its archive (same manifest); its tagged reference. */
    private String pushScanned(int n, boolean strict) throws IOException {
        if (strict) {
            ApiFixture.Response put = api.putJson("/policy",
                    "{\"version\":\"strict\",\"blockAt\":\"High\",\"onlyFixable\":false}");
            assertThat(put.status()).as(put.body()).isBetween(200, 201);
        }
        BuiltImage image = TestImages.app(n);
        Path archive = image.writeOciArchive(dir.resolve("app" + n + "-" + System.nanoTime() + ".tar"));
        String key = "incoming/app" + n + ".tar";
        String etag = api.context.store().put(key, Files.readAllBytes(archive),
                PutOptions.BINARY);
        JobOutcome outcome = ApiFixture.scanService(api.context, () -> ApiFixture.DB,
                Clock.fixed(ApiFixture.NOW, ZoneOffset.UTC)).scanPushed(key, etag, new Delivery(1, 3));
        assertThat(outcome.status().acknowledged()).as(outcome.toString()).isTrue();
        String tag = push(archive, "team/app" + n + ":1." + n);
        assertThat(resolvedDigest(tag)).as("the registry serves the scanned manifest").isEqualTo(outcome.imageDigest());
        assertThat(api.context.table().images().get(outcome.imageDigest()).orElseThrow().verdict())
                .isEqualTo(strict ? "BLOCKED" : "ALLOWED");
        return tag;
    }

    private String push(BuiltImage image, String repoTag) throws IOException {
        return push(image.writeOciArchive(dir.resolve(repoTag.replace('/', '_').replace(':', '_') + ".tar")), repoTag);
    }

    private static String push(Path archive, String repoTag) throws IOException {
        String tag = registry.host() + "/" + repoTag;
        Skopeo.copy("oci-archive:" + archive, "docker://" + tag, "--preserve-digests");
        return tag;
    }

    private static String resolvedDigest(String tag) throws IOException {
        try (RegistryClient client = new RegistryClient(options())) {
            return client.resolve(ImageReference.parse(tag)).digest().toString();
        }
    }

    private static RegistryOptions options() {
        return RegistryOptions.defaults().withCredentials(CredentialSource.none());
    }

    private ImageResolver resolver() {
        RegistryClient client = new RegistryClient(options());
        return ref -> {
            resolutions.incrementAndGet();
            return client.resolve(ref);
        };
    }

    private void useResolver(Duration ttl) {
        api.admission(AdmissionSettings.defaults().withResolver(resolver(), ttl));
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

    private JsonNode review(String body) {
        ApiFixture.Response r = api.call("POST", "/admission").json(body).send();
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The documentation's request with {@code object} as a CREATE, its images replaced by {@code images}. */
    private static String admissionReview(ObjectNode object, UnaryOperator<String> images) {
        try {
            ObjectNode review = (ObjectNode) JSON.readTree(resource("docs-review-scale.json"));
            ObjectNode request = (ObjectNode) review.get("request");
            ObjectNode copy = object.deepCopy();
            replaceImages(copy, images);
            String apiVersion = copy.path("apiVersion").asText();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            ObjectNode kind = JSON.createObjectNode().put("group", group).put("version", version)
                    .put("kind", copy.path("kind").asText());
            request.set("kind", kind);
            request.set("requestKind", kind);
            request.remove(List.of("subResource", "requestSubResource", "oldObject"));
            request.put("operation", "CREATE");
            request.put("name", copy.at("/metadata/name").asText());
            request.set("object", copy);
            request.set("options", JSON.createObjectNode().put("apiVersion", "meta.k8s.io/v1")
                    .put("kind", "CreateOptions"));
            return JSON.writeValueAsString(review);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replaceImages(JsonNode node, UnaryOperator<String> images) {
        if (node instanceof ObjectNode o) {
            if (o.get("image") instanceof TextNode t) {
                o.put("image", images.apply(t.asText()));
            }
            o.elements().forEachRemaining(child -> replaceImages(child, images));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> replaceImages(child, images));
        }
    }

    /** The example's workload (the last document of the file: statefulset.yaml starts with its Service). */
    private static ObjectNode example(String name) throws IOException {
        try (InputStream in = AdmissionTest.class.getResourceAsStream("/admission/examples/" + name);
                JsonParser parser = YAML.getFactory().createParser(in)) {
            MappingIterator<ObjectNode> docs = YAML.readValues(parser, ObjectNode.class);
            List<ObjectNode> all = docs.readAll();
            return all.get(all.size() - 1);
        }
    }

    private static String resource(String name) {
        try (InputStream in = AdmissionTest.class.getResourceAsStream("/admission/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
