package dev.imagescan.functions.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.testing.CountingObjectStore;
import dev.imagescan.functions.testing.FailingObjectStore;
import dev.imagescan.functions.testing.SqsEventSource;
import dev.imagescan.report.Finding;
import dev.imagescan.report.JsonReportReader;
import dev.imagescan.report.JsonSchemas;
import dev.imagescan.report.Severity;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.service.Delivery;
import dev.imagescan.service.JobOutcome;
import dev.imagescan.service.PublishEvents;
import dev.imagescan.service.PublishService;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ObjectInfo;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.EventBridgeEventBus;
import dev.imagescan.testing.aws.LocalEventBus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The publish function end to end against real S3, DynamoDB, SQS and EventBridge APIs (LocalStack, or S3Proxy,
 * dynalite, ElasticMQ and LocalEventBus): real scans give the reports, messages go through the queue, the handler is
 * invoked the way Lambda's SQS event source mapping does.
 */
class PublishFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FILES = List.of("report.json", "report.sarif", "report.cdx.json",
            "report.html");

    private final PublishFixture fixture = new PublishFixture();

    @Test
    void aCompletedScanIsPublishedInFourFormatsUnderTheScanAndAsTheLatest() throws IOException {
        ScanCompleted m = fixture.scanPushed(null, "BLOCKED", null);
        fixture.send(m);

        assertThat(fixture.stack.eventSource().drain(handler(fixture.context()), PublishFixture.DRAIN)).isTrue();

        String digest = m.imageDigest();
        byte[] stored = fixture.read(m.reportKey());
        for (String file : FILES) {
            byte[] published = fixture.read(StoreKeys.scanReport(digest, m.scanId(), file));
            assertThat(fixture.read(StoreKeys.latestReport(digest, file))).as(file).isEqualTo(published);
            assertThat(published).as(file).isNotEmpty();
        }
        assertThat(fixture.read(StoreKeys.scanReport(digest, m.scanId(), "report.json"))).as("verbatim")
                .isEqualTo(stored);
        assertThat(fixture.contentType(StoreKeys.scanReport(digest, m.scanId(), "report.json")))
                .startsWith("application/json");
        assertThat(fixture.contentType(StoreKeys.scanReport(digest, m.scanId(), "report.sarif")))
                .startsWith("application/sarif+json");
        assertThat(fixture.contentType(StoreKeys.latestReport(digest, "report.cdx.json")))
                .startsWith("application/vnd.cyclonedx+json");
        assertThat(fixture.contentType(StoreKeys.latestReport(digest, "report.html"))).startsWith("text/html");

        JsonNode sarif = JSON.readTree(fixture.read(StoreKeys.scanReport(digest, m.scanId(), "report.sarif")));
        assertThat(JsonSchemas.sarifProblems(sarif)).isEmpty();
        JsonNode cdx = JSON.readTree(fixture.read(StoreKeys.scanReport(digest, m.scanId(), "report.cdx.json")));
        assertThat(cdx.path("specVersion").asText()).isEqualTo("1.5");
        assertThat(JsonSchemas.cycloneDx15Problems(cdx)).isEmpty();
        VulnerabilityReport report = new JsonReportReader().read(new ByteArrayInputStream(stored));
        assertThat(sarif.at("/runs/0/results").size()).isEqualTo(report.findings().size());
        assertThat(cdx.path("vulnerabilities").size()).isPositive();
        assertThat(new String(fixture.read(StoreKeys.latestReport(digest, "report.html")), StandardCharsets.UTF_8))
                .contains("<html").contains(report.findings().get(0).id());

        List<LocalEventBus.Entry> events = fixture.events();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("imagescan");
            assertThat(e.detailType()).isEqualTo("ECR Image Scan");
            assertThat(e.resources()).containsExactly("arn:aws:s3:::" + fixture.stack.bucket() + "/"
                    + StoreKeys.scanReport(digest, m.scanId(), "report.json"));
        });
        JsonNode detail = JSON.readTree(events.get(0).detail());
        ImageRecord image = fixture.context().table().images().get(digest).orElseThrow();
        assertThat(detail.path("scan-status").asText()).isEqualTo("COMPLETE");
        assertThat(detail.path("image-digest").asText()).isEqualTo(digest);
        assertThat(detail.path("repository-name").isNull()).as("the OCI archive names no repository").isTrue();
        assertThat(detail.path("image-tags").isArray()).isTrue();
        assertThat(detail.at("/finding-severity-counts/HIGH").asInt()).isEqualTo(image.counts().high()).isPositive();
        assertThat(detail.at("/finding-severity-counts/MEDIUM").asInt()).isEqualTo(image.counts().medium());
        assertThat(detail.at("/finding-severity-counts/UNDEFINED").asInt(0)).isEqualTo(image.counts().unknown());
        assertThat(detail.path("scan-id").asText()).isEqualTo(m.scanId());
        assertThat(detail.path("trigger").asText()).isEqualTo("PUSH");
        assertThat(detail.path("verdict").asText()).isEqualTo("BLOCKED");
        assertThat(detail.path("policy-version").asText()).isEqualTo("3");
        assertThat(detail.path("database-version").asText()).isEqualTo(m.dbVersion());
        assertThat(detail.path("coverage").asText()).isEqualTo("COVERED");
        assertThat(detail.at("/reports/sarif").asText()).isEqualTo("s3://" + fixture.stack.bucket() + "/"
                + StoreKeys.scanReport(digest, m.scanId(), "report.sarif"));

        JsonNode marker = JSON.readTree(fixture.read(StoreKeys.publishedMarker(digest, m.scanId())));
        assertThat(marker.path("latest").asBoolean()).isTrue();
        assertThat(marker.at("/events/0/eventId").asText()).isEqualTo(events.get(0).eventId());
        assertThat(marker.at("/events/0/detailType").asText()).isEqualTo("ECR Image Scan");
        assertThat(marker.path("newVulnerabilities").asInt()).as("a first scan is not compared").isEqualTo(-1);
        assertThat(fixture.stack.deadLetters()).isZero();
    }

    @Test
    void whatTheScanSideSendsIsPublishedWithItsVerdict() throws IOException {
        JobOutcome outcome = fixture.scanPushedAnnounced();
        assertThat(outcome.status()).isEqualTo(JobOutcome.Status.DONE);

        assertThat(fixture.stack.eventSource().drain(handler(fixture.context()), PublishFixture.DRAIN)).isTrue();

        String digest = outcome.imageDigest();
        ImageRecord image = fixture.context().table().images().get(digest).orElseThrow();
        assertThat(image.verdict()).as("the default policy: a High with a fix blocks").isEqualTo("BLOCKED");
        for (String file : FILES) {
            assertThat(fixture.read(StoreKeys.scanReport(digest, outcome.scanId(), file))).as(file)
                    .isEqualTo(fixture.read(StoreKeys.latestReport(digest, file)));
        }
        assertThat(fixture.read(StoreKeys.latestReport(digest, "report.json")))
                .isEqualTo(fixture.read(StoreKeys.imageReport(digest, image.dbVersion())));
        assertThat(fixture.read(StoreKeys.latestReport(digest, PublishService.VERDICT)))
                .isEqualTo(fixture.read(StoreKeys.imageVerdict(digest)));
        JsonNode detail = JSON.readTree(fixture.events().get(0).detail());
        assertThat(fixture.events()).hasSize(1);
        assertThat(detail.path("scan-id").asText()).isEqualTo(outcome.scanId());
        assertThat(detail.path("verdict").asText()).isEqualTo("BLOCKED");
        assertThat(detail.path("policy-version").asText()).isEqualTo(image.policyVersion());
        assertThat(detail.at("/finding-severity-counts/HIGH").asInt()).isEqualTo(image.counts().high()).isPositive();
        assertThat(fixture.stack.deadLetters()).isZero();
    }

    @Test
    void theSameMessageDeliveredTwiceIsPublishedOnce() {
        CountingObjectStore[] counting = new CountingObjectStore[1];
        FunctionContext context = fixture.context().withStore(s -> counting[0] = new CountingObjectStore(s));
        ScanCompleted m = fixture.scanPushed(null, null, null);
        fixture.send(m);
        fixture.send(m);
        PublishHandler handler = handler(context);

        assertThat(fixture.stack.eventSource().drain(handler, PublishFixture.DRAIN)).isTrue();
        String key = StoreKeys.scanReport(m.imageDigest(), m.scanId(), "report.sarif");
        ObjectInfo first = context.store().head(key).orElseThrow();
        fixture.send(m);
        assertThat(fixture.stack.eventSource().drain(handler, PublishFixture.DRAIN)).isTrue();

        assertThat(counting[0].puts()).as("4 reports, 4 latest copies, the verdict's latest copy, 1 marker: once")
                .isEqualTo(10);
        assertThat(context.store().head(key).orElseThrow()).isEqualTo(first);
        assertThat(fixture.events()).hasSize(1);
    }

    @Test
    void aRescanThatFindsNewVulnerabilitiesAnnouncesThemAndAnOlderScanLeavesTheLatestAlone() throws IOException {
        fixture.useEmptyDatabase();
        ScanCompleted clean = fixture.scanPushed(null, "ALLOWED", null);
        fixture.useBundledDatabase();
        ScanCompleted rescan = fixture.rescan("rescan-1", clean, "ALLOWED");
        VulnerabilityReport report = new JsonReportReader().read(new ByteArrayInputStream(
                fixture.read(rescan.reportKey())));
        Finding high = report.findings().stream().filter(f -> f.level() == Severity.HIGH).findFirst().orElseThrow();
        fixture.send(rescan);
        assertThat(fixture.stack.eventSource().drain(handler(fixture.context()), PublishFixture.DRAIN)).isTrue();
        fixture.send(clean); // published late: an older scan than the image's latest
        assertThat(fixture.stack.eventSource().drain(handler(fixture.context()), PublishFixture.DRAIN)).isTrue();

        List<LocalEventBus.Entry> events = fixture.events();
        assertThat(events).extracting(LocalEventBus.Entry::detailType).containsExactlyInAnyOrder("ECR Image Scan",
                "ImageScan New Vulnerabilities", "ECR Image Scan");
        JsonNode added = JSON.readTree(events.stream().filter(e -> e.detailType().equals(
                PublishEvents.NEW_VULNERABILITIES)).findFirst().orElseThrow().detail());
        assertThat(added.path("count").asInt()).isEqualTo(report.findings().size());
        assertThat(added.path("omitted").asInt()).isZero();
        assertThat(added.path("scan-id").asText()).isEqualTo("rescan-1");
        assertThat(added.path("previous-report").asText()).endsWith(clean.reportKey());
        List<String> named = new ArrayList<>();
        added.path("vulnerabilities").forEach(v -> named.add(v.path("id").asText() + " " + v.path("package").asText()
                + " " + v.path("installed").asText() + " " + v.path("fixed").asText() + " "
                + v.path("severity").asText()));
        assertThat(named).contains(high.id() + " " + high.pkg().name() + " " + high.pkg().version() + " "
                + high.fixedVersion() + " High");
        assertThat(added.at("/vulnerabilities/0/severity").asText()).as("most severe first").isEqualTo("High");

        String digest = clean.imageDigest();
        assertThat(fixture.read(StoreKeys.latestReport(digest, "report.json"))).as("the latest is the re-scan's")
                .isEqualTo(fixture.read(rescan.reportKey()));
        assertThat(fixture.read(StoreKeys.scanReport(digest, clean.scanId(), "report.json")))
                .isEqualTo(fixture.read(clean.reportKey()));
        assertThat(JSON.readTree(fixture.read(StoreKeys.publishedMarker(digest, clean.scanId()))).path("latest")
                .asBoolean()).isFalse();
    }

    @Test
    void aRescanThatFindsNothingNewSaysNothingNew() {
        ScanCompleted first = fixture.scanPushed(null, null, null);
        fixture.useEmptyDatabase();
        ScanCompleted rescan = fixture.rescan("rescan-clean", first, null);
        fixture.send(rescan);
        assertThat(fixture.stack.eventSource().drain(handler(fixture.context()), PublishFixture.DRAIN)).isTrue();
        assertThat(fixture.events()).extracting(LocalEventBus.Entry::detailType).containsExactly("ECR Image Scan");
    }

    @Test
    void aVerdictChangeIsAnnouncedAndARejudgementAnnouncesOnlyThat() throws IOException {
        ScanCompleted m = fixture.scanPushed(null, "BLOCKED", "ALLOWED");
        String digest = m.imageDigest();
        fixture.send(m);
        assertThat(fixture.stack.eventSource().drain(handler(fixture.context()), PublishFixture.DRAIN)).isTrue();
        assertThat(fixture.events()).extracting(LocalEventBus.Entry::detailType)
                .containsExactlyInAnyOrder("ECR Image Scan", "ImageScan Verdict Changed");

        byte[] verdict = "{\"verdict\":\"ALLOWED\",\"policyVersion\":\"4\"}".getBytes(StandardCharsets.UTF_8);
        fixture.context().store().put(StoreKeys.imageVerdict(digest), verdict, PutOptions.JSON);
        ScanCompleted rejudged = new ScanCompleted(ScanCompleted.Kind.REJUDGED, m.scanId(), digest, m.trigger(),
                m.dbVersion(), m.reportKey(), null, "ALLOWED", "BLOCKED", "4", m.completedAt().plusSeconds(60));
        fixture.send(rejudged);
        fixture.send(rejudged);
        assertThat(fixture.stack.eventSource().drain(handler(fixture.context()), PublishFixture.DRAIN)).isTrue();

        List<LocalEventBus.Entry> verdicts = fixture.events().stream()
                .filter(e -> e.detailType().equals(PublishEvents.VERDICT_CHANGED)).toList();
        assertThat(verdicts).hasSize(2);
        JsonNode first = JSON.readTree(verdicts.stream().filter(e -> e.detail().contains("\"SCANNED\""))
                .findFirst().orElseThrow().detail());
        assertThat(first.path("verdict").asText()).isEqualTo("BLOCKED");
        assertThat(first.path("previous-verdict").asText()).isEqualTo("ALLOWED");
        assertThat(first.path("verdict-document").asText()).as("the scan stored its verdict").isEqualTo("s3://"
                + fixture.stack.bucket() + "/" + StoreKeys.latestReport(digest, "verdict.json"));
        JsonNode second = JSON.readTree(verdicts.stream().filter(e -> e.detail().contains("\"REJUDGED\""))
                .findFirst().orElseThrow().detail());
        assertThat(second.path("verdict").asText()).isEqualTo("ALLOWED");
        assertThat(second.path("previous-verdict").asText()).isEqualTo("BLOCKED");
        assertThat(second.path("policy-version").asText()).isEqualTo("4");
        assertThat(second.path("verdict-document").asText()).isEqualTo("s3://" + fixture.stack.bucket() + "/"
                + StoreKeys.latestReport(digest, "verdict.json"));
        assertThat(fixture.read(StoreKeys.latestReport(digest, "verdict.json"))).isEqualTo(verdict);
        assertThat(fixture.events()).as("only the verdict event, once").hasSize(3);
        assertThat(fixture.context().store().head(StoreKeys.verdictMarker(digest, m.scanId(),
                rejudged.completedAt().toEpochMilli()))).isPresent();
    }

    @Test
    void aMissingOrUnreadableReportFailsWithAClearReasonAndPublishesNothing() {
        ScanCompleted m = fixture.scanPushed(null, null, null);
        FunctionContext context = fixture.context();
        PublishService service = new PublishService(context.store(), context.table().images(), fixture.eventBus(),
                fixture.stack.bucket(), Clock.systemUTC());
        String otherDb = "sha256:" + "e".repeat(64);
        ScanCompleted missing = new ScanCompleted(m.kind(), "missing-1", m.imageDigest(), m.trigger(), otherDb,
                StoreKeys.imageReport(m.imageDigest(), otherDb), null, null, null, null, m.completedAt());
        ScanCompleted foreign = new ScanCompleted(m.kind(), "foreign-1", m.imageDigest(), m.trigger(), m.dbVersion(),
                StoreKeys.imageReport("sha256:" + "1".repeat(64), m.dbVersion()), null, null, null, null,
                m.completedAt());
        context.store().put(StoreKeys.imageReport(m.imageDigest(), "garbage"), "{\"schemaVersion\":1}"
                .getBytes(StandardCharsets.UTF_8), PutOptions.JSON);
        ScanCompleted garbage = new ScanCompleted(m.kind(), "garbage-1", m.imageDigest(), m.trigger(), "garbage",
                StoreKeys.imageReport(m.imageDigest(), "garbage"), null, null, null, null, m.completedAt());

        JobOutcome a = service.publish(missing, new Delivery(1, 3));
        JobOutcome b = service.publish(foreign, new Delivery(1, 3));
        JobOutcome c = service.publish(garbage, new Delivery(1, 3));

        assertThat(a.status()).isEqualTo(JobOutcome.Status.FAILED);
        assertThat(a.message()).isEqualTo("report " + missing.reportKey() + " does not exist");
        assertThat(b.status()).isEqualTo(JobOutcome.Status.FAILED);
        assertThat(b.message()).contains("is not a report of image " + m.imageDigest());
        assertThat(c.status()).isEqualTo(JobOutcome.Status.FAILED);
        assertThat(c.message()).contains("is not a readable JSON report").contains("generatedAt");
        assertThat(context.store().list(StoreKeys.REPORTS, 100, null).items()).as("nothing half-published").isEmpty();
        assertThat(fixture.events()).isEmpty();

        fixture.send(missing);
        SqsEventSource source = fixture.stack.eventSource();
        assertThat(source.pollOnce(handler(context))).isEqualTo(1);
        assertThat(source.drain(handler(context), PublishFixture.DRAIN)).as("acknowledged").isTrue();
        assertThat(source.invocations()).as("not delivered again").isEqualTo(1);
        assertThat(fixture.stack.deadLetters()).isZero();
    }

    @Test
    void aPassingStoreFailureIsABatchItemFailureAndTheRetryPublishesOnce() {
        FailingObjectStore[] failing = new FailingObjectStore[1];
        FunctionContext context = fixture.context().withStore(s -> failing[0] = new FailingObjectStore(s,
                k -> k.endsWith("/report.html"), 1));
        ScanCompleted m = fixture.scanPushed(null, null, null);
        fixture.send(m);
        PublishHandler handler = handler(context);

        SQSEvent first = new SQSEvent();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setBody(m.toJson());
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        first.setRecords(List.of(message));
        assertThat(handler.handleRequest(first, null).getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).containsExactly("m-1");
        assertThat(failing[0].failed()).isEqualTo(1);
        assertThat(context.store().head(StoreKeys.publishedMarker(m.imageDigest(), m.scanId()))).isEmpty();
        assertThat(fixture.events()).as("no event before the reports are all written").isEmpty();

        assertThat(fixture.stack.eventSource().drain(handler, PublishFixture.DRAIN)).isTrue();
        assertThat(context.store().head(StoreKeys.publishedMarker(m.imageDigest(), m.scanId()))).isPresent();
        assertThat(fixture.events()).hasSize(1);
        assertThat(fixture.stack.deadLetters()).isZero();
    }

    @Test
    void aBusThatKeepsFailingIsRetriedWithNothingMarked() {
        assumeThat(fixture.stack.aws().localEventBus()).as("failures are injected into LocalEventBus").isPresent();
        LocalEventBus local = fixture.stack.aws().localEventBus().orElseThrow();
        ScanCompleted m = fixture.scanPushed(null, null, null);
        fixture.send(m);
        PublishHandler handler = handler(fixture.context());
        SqsEventSource source = fixture.stack.eventSource();
        local.failNext(EventBridgeEventBus.SEND_ROUNDS);
        try {
            assertThat(source.pollOnce(handler)).isEqualTo(1);
        } finally {
            local.failNext(0);
        }
        assertThat(fixture.context().store().head(StoreKeys.publishedMarker(m.imageDigest(), m.scanId()))).isEmpty();
        assertThat(fixture.events()).isEmpty();

        assertThat(source.drain(handler, PublishFixture.DRAIN)).isTrue();
        assertThat(fixture.events()).hasSize(1);
        assertThat(source.invocations()).as("delivered again once").isEqualTo(2);
    }

    @Test
    void theListOfNewVulnerabilitiesIsCutToFitAnEvent() throws IOException {
        ScanCompleted m = fixture.scanPushed(null, null, null);
        VulnerabilityReport report = new JsonReportReader().read(new ByteArrayInputStream(
                fixture.read(m.reportKey())));
        Finding model = report.findings().get(0);
        List<Finding> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(new Finding("CVE-2099-" + (100000 + i), model.advisoryIds(), model.aliases(), model.pkg(),
                    model.matchedName(), model.fixedVersion(), model.severity(), model.summary(),
                    model.references(), model.command(), model.baseLayer()));
        }
        PublishEvents.Capped capped = PublishEvents.newVulnerabilities(m, new PublishEvents.Image(m.imageDigest(),
                "team/app", List.of("1.0")), many, "s3://b/r", "s3://b/p", List.of("arn:aws:s3:::b/r"));

        assertThat(capped.omitted()).isPositive().isLessThan(5000);
        assertThat(EventBridgeEventBus.entrySize(capped.event())).isLessThanOrEqualTo(PublishEvents.MAX_EVENT_BYTES);
        JsonNode detail = JSON.readTree(capped.event().detail());
        assertThat(detail.path("count").asInt()).isEqualTo(5000);
        assertThat(detail.path("vulnerabilities").size() + capped.omitted()).isEqualTo(5000);
        assertThat(fixture.eventBus().put(List.of(capped.event()))).as("the bus takes it").doesNotContainNull();
    }

    @Test
    void eventsAsLambdaDeliversThem() throws IOException {
        ScanCompleted scanned = fixture.scanPushed(null, null, null);
        SQSEvent sample = event(repoEvent("sqs-scan-completed.json"));
        ScanCompleted m = ScanCompleted.fromJson(sample.getRecords().get(0).getBody());
        // the sample names the committed alpine image: its report, as a scan stored it, under the sample's key
        assertThat(m.imageDigest()).isEqualTo(scanned.imageDigest());
        fixture.context().store().put(m.reportKey(), fixture.read(scanned.reportKey()), PutOptions.JSON);
        PublishHandler handler = handler(fixture.context());

        SQSBatchResponse published = handler.handleRequest(sample, null);
        SQSEvent malformed = event(repoEvent("sqs-scan-job.json")); // a scan job is not a scan-completed message

        assertThat(published.getBatchItemFailures()).isEmpty();
        assertThat(handler.handleRequest(malformed, null).getBatchItemFailures()).hasSize(1);
        assertThat(fixture.context().store().head(StoreKeys.publishedMarker(m.imageDigest(), m.scanId())))
                .isPresent();
        assertThat(fixture.events()).extracting(LocalEventBus.Entry::detailType)
                .containsExactlyInAnyOrder("ECR Image Scan", "ImageScan Verdict Changed");
    }

    private PublishHandler handler(FunctionContext context) {
        return new PublishHandler(context, fixture.eventBus());
    }

    /** A sample event of the repository's events/ directory (what {@code sam local invoke -e} uses). */
    static URL repoEvent(String name) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir.resolve("events").resolve(name).toUri().toURL();
            }
        }
        throw new IllegalStateException("events/ not found above " + Path.of("").toAbsolutePath());
    }

    private static SQSEvent event(URL resource) throws IOException {
        try (InputStream in = resource.openStream()) {
            return LambdaEventSerializers.serializerFor(SQSEvent.class, PublishFunctionTest.class.getClassLoader())
                    .fromJson(in);
        }
    }
}
