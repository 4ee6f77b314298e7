package dev.imagescan.functions.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.imagescan.ScanStats;
import dev.imagescan.corpus.Corpus;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.testing.CountingObjectStore;
import dev.imagescan.functions.testing.FailingObjectStore;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.report.JsonInventoryReader;
import dev.imagescan.service.ScanService;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.Databases;
import dev.imagescan.vulndb.BundledDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan function end to end against real S3, DynamoDB and SQS APIs (LocalStack or S3Proxy, dynalite and ElasticMQ):
 * messages go through the queue, the handler is invoked the way Lambda's SQS event source mapping does.
 */
class ScanFunctionTest {
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final String ALPINE = "alpine-3.20.3.oci.tar";

    private final LocalStack stack = new LocalStack();
    private final ScanStats stats = new ScanStats();
    @TempDir
    Path temp;

    @Test
    void aPushedArchiveIsScannedAndItsResultsStored() throws IOException {
        FunctionContext context = stack.context();
        String etag = stack.push("incoming/alpine.tar", Corpus.image(ALPINE));

        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        ScanRecord scan = context.table().scans().get(ScanService.pushScanId("incoming/alpine.tar", etag)).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.trigger()).isEqualTo(ScanTrigger.PUSH);
        assertThat(scan.attempts()).isEqualTo(1);
        String digest = scan.imageDigest();
        String dbVersion = BundledDatabase.load().info().digest();
        assertThat(scan.dbVersion()).isEqualTo(dbVersion);

        ImageRecord image = context.table().images().get(digest).orElseThrow();
        assertThat(image.sourceKey()).isEqualTo("incoming/alpine.tar");
        assertThat(image.lastScanId()).isEqualTo(scan.scanId());
        assertThat(image.dbVersion()).isEqualTo(dbVersion);
        assertThat(image.counts().total()).isPositive();
        assertThat(image.firstScanAt()).isNotNull();

