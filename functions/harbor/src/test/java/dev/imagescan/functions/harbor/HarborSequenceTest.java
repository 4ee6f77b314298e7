package dev.imagescan.functions.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.assess.Assessment;
import dev.imagescan.assess.Assessor;
import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.policy.Policy;
import dev.imagescan.registry.CredentialSource;
import dev.imagescan.registry.Credentials;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.registry.RegistryClient;
import dev.imagescan.registry.RegistryOptions;
import dev.imagescan.report.Finding;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.Delivery;
import dev.imagescan.service.JobOutcome;
import dev.imagescan.service.PolicyService;
import dev.imagescan.service.RegistryAccess;
import dev.imagescan.service.ScanService;
import dev.imagescan.service.VerdictService;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.RegistryLogins;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.aws.LocalSecretsManager;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Harbor's sequence through the real handler: metadata → scan → poll → report, on the local S3, DynamoDB and SQS
 * servers, the secret read by the SDK's Secrets Manager client from a local endpoint, and a real registry
 * (Distribution, basic auth) holding Alpine 3.20.3 pushed by skopeo. Every answer is validated against the spec's
 * schemas.
 *
 * <p>The scan itself: the job taken off the scan queue is run by the real scan service (what the scan function
 * calls), which pulls the image the job names with the credentials the job carries; the expected findings come from
 * the test's own pull and assessment with the library ({@link RegistryClient}, {@link Assessor}).
 */
class HarborSequenceTest {
    private static final Path ALPINE = Corpus.image("alpine-3.20.3.oci.tar");
    private static final String ROBOT = "robot-library-scanner";
    private static final String ROBOT_SECRET = "pull-0123456789";
    private static final String SECRET = "harbor:adapter-secret-42";

    @TempDir
    static Path dir;
    private static LocalRegistry registry;
    private static String digest;

    private final LocalStack stack = new LocalStack();
    private final FunctionContext context = stack.context();

    @BeforeAll
    static void pushAlpine() throws IOException {
        Optional<String> missing = LocalRegistry.unavailable();
        if (missing.isPresent() && System.getenv("CI") != null) {
            fail(missing.get() + "; CI installs it (.ci/run)");
        }
        Assumptions.assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
        registry = LocalRegistry.basic(Files.createDirectories(dir.resolve("registry")), ROBOT, ROBOT_SECRET);
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/library/alpine:3.20.3", "--format",
                "oci", "--dest-creds", ROBOT + ":" + ROBOT_SECRET);
        try (RegistryClient client = new RegistryClient(robotOptions())) {
            digest = client.resolve(ImageReference.parse(registry.host() + "/library/alpine:3.20.3")).digest()
                    .toString();
        }
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static RegistryOptions robotOptions() {
        return RegistryOptions.defaults().withCredentials(CredentialSource.of(registry.host(),
                new Credentials(ROBOT, ROBOT_SECRET)));
    }

    @Test
    void metadataThenScanThenPollThenEveryReportType() throws IOException {
        String updated = context.store().put(StoreKeys.VULNDB_CURRENT,
                "vulndb/sha256:1/vulndb.bin".getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
        ObjectInfo current = context.store().head(StoreKeys.VULNDB_CURRENT).orElseThrow();
        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET)) {
            HarborClient harbor = new HarborClient(adapter(secrets), "Bearer " + SECRET);

            // 1. metadata
            HarborClient.Response metadata = harbor.get("/api/v1/metadata");
            assertThat(metadata.status()).isEqualTo(200);
            assertThat(metadata.header("Content-Type")).isEqualTo(HarborMediaTypes.METADATA);
            assertValid(metadata, "/metadata", "get", 200);
            JsonNode m = metadata.json();
            assertThat(m.path("scanner").path("name").asText()).isEqualTo("imagescan");
            assertThat(m.path("capabilities").findValuesAsText("type")).containsExactly("vulnerability", "sbom");
            assertThat(m.path("capabilities").get(0).path("produces_mime_types").toString())
                    .contains(HarborMediaTypes.SECURITY_REPORT).contains(HarborMediaTypes.HARBOR_REPORT);
            assertThat(m.at("/capabilities/1/additional_attributes/sbom_media_types/0").asText())
                    .isEqualTo(HarborMediaTypes.CYCLONEDX);
            assertThat(m.at("/capabilities/1/additional_attributes/sbom_media_types/1").asText())
                    .isEqualTo(HarborMediaTypes.SPDX);
            assertThat(m.path("properties").path(ScannerMetadata.DATABASE_UPDATED_AT).asText())
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(current.lastModified()));
            assertThat(updated).isNotEmpty();

