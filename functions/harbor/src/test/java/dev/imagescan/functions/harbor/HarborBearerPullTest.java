package dev.imagescan.functions.harbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagescan.assess.Assessor;
import dev.imagescan.cache.InMemoryLayerCache;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.policy.Policy;
import dev.imagescan.registry.RegistryAllowList;
import dev.imagescan.report.Finding;
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
import dev.imagescan.store.RegistryLogins;
import dev.imagescan.store.ScanJob;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.aws.LocalSecretsManager;
import dev.imagescan.testing.registry.LocalRegistry;
import dev.imagescan.testing.registry.Skopeo;
import dev.imagescan.testing.registry.TokenIssuer;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * Harbor passing {@code Bearer <token>} as the registry authorization: the token its registry's token service
 * issued for the scan job (pull on the artifact's repository). Against a real registry that accepts only tokens of
 * its token service ({@link TokenIssuer}), the scan service pulls with that token as it is, never asking the token
 * service (as Harbor's Trivy adapter hands it to Trivy as {@code --registry-token}), and the reports Harbor then
 * fetches are the image's; a token for another repository fails the scan, and Harbor reads the registry's refusal.
 */
class HarborBearerPullTest {
    private static final Path ALPINE = Corpus.image("alpine-3.20.3.oci.tar");
    private static final String ROBOT = "robot$library+scanner-1";
    private static final String ROBOT_SECRET = "pull-0123456789";
    private static final String SECRET = "harbor:adapter-secret-42";
    private static final String REQUEST_TYPE = "application/vnd.scanner.adapter.scan.request+json; version=1.1";

    @TempDir
    static Path dir;
    private static TokenIssuer issuer;
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
        issuer = new TokenIssuer(ROBOT, ROBOT_SECRET, false);
        registry = LocalRegistry.token(Files.createDirectories(dir.resolve("registry")), issuer);
        Skopeo.copy("oci-archive:" + ALPINE, "docker://" + registry.host() + "/library/alpine:3.20.3", "--format",
                "oci", "--dest-creds", ROBOT + ":" + ROBOT_SECRET);
        digest = new ImageScanner(ScanOptions.defaults()).scan(ALPINE).image().manifestDigest();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    @Test
    void theScanPullsWithHarborsRegistryTokenAsItIs() throws IOException {
        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET)) {
            HarborClient harbor = new HarborClient(adapter(secrets), "Bearer " + SECRET);
            String token = issuer.token("library/alpine", "pull");
            HarborClient.Response accepted = harbor.post("/api/v1/scan", REQUEST_TYPE, scanRequest("Bearer " + token));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            String id = accepted.json().path("id").asText();
            ScanJob job = takeJob();
            assertThat(job.authorization()).isEqualTo("Bearer " + token);
            assertThat(harbor.log.toString()).doesNotContain(token);

            int issued = issuer.issued();
            JobOutcome outcome = runScan(job);
            assertThat(outcome.status()).as(outcome.message()).isEqualTo(JobOutcome.Status.DONE);
            assertThat(issuer.issued()).as("the token is used as Harbor gave it, not exchanged").isEqualTo(issued);

            HarborClient.Response report = harbor.get("/api/v1/scan/" + id + "/report",
                    Map.of("accept", HarborMediaTypes.SECURITY_REPORT), Map.of());
            assertThat(report.status()).as(report.body()).isEqualTo(200);
            String schema = HarborSpec.responseSchema("/scan/{scan_request_id}/report", "get", 200,
                    report.header("Content-Type"));
            assertThat(HarborSpec.problems(schema, report.body())).isEmpty();
            List<String> expected = new Assessor(Clock.systemUTC()).assess(new ImageScanner(ScanOptions.defaults())
                    .scan(ALPINE), BundledDatabase.load(), ReportFilter.ALL, Policy.defaults()).report().findings()
                    .stream().map(Finding::id).toList();
            JsonNode items = report.json().path("vulnerabilities");
            assertThat(items.findValuesAsText("id")).as("the pulled image's findings").isNotEmpty()
                    .isEqualTo(expected);
            assertThat(report.json().at("/artifact/digest").asText()).isEqualTo(digest);
        }
    }

    @Test
    void aTokenWithoutPullOnTheRepositoryFailsTheScanWithTheRegistrysRefusal() throws IOException {
        try (LocalSecretsManager secrets = new LocalSecretsManager(SECRET)) {
            HarborClient harbor = new HarborClient(adapter(secrets), "Bearer " + SECRET);
            String otherRepository = issuer.token("library/busybox", "pull");
            String id = harbor.post("/api/v1/scan", REQUEST_TYPE, scanRequest("Bearer " + otherRepository)).json()
                    .path("id").asText();

            JobOutcome outcome = runScan(takeJob());
            assertThat(outcome.status()).as(outcome.message()).isNotIn(JobOutcome.Status.DONE,
                    JobOutcome.Status.SKIPPED);

            HarborClient.Response failed = harbor.get("/api/v1/scan/" + id + "/report");
            assertThat(failed.status()).as(failed.body()).isEqualTo(500);
            assertThat(HarborSpec.problems("ErrorResponse", failed.body())).isEmpty();
            assertThat(failed.json().at("/error/message").asText()).contains("rejected the credentials")
                    .doesNotContain(otherRepository);
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
        return "{\"registry\":{\"url\":\"http://" + registry.host() + "\",\"authorization\":\"" + authorization
                + "\"},\"artifact\":{\"repository\":\"library/alpine\",\"digest\":\"" + digest + "\","
                + "\"tag\":\"3.20.3\",\"mime_type\":\"application/vnd.oci.image.manifest.v1+json\"},"
                + "\"enabled_capabilities\":[{\"type\":\"vulnerability\",\"produces_mime_types\":"
                + "[\"application/vnd.security.vulnerability.report; version=1.1\"]}]}";
    }

    private ScanJob takeJob() {
        List<Message> messages = stack.aws().sqs().receiveMessage(b -> b.queueUrl(stack.queueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        for (Message m : messages) {
            stack.aws().sqs().deleteMessage(b -> b.queueUrl(stack.queueUrl()).receiptHandle(m.receiptHandle()));
        }
        assertThat(messages).hasSize(1);
        return ScanJob.fromJson(messages.get(0).body());
    }

    /** Runs the job through the scan service, as the scan function does: the image pulled with the job's token. */
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
}