        try (InputStream in = context.store().get(StoreKeys.imageInventory(digest))) {
            assertThat(new JsonInventoryReader().read(in).packages()).hasSize(14);
        }
        String report = read(context, StoreKeys.imageReport(digest, dbVersion));
        assertThat(report).contains("\"schemaVersion\"").contains("\"High\"");
        assertThat(stats.layersRead()).hasSize(1);
        assertThat(stack.deadLetters()).isZero();
    }

    @Test
    void theSameNotificationTwiceIsOneScanAndTheSameImageElsewhereIsNotReadAgain() {
        FunctionContext context = stack.context();
        String etag = stack.push("incoming/alpine.tar", Corpus.image(ALPINE));
        stack.notify("incoming/alpine.tar", 1, etag);
        ScanHandler handler = new ScanHandler(context, stats);
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();

        ScanRecord scan = context.table().scans().get(ScanService.pushScanId("incoming/alpine.tar", etag)).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.attempts()).isEqualTo(1);
        assertThat(stats.layersRead()).hasSize(1);

        String copyEtag = stack.push("incoming/copy-of-alpine.tar", Corpus.image(ALPINE));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        ScanRecord copy = context.table().scans().get(ScanService.pushScanId("incoming/copy-of-alpine.tar", copyEtag))
                .orElseThrow();
        assertThat(copy.status()).isEqualTo(ScanStatus.DONE);
        assertThat(copy.imageDigest()).isEqualTo(scan.imageDigest());
        assertThat(stats.layersRead()).as("no layer read for an image already scanned").hasSize(1);
        assertThat(context.table().images().get(scan.imageDigest()).orElseThrow().lastScanId())
                .isEqualTo(scan.scanId());
    }

    @Test
    void imagesSharingABaseLayerReadItOnce() throws IOException {
        FunctionContext context = stack.context();
        BuiltImage one = TestImages.app(1);
        BuiltImage two = TestImages.app(2);
        stack.push("incoming/app1.tar", one.writeOciArchive(temp.resolve("app1.tar")));
        stack.push("incoming/app2.tar", two.writeDockerArchive(temp.resolve("app2.tar")));

        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        assertThat(stats.layersRead()).containsExactlyInAnyOrder(TestImages.BASE.diffId(), one.diffIds().get(1),
                two.diffIds().get(1));
        assertThat(stats.layersFromCache()).containsExactly(TestImages.BASE.diffId());
        ImageRecord app2 = context.table().images().get("sha256:" + two.configDigestHex()).orElseThrow();
        assertThat(app2.repository()).isEqualTo("example.com/team/app2");
        assertThat(app2.tags()).containsExactly("1.2");
        assertThat(context.table().layers().get(TestImages.BASE.diffId(), new ScanHandlerKey().key())).isPresent();
    }

    @Test
    void aHandlerThatFailsMidScanIsRetriedAndCompletesOnce() {
        FailingObjectStore[] failing = new FailingObjectStore[1];
        FunctionContext context = stack.context().withStore(s -> failing[0] = new FailingObjectStore(s,
                k -> k.contains("/report-"), 1));
        String etag = stack.push("incoming/alpine.tar", Corpus.image(ALPINE));

        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        assertThat(failing[0].failed()).isEqualTo(1);
        ScanRecord scan = context.table().scans().get(ScanService.pushScanId("incoming/alpine.tar", etag)).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.attempts()).isEqualTo(2);
        assertThat(context.table().images().get(scan.imageDigest()).orElseThrow().lastScanId())
                .isEqualTo(scan.scanId());
        assertThat(stats.layersRead()).as("the retry takes the layer from the cache").hasSize(1);
        assertThat(stack.deadLetters()).isZero();
    }

    @Test
    void aJobThatAlwaysFailsLandsInTheDeadLetterQueueAndItsScanIsFailed() {
        FunctionContext context = stack.context().withStore(s -> new FailingObjectStore(s,
                k -> k.contains("/report-"), Integer.MAX_VALUE));
        String etag = stack.push("incoming/alpine.tar", Corpus.image(ALPINE));

        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        ScanRecord scan = context.table().scans().get(ScanService.pushScanId("incoming/alpine.tar", etag)).orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(scan.attempts()).isEqualTo(LocalStack.MAX_RECEIVES);
        assertThat(scan.error()).contains("gave up after 3 attempts").contains("injected failure writing");
        assertThat(stack.deadLetters()).isEqualTo(1);
        assertThat(context.table().images().list(10, null).items()).as("no record points at partial results")
                .isEmpty();
    }

    @Test
    void aTruncatedArchiveFailsWithAClearReasonAndTheNextGoodOneStillScans() throws IOException {
        FunctionContext context = stack.context();
        byte[] whole = Files.readAllBytes(Corpus.image(ALPINE));
        String badEtag = stack.push("incoming/truncated.tar", Arrays.copyOf(whole, whole.length / 2));
        String goodEtag = stack.push("incoming/good.tar", whole);

        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        ScanRecord bad = context.table().scans().get(ScanService.pushScanId("incoming/truncated.tar", badEtag))
                .orElseThrow();
        assertThat(bad.status()).isEqualTo(ScanStatus.FAILED);
        assertThat(bad.attempts()).as("not retried").isEqualTo(1);
        assertThat(bad.error()).containsIgnoringCase("truncated").doesNotContain("\n");
        ScanRecord good = context.table().scans().get(ScanService.pushScanId("incoming/good.tar", goodEtag))
                .orElseThrow();
        assertThat(good.status()).isEqualTo(ScanStatus.DONE);
        assertThat(stack.deadLetters()).isZero();
    }

    @Test
    void aNewDatabasePointerIsNoticedWithoutARestartAndTheReMatchReadsNoLayer() {
        CountingObjectStore[] counting = new CountingObjectStore[1];
        FunctionContext context = stack.context().withStore(s -> counting[0] = new CountingObjectStore(s));
        ScanHandler handler = new ScanHandler(context, stats);
        String etag = stack.push("incoming/alpine.tar", Corpus.image(ALPINE));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        String digest = context.table().scans().get(ScanService.pushScanId("incoming/alpine.tar", etag)).orElseThrow()
                .imageDigest();
        assertThat(context.table().images().get(digest).orElseThrow().counts().total()).isPositive();

        byte[] empty = Databases.empty(Instant.parse("2026-05-01T00:00:00Z"));
        context.store().put("vulndb/v2/vulndb.bin", empty, PutOptions.BINARY);
        context.store().put(StoreKeys.VULNDB_CURRENT, "vulndb/v2/vulndb.bin".getBytes(StandardCharsets.UTF_8),
                PutOptions.BINARY);
        counting[0].reset();
        ScanJob job = new ScanJob("manual-1", digest, null, ScanTrigger.MANUAL, 1);
        stack.aws().sqs().sendMessage(b -> b.queueUrl(stack.queueUrl()).messageBody(job.toJson()));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();

        ImageRecord image = context.table().images().get(digest).orElseThrow();
        assertThat(image.lastScanId()).isEqualTo("manual-1");
        assertThat(image.dbVersion()).isNotEqualTo(BundledDatabase.load().info().digest());
        assertThat(image.counts().total()).isZero();
        assertThat(context.table().scans().get("manual-1").orElseThrow().status()).isEqualTo(ScanStatus.DONE);
        assertThat(counting[0].bytesRead("incoming/") + counting[0].bytesRead("layers/")).isZero();
        assertThat(stats.layersRead()).hasSize(1);
    }

    @Test
    void eventsAsLambdaDeliversThem() throws IOException {
        FunctionContext context = stack.context();
        context.store().put("incoming/alpine-3.20.3.oci.tar", Files.readAllBytes(Corpus.image(ALPINE)),
                PutOptions.BINARY);
        ScanHandler handler = new ScanHandler(context, stats);

        SQSBatchResponse pushed = handler.handleRequest(event(repoEvent("sqs-s3-object-created.json")), null);
        SQSBatchResponse test = handler.handleRequest(event(repoEvent("sqs-s3-test-event.json")), null);
        SQSBatchResponse malformed = handler.handleRequest(event(ScanFunctionTest.class.getClassLoader().getResource("events/sqs-malformed.json")), null);
        // the sample job re-matches that same image (its manifest digest): from the stored inventory
        SQSBatchResponse job = handler.handleRequest(event(repoEvent("sqs-scan-job.json")), null);

        assertThat(pushed.getBatchItemFailures()).isEmpty();
        assertThat(test.getBatchItemFailures()).isEmpty();
        assertThat(malformed.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("3b1e5c0e-6f0a-4c1f-9d0e-7c2f4b8a9e10");
        assertThat(job.getBatchItemFailures()).isEmpty();
        assertThat(context.table().scans().get("0d2c5b7e9f1a4c3e8b6d2f0a1c3e5b7d").orElseThrow().status())
                .isEqualTo(ScanStatus.DONE);
        assertThat(stats.layersRead()).hasSize(1);
    }

    /** A sample event of the repository's events/ directory (what {@code sam local invoke -e} uses). */
    static java.net.URL repoEvent(String name) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir.resolve("events").resolve(name).toUri().toURL();
            }
        }
        throw new IllegalStateException("events/ not found above " + Path.of("").toAbsolutePath());
    }

    private static SQSEvent event(java.net.URL resource) throws IOException {
        assertThat(resource).isNotNull();
        try (InputStream in = resource.openStream()) {
            return LambdaEventSerializers.serializerFor(SQSEvent.class, ScanFunctionTest.class.getClassLoader())
                    .fromJson(in);
        }
    }

    private static String read(FunctionContext context, String key) throws IOException {
        try (InputStream in = context.store().get(key)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The analyzer key the handler's scanner uses. */
    private static final class ScanHandlerKey {
        String key() {
            return new dev.imagescan.ImageScanner(dev.imagescan.ScanOptions.defaults()).layerCacheKey();
        }
    }
}