            // 2. the scan request, as Harbor 2.11 sends it
            String robotAuth = "Basic " + Base64.getEncoder().encodeToString((ROBOT + ":" + ROBOT_SECRET)
                    .getBytes(StandardCharsets.UTF_8));
            HarborClient.Response accepted = harbor.post("/api/v1/scan",
                    "application/vnd.scanner.adapter.scan.request+json; version=1.1", scanRequest(robotAuth));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            assertThat(accepted.header("Content-Type")).isEqualTo(HarborMediaTypes.SCAN_RESPONSE);
            assertValid(accepted, "/scan", "post", 202);
            String id = accepted.json().path("id").asText();

            // the job on the scan queue carries the reference and Harbor's credentials; nothing stored does
            ScanJob job = takeJob();
            assertThat(job.scanId()).isEqualTo(id);
            assertThat(job.imageDigest()).isEqualTo(digest);
            assertThat(job.image()).isEqualTo(registry.host() + "/library/alpine@" + digest);
            assertThat(job.authorization()).isEqualTo(robotAuth);
            String stored = new String(context.store().get(HarborScans.PREFIX + id + ".json").readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(stored).contains("library/alpine").doesNotContain(ROBOT_SECRET)
                    .doesNotContain(robotAuth.substring(6));
            assertThat(harbor.log.toString(StandardCharsets.UTF_8)).doesNotContain(robotAuth.substring(6))
                    .doesNotContain(SECRET);

            // 3. poll while queued: 302 with Refresh-After
            HarborClient.Response pending = harbor.get("/api/v1/scan/" + id + "/report",
                    Map.of("accept", HarborMediaTypes.SECURITY_REPORT), Map.of());
            assertThat(pending.status()).isEqualTo(302);
            assertThat(pending.header("Refresh-After")).isEqualTo("10");

            // the scan, by the scan service as the scan function runs it; the expected findings by the library
            Assessment assessment = scan(job);
            JobOutcome outcome = runScan(job);
            assertThat(outcome.status()).as(outcome.message()).isEqualTo(JobOutcome.Status.DONE);

            // 4. the reports
            for (String type : List.of(HarborMediaTypes.SECURITY_REPORT, HarborMediaTypes.HARBOR_REPORT)) {
                HarborClient.Response report = harbor.get("/api/v1/scan/" + id + "/report",
                        Map.of("accept", type), Map.of());
                assertThat(report.status()).as(report.body()).isEqualTo(200);
                assertThat(report.header("Content-Type")).isEqualTo(type);
                assertValid(report, "/scan/{scan_request_id}/report", "get", 200);
                checkVulnerabilities(report.json(), assessment);
            }
            HarborClient.Response byDefault = harbor.get("/api/v1/scan/" + id + "/report");
            assertThat(byDefault.header("Content-Type")).isEqualTo(HarborMediaTypes.SECURITY_REPORT);

            HarborClient.Response raw = harbor.get("/api/v1/scan/" + id + "/report",
                    Map.of("accept", HarborMediaTypes.RAW_REPORT), Map.of());
            assertThat(raw.status()).isEqualTo(200);
            assertThat(raw.json().path("findings").size()).isEqualTo(assessment.report().findings().size());

            HarborClient.Response sbom = harbor.get("/api/v1/scan/" + id + "/report",
                    Map.of("accept", HarborMediaTypes.SBOM_REPORT),
                    Map.of("sbom_media_type", HarborMediaTypes.CYCLONEDX));
            assertThat(sbom.status()).as(sbom.body()).isEqualTo(200);
            assertValid(sbom, "/scan/{scan_request_id}/report", "get", 200);
            JsonNode s = sbom.json();
            assertThat(s.path("media_type").asText()).isEqualTo(HarborMediaTypes.CYCLONEDX);
            assertThat(s.path("artifact").path("digest").asText()).isEqualTo(digest);
            assertThat(s.path("sbom").path("bomFormat").asText()).isEqualTo("CycloneDX");
            assertThat(s.path("sbom").path("components").findValuesAsText("name")).contains("musl", "busybox");

            HarborClient.Response spdx = harbor.get("/api/v1/scan/" + id + "/report",
                    Map.of("accept", HarborMediaTypes.SBOM_REPORT), Map.of("sbom_media_type", HarborMediaTypes.SPDX));
            assertThat(spdx.status()).as(spdx.body()).isEqualTo(200);
            assertThat(spdx.header("Content-Type")).isEqualTo(HarborMediaTypes.SBOM_REPORT);
            assertValid(spdx, "/scan/{scan_request_id}/report", "get", 200);
            JsonNode sp = spdx.json();
            assertThat(sp.path("media_type").asText()).isEqualTo(HarborMediaTypes.SPDX);
            assertThat(sp.path("artifact").path("digest").asText()).isEqualTo(digest);
            assertThat(JsonSchemas.spdx23Problems(sp.path("sbom"))).isEmpty();
            assertThat(sp.at("/sbom/spdxVersion").asText()).isEqualTo("SPDX-2.3");
            assertThat(sp.at("/sbom/documentNamespace").asText()).contains(digest.replace(':', '-'));
            assertThat(sp.at("/sbom/packages").findValuesAsText("name")).contains("musl", "busybox");
            assertThat(sp.at("/sbom/packages").size())
                    .isEqualTo(assessment.report().inventory().packages().size() + 2);
            assertThat(sp.at("/sbom/packages/0/externalRefs/0/referenceLocator").asText())
                    .startsWith("pkg:oci/alpine@" + digest.replace(":", "%3A") + "?repository_url=");
            assertThat(secrets.reads()).as("the secret is read once").isEqualTo(1);
        }
    }

    @Test
    void harborsMistakesGetTheSpecsErrorBodies() {
        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET)) {
            HarborAdapter adapter = adapter(secrets);
            HarborClient harbor = new HarborClient(adapter, "Basic " + Base64.getEncoder()
                    .encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)));
            assertThat(harbor.get("/api/v1/metadata").status()).as("Basic with user:password").isEqualTo(200);
            for (String wrong : new String[] {null, "Bearer nope", "Basic !!!", "Digest x", "Bearer"}) {
                HarborClient.Response r = new HarborClient(adapter, wrong).get("/api/v1/metadata");
                assertThat(r.status()).as(wrong).isEqualTo(401);
                assertThat(r.header("WWW-Authenticate")).contains("Bearer").contains("Basic");
                assertThat(HarborSpec.problems("ErrorResponse", r.body())).isEmpty();
            }
            String type = "application/vnd.scanner.adapter.scan.request+json; version=1.0";
            Map<String, Integer> bodies = Map.of(
                    "not json", 400,
                    "[1]", 400,
                    "{\"registry\":{\"url\":\"https://" + registry.host() + "\"}}", 422,
                    scanRequest(null).replace(digest, "sha256:abc"), 422,
                    scanRequest(null).replace(registry.host(), "evil.example.com"), 422,
                    scanRequest(null).replace("\"library/alpine\"", "\"Library/../x\""), 422,
                    scanRequest("Negotiate abc"), 422,
                    scanRequest(null).replace("application/vnd.oci.image.manifest.v1+json",
                            "application/vnd.cncf.helm.config.v1+json"), 501,
                    scanRequest(null).replace("\"application/vnd.cyclonedx+json\"", "\"text/spdx\""), 501);
            bodies.forEach((body, status) -> {
                HarborClient.Response r = harbor.post("/api/v1/scan", type, body);
                assertThat(r.status()).as(body + " → " + r.body()).isEqualTo(status);
                assertThat(r.header("Content-Type")).isEqualTo(HarborMediaTypes.ERROR);
                assertThat(HarborSpec.problems("ErrorResponse", r.body())).isEmpty();
                assertThat(r.json().path("error").path("message").asText()).isNotBlank();
            });
            assertThat(takeJobs()).as("no job for a refused request").isEmpty();

            String unknown = "/api/v1/scan/3fa85f64-5717-4562-b3fc-2c963f66afa6/report";
            assertThat(harbor.get(unknown).status()).isEqualTo(404);
            assertThat(harbor.get("/api/v1/scan/../../x/report").status()).isEqualTo(404);
            assertThat(harbor.get("/api/v1/scan").status()).isEqualTo(405);
            assertThat(harbor.get("/api/v2/metadata").status()).isEqualTo(404);

            String id = harbor.post("/api/v1/scan", type, scanRequest(null)).json().path("id").asText();
            String path = "/api/v1/scan/" + id + "/report";
            assertThat(harbor.get(path, Map.of("accept", "text/html"), Map.of()).status()).isEqualTo(501);
            assertThat(harbor.get(path, Map.of("accept", HarborMediaTypes.SBOM_REPORT), Map.of()).status())
                    .isEqualTo(400);
            assertThat(harbor.get(path, Map.of("accept", HarborMediaTypes.SBOM_REPORT),
                    Map.of("sbom_media_type", "text/spdx")).status()).isEqualTo(400);

            context.table().scans().fail(id, "image library/alpine: the registry answered 401");
            HarborClient.Response failed = harbor.get(path);
            assertThat(failed.status()).isEqualTo(500);
            assertThat(HarborSpec.problems("ErrorResponse", failed.body())).isEmpty();
            assertThat(failed.json().path("error").path("message").asText()).contains("answered 401");
        }
    }

    private HarborAdapter adapter(LocalSecretsManager secrets) {
        Map<String, String> env = Map.of(SecretsManagerSecret.SECRET_ID, LocalSecretsManager.SECRET_ID,
                SecretsManagerSecret.ENDPOINT, secrets.endpoint().toString());
        AdapterSecret secret = SecretsManagerSecret.fromEnvironment(env, Region.of(stack.aws().region()),
                stack.aws().credentials());
        return new HarborAdapter(secret, RegistryPolicy.of(Set.of(registry.host())), context.store(),
                context.table(), context.queue());
    }

    private static String scanRequest(String authorization) {
        return "{\"registry\":{\"url\":\"http://" + registry.host() + "\""
                + (authorization == null ? "" : ",\"authorization\":\"" + authorization + "\"") + "},"
                + "\"artifact\":{\"repository\":\"library/alpine\",\"digest\":\"" + digest + "\","
                + "\"tag\":\"3.20.3\",\"mime_type\":\"application/vnd.oci.image.manifest.v1+json\"},"
                + "\"enabled_capabilities\":[{\"type\":\"vulnerability\",\"produces_mime_types\":"
                + "[\"application/vnd.security.vulnerability.report; version=1.1\"]},{\"type\":\"sbom\","
                + "\"produces_mime_types\":[\"application/vnd.security.sbom.report+json; version=1.0\"],"
                + "\"parameters\":{\"sbom_media_types\":[\"application/vnd.cyclonedx+json\","
                + "\"application/spdx+json\"]}}]}";
    }

    private List<ScanJob> takeJobs() {
        List<Message> messages = stack.aws().sqs().receiveMessage(b -> b.queueUrl(stack.queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        for (Message m : messages) {
            stack.aws().sqs().deleteMessage(b -> b.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle()));
        }
        return messages.stream().map(m -> ScanJob.fromJson(m.body())).toList();
    }

    private ScanJob takeJob() {
        List<ScanJob> jobs = takeJobs();
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    /** Pulls the job's image with the job's credentials and assesses it: what the scan function will do. */
    private Assessment scan(ScanJob job) {
        String[] user = new String(Base64.getDecoder().decode(job.authorization().substring("Basic ".length())),
                StandardCharsets.UTF_8).split(":", 2);
        ImageReference ref = ImageReference.parse(job.image());
        RegistryOptions options = RegistryOptions.defaults().withCredentials(CredentialSource.of(ref.registry(),
                new Credentials(user[0], user[1])));
        Inventory inventory;
        try (RegistryClient client = new RegistryClient(options)) {
            inventory = new ImageScanner(ScanOptions.defaults()).scan(client.image(ref));
        }
        assertThat(inventory.image().manifestDigest()).isEqualTo(job.imageDigest());
        VulnDatabase db = BundledDatabase.load();
        return new Assessor(Clock.systemUTC()).assess(inventory, db, ReportFilter.ALL, Policy.defaults());
    }

    /** Runs the job through the scan service over the same stores: the image pulled with the job's credentials. */
    private JobOutcome runScan(ScanJob job) {
        Clock clock = Clock.systemUTC();
        VulnDatabase db = BundledDatabase.load();
        PolicyService policy = new PolicyService(context.policies(), Duration.ZERO, clock);
        ScanService service = new ScanService(context.store(), context.table(), () -> db, ScanOptions.defaults(),
                new InMemoryLayerCache(), clock, Duration.ofMinutes(15),
                new VerdictService(context.store(), context.table().images(), policy, clock), CompletionQueue.NONE,
                RegistryAccess.of(RegistryAllowList.parse(registry.host()), RegistryLogins.NONE));
        return service.run(job, new Delivery(1, 3, clock.instant().plus(Duration.ofMinutes(15)),
                Duration.ofMinutes(15)));
    }

    private static void checkVulnerabilities(JsonNode report, Assessment assessment) {
        List<Finding> findings = assessment.report().findings();
        assertThat(findings).isNotEmpty();
        JsonNode items = report.path("vulnerabilities");
        assertThat(items.size()).isEqualTo(findings.size());
        assertThat(report.path("artifact").path("repository").asText()).isEqualTo("library/alpine");
        assertThat(report.path("artifact").path("tag").asText()).isEqualTo("3.20.3");
        String top = "Unknown";
        List<String> order = List.of("Unknown", "Negligible", "Low", "Medium", "High", "Critical");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            JsonNode item = items.get(i);
            assertThat(item.path("id").asText()).isEqualTo(f.id());
            assertThat(item.path("package").asText()).isEqualTo(f.pkg().name());
            assertThat(item.path("version").asText()).isEqualTo(f.pkg().version());
            assertThat(item.path("fix_version").asText(null)).isEqualTo(f.fixedVersion());
            String severity = item.path("severity").asText();
            String expected = switch (f.severity().level()) {
                case HIGH -> severity.equals("Critical") ? "Critical" : "High";
                case MEDIUM -> "Medium";
                case LOW -> severity.equals("Negligible") ? "Negligible" : "Low";
                case UNKNOWN -> "Unknown";
            };
            assertThat(severity).as(f.id()).isEqualTo(expected);
            top = order.indexOf(severity) > order.indexOf(top) ? severity : top;
            assertThat(item.path("layer").path("diff_id").asText())
                    .isEqualTo(assessment.report().inventory().image().layers().get(0).diffId());
            assertThat(item.path("layer").path("digest").asText())
                    .isEqualTo(assessment.report().inventory().image().layers().get(0).digest());
            if (f.severity().cvss() != null) {
                assertThat(item.path("vendor_attributes").path("CVSS").toString())
                        .contains(f.severity().cvss().vector());
            }
        }
        assertThat(report.path("severity").asText()).isEqualTo(top);
        assertThat(items.findValues("preferred_cvss")).as("CVSS carried").isNotEmpty();
        assertThat(items.findValuesAsText("fix_version")).as("fixed versions carried").isNotEmpty();
    }

    private static void assertValid(HarborClient.Response response, String path, String method, int status) {
        String schema = HarborSpec.responseSchema(path, method, status, response.header("Content-Type"));
        assertThat(HarborSpec.problems(schema, response.body())).as(schema + ": " + response.body()).isEmpty();
    }
}
