package dev.imagescan.functions.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.testing.CountingObjectStore;
import dev.imagescan.functions.testing.FailingObjectStore;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.functions.testing.TestImages;
import dev.imagescan.policy.Policy;
import dev.imagescan.report.JsonInventoryReader;
import dev.imagescan.scan.ScanStats;
import dev.imagescan.service.PolicyService;
import dev.imagescan.service.ScanService;
import dev.imagescan.service.VerdictService;
import dev.imagescan.store.ForwardingObjectStore;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.SqsCompletionQueue;
import dev.imagescan.testing.BuiltImage;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.MutableClock;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.OsvRecord;
import dev.imagescan.vulndb.testing.Advisories;
import dev.imagescan.vulndb.testing.Databases;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

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

    @Test
    void twoConcurrentDeliveriesOfOneJobDoTheWorkOnceOnTheRealTable() throws Exception {
        CountDownLatch oneReturned = new CountDownLatch(1);
        AtomicInteger working = new AtomicInteger();
        FunctionContext context = stack.context().withStore(s -> new ForwardingObjectStore(s) {
            @Override
            public String put(String key, byte[] bytes, PutOptions options) {
                if (key.endsWith("/inventory.json")) { // only the delivery holding the claim gets here
                    working.incrementAndGet();
                    try {
                        oneReturned.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return delegate.put(key, bytes, options);
            }
        });
        context.store().put("incoming/alpine.tar", Files.readAllBytes(Corpus.image(ALPINE)), PutOptions.BINARY);
        ScanJob job = new ScanJob("manual-twice", null, "incoming/alpine.tar", ScanTrigger.MANUAL, 1);
        ScanHandler handler = new ScanHandler(context, stats);

        CompletableFuture<SQSBatchResponse> a = CompletableFuture.supplyAsync(
                () -> handler.handleRequest(sqsEvent("first-receipt", job.toJson()), lambdaContext(900_000)));
        CompletableFuture<SQSBatchResponse> b = CompletableFuture.supplyAsync(
                () -> handler.handleRequest(sqsEvent("second-receipt", job.toJson()), lambdaContext(900_000)));
        SQSBatchResponse first = (SQSBatchResponse) CompletableFuture.anyOf(a, b).get(120, TimeUnit.SECONDS);
        oneReturned.countDown();
        List<SQSBatchResponse> both = List.of(a.get(120, TimeUnit.SECONDS), b.get(120, TimeUnit.SECONDS));

        assertThat(first.getBatchItemFailures()).as("the one that found the claim held is retried").hasSize(1);
        assertThat(both.stream().mapToInt(r -> r.getBatchItemFailures().size()).sum()).isEqualTo(1);
        assertThat(working).as("one did the work").hasValue(1);
        ScanRecord scan = context.table().scans().get("manual-twice").orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.attempts()).isEqualTo(2);
        assertThat(handler.handleRequest(sqsEvent("redelivered", job.toJson()), null).getBatchItemFailures())
                .as("delivered again: already DONE").isEmpty();
    }

    @Test
    void aBatchWithTooLittleTimeLeftStartsNoScanAndAsksForItsMessagesAgain() throws IOException {
        FunctionContext context = stack.context();
        context.store().put("incoming/alpine.tar", Files.readAllBytes(Corpus.image(ALPINE)), PutOptions.BINARY);
        ScanJob job = new ScanJob("manual-late", null, "incoming/alpine.tar", ScanTrigger.MANUAL, 1);

        SQSBatchResponse response = new ScanHandler(context, stats).handleRequest(sqsEvent("late", job.toJson()),
                lambdaContext(ScanService.RECORD_MARGIN.plus(ScanService.MIN_TIME_TO_START).toMillis() - 1000));

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("late");
        ScanRecord scan = context.table().scans().get("manual-late").orElseThrow();
        assertThat(scan.attempts()).as("not started").isZero();
        assertThat(stats.layersRead()).isEmpty();
    }

    private static SQSEvent sqsEvent(String messageId, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(messageId);
        message.setBody(body);
        message.setAttributes(java.util.Map.of("ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    /** A Lambda context that only knows its remaining time (what the handler reads). */
    private static Context lambdaContext(long remainingMillis) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) remainingMillis;
                    case "toString" -> "test context";
                    default -> null;
                });
    }

    // ---- the blocking policy: verdicts stored, tagged, announced, flipped ----

    private static final Instant DB1 = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DB2 = Instant.parse("2026-11-02T00:00:00Z");

    /** A fixable Medium in musl (every test image has musl 1.2.5-r0). */
    private static OsvRecord mediumInMusl() {
        return Advisories.record("CVE-2026-1001").affects(Advisories.fixedIn("Alpine:v3.20", "musl", "1.2.5-r1"))
                .cvss("3.1", 5.3).build();
    }

    /** A fixable High in app1 (image {@code TestImages.app(1)} has app1 1.0.1-r0). */
    private static OsvRecord highInApp1() {
        return Advisories.record("CVE-2026-2002").affects(Advisories.fixedIn("Alpine:v3.20", "app1", "1.0.1-r1"))
                .cvss("3.1", 8.1).build();
    }

    /** Makes {@code artifact} the current database; returns its version. */
    private static String publishDatabase(FunctionContext context, String name, byte[] artifact) {
        String key = "vulndb/" + name + "/vulndb.bin";
        context.store().put(key, artifact, PutOptions.BINARY);
        context.store().put(StoreKeys.VULNDB_CURRENT, key.getBytes(StandardCharsets.UTF_8), PutOptions.BINARY);
        try {
            return dev.imagescan.vulndb.artifact.VulnDatabases.load(artifact).info().digest();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void sendJob(ScanJob job) {
        stack.aws().sqs().sendMessage(b -> b.queueUrl(stack.queueUrl()).messageBody(job.toJson()));
    }

    /** The messages on {@code queueUrl}: waits for {@code expected} of them, then a moment more for any extra. */
    private List<ScanCompleted> completed(String queueUrl, int expected) {
        List<ScanCompleted> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> received = stack.aws().sqs().receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
            for (Message m : received) {
                messages.add(ScanCompleted.fromJson(m.body()));
                stack.aws().sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
            if (received.isEmpty() && messages.size() >= expected) {
                break;
            }
        }
        return messages;
    }

    @Test
    void aPushIsJudgedItsVerdictStoredTaggedAndAnnounced() throws Exception {
        String completedQueue = stack.aws().createQueue();
        FunctionContext context = stack.context()
                .withCompletions(new SqsCompletionQueue(stack.aws().sqs(), completedQueue));
        String db1 = publishDatabase(context, "v1", Databases.of(DB1, mediumInMusl()));
        BuiltImage app = TestImages.app(1);
        String etag = stack.push("incoming/app1.tar", app.writeOciArchive(temp.resolve("app1.tar")));

        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        ScanRecord scan = context.table().scans().get(ScanService.pushScanId("incoming/app1.tar", etag)).orElseThrow();
        String digest = scan.imageDigest();
        ImageRecord image = context.table().images().get(digest).orElseThrow();
        assertThat(image.counts().medium()).isEqualTo(1);
        assertThat(image.verdict()).as("the default policy blocks at High").isEqualTo("ALLOWED");
        assertThat(image.policyVersion()).isEqualTo(Policy.DEFAULT_VERSION);
        String verdict = read(context, StoreKeys.imageVerdict(digest));
        assertThat(verdict).contains("\"decision\" : \"ALLOWED\"").contains("\"policyVersion\" : \"default\"");
        List<ScanCompleted> messages = completed(completedQueue, 1);
        assertThat(messages).containsExactly(new ScanCompleted(ScanCompleted.Kind.SCANNED, scan.scanId(), digest,
                ScanTrigger.PUSH, db1, StoreKeys.imageReport(digest, db1), null, "ALLOWED", null,
                Policy.DEFAULT_VERSION, messages.get(0).completedAt()));
        if (stack.aws().supportsObjectTagging()) {
            assertThat(context.store().tags("incoming/app1.tar")).containsEntry(VerdictService.TAG, "ALLOWED");
        }

        // a policy blocking Medium: the next scan (a new database, the same advisories) blocks the image
        new PolicyService(context.policies(), Duration.ZERO, Clock.systemUTC())
                .put("{\"version\": \"strict-1\", \"blockAt\": \"Medium\"}".getBytes(StandardCharsets.UTF_8), 0L);
        String db2 = publishDatabase(context, "v2", Databases.of(DB2, mediumInMusl()));
        sendJob(new ScanJob("manual-1", digest, null, ScanTrigger.MANUAL, 1));
        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        image = context.table().images().get(digest).orElseThrow();
        assertThat(image.verdict()).isEqualTo("BLOCKED");
        assertThat(image.policyVersion()).isEqualTo("strict-1");
        assertThat(read(context, StoreKeys.imageVerdict(digest))).contains("\"decision\" : \"BLOCKED\"")
                .contains("CVE-2026-1001");
        ScanCompleted rescanned = completed(completedQueue, 1).get(0);
        assertThat(rescanned.kind()).isEqualTo(ScanCompleted.Kind.SCANNED);
        assertThat(rescanned.scanId()).isEqualTo("manual-1");
        assertThat(rescanned.reportKey()).isEqualTo(StoreKeys.imageReport(digest, db2));
        assertThat(rescanned.previousReportKey()).isEqualTo(StoreKeys.imageReport(digest, db1));
        assertThat(rescanned.verdict()).isEqualTo("BLOCKED");
        assertThat(rescanned.previousVerdict()).isEqualTo("ALLOWED");
        assertThat(rescanned.verdictChanged()).isTrue();
        if (stack.aws().supportsObjectTagging()) {
            assertThat(context.store().tags("incoming/app1.tar")).containsEntry(VerdictService.TAG, "BLOCKED");
        }
        assertThat(stack.deadLetters()).isZero();
    }

    @Test
    void aPeriodicRescanWithANewDatabaseFindingAFixableHighFlipsToBlocked() throws IOException {
        String completedQueue = stack.aws().createQueue();
        FunctionContext context = stack.context()
                .withCompletions(new SqsCompletionQueue(stack.aws().sqs(), completedQueue));
        publishDatabase(context, "v1", Databases.of(DB1, mediumInMusl()));
        stack.push("incoming/app1.tar", TestImages.app(1).writeDockerArchive(temp.resolve("app1.tar")));
        ScanHandler handler = new ScanHandler(context, stats);
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        ScanCompleted pushed = completed(completedQueue, 1).get(0);
        assertThat(pushed.verdict()).isEqualTo("ALLOWED");
        String digest = pushed.imageDigest();

        String db2 = publishDatabase(context, "v2", Databases.of(DB2, mediumInMusl(), highInApp1()));
        sendJob(new ScanJob("periodic-1", digest, null, ScanTrigger.PERIODIC, 1));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();

        ImageRecord image = context.table().images().get(digest).orElseThrow();
        assertThat(image.dbVersion()).isEqualTo(db2);
        assertThat(image.counts().high()).isEqualTo(1);
        assertThat(image.verdict()).isEqualTo("BLOCKED");
        List<ScanCompleted> messages = completed(completedQueue, 1);
        assertThat(messages).hasSize(1);
        ScanCompleted flipped = messages.get(0);
        assertThat(flipped.kind()).isEqualTo(ScanCompleted.Kind.SCANNED);
        assertThat(flipped.trigger()).isEqualTo(ScanTrigger.PERIODIC);
        assertThat(flipped.scanId()).isEqualTo("periodic-1");
        assertThat(flipped.verdict()).isEqualTo("BLOCKED");
        assertThat(flipped.previousVerdict()).isEqualTo("ALLOWED");
        assertThat(flipped.previousReportKey()).isEqualTo(pushed.reportKey());
        assertThat(read(context, StoreKeys.imageVerdict(digest))).contains("CVE-2026-2002");
    }

    @Test
    void anAllowListEntryThatExpiresFlipsThePeriodicRunWithTheSameDatabase() throws Exception {
        String completedQueue = stack.aws().createQueue();
        FunctionContext context = stack.context()
                .withCompletions(new SqsCompletionQueue(stack.aws().sqs(), completedQueue));
        String db1 = publishDatabase(context, "v1", Databases.of(DB1, highInApp1()));
        new PolicyService(context.policies(), Duration.ZERO, Clock.systemUTC()).put(("{\"version\": 3, \"allow\": ["
                + "{\"id\": \"CVE-2026-2002\", \"package\": \"app1\", \"reason\": \"not reachable\","
                + " \"expires\": \"2026-12-15\"}]}").getBytes(StandardCharsets.UTF_8), null);
        MutableClock clock = new MutableClock(Instant.parse("2026-12-14T12:00:00Z"));
        ScanHandler handler = new ScanHandler(context, stats, clock);
        stack.push("incoming/app1.tar", TestImages.app(1).writeOciArchive(temp.resolve("app1.tar")));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        ScanCompleted pushed = completed(completedQueue, 1).get(0);
        assertThat(pushed.verdict()).as("the High is waived").isEqualTo("ALLOWED");
        assertThat(pushed.policyVersion()).isEqualTo("3");
        String digest = pushed.imageDigest();

        // the next day, the same database: judged again, unchanged, nothing said
        clock.set(Instant.parse("2026-12-14T23:00:00Z"));
        sendJob(new ScanJob("periodic-1", digest, null, ScanTrigger.PERIODIC, 1));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();
        assertThat(context.table().scans().get("periodic-1").orElseThrow().status()).isEqualTo(ScanStatus.DONE);
        assertThat(completed(completedQueue, 0)).isEmpty();
        assertThat(context.table().images().get(digest).orElseThrow().verdict()).isEqualTo("ALLOWED");

        // the entry expires: the periodic run with the same database blocks the image and says so
        clock.set(Instant.parse("2026-12-15T00:30:00Z"));
        sendJob(new ScanJob("periodic-2", digest, null, ScanTrigger.PERIODIC, 1));
        assertThat(stack.eventSource().drain(handler, DRAIN)).isTrue();

        ImageRecord image = context.table().images().get(digest).orElseThrow();
        assertThat(image.verdict()).isEqualTo("BLOCKED");
        assertThat(image.dbVersion()).as("no new scan").isEqualTo(db1);
        assertThat(image.lastScanId()).isEqualTo(pushed.scanId());
        assertThat(context.table().scans().get("periodic-2").orElseThrow().status()).isEqualTo(ScanStatus.DONE);
        assertThat(read(context, StoreKeys.imageVerdict(digest))).contains("\"decision\" : \"BLOCKED\"")
                .contains("expired on 2026-12-15");
        List<ScanCompleted> messages = completed(completedQueue, 1);
        assertThat(messages).hasSize(1);
        ScanCompleted rejudged = messages.get(0);
        assertThat(rejudged.kind()).isEqualTo(ScanCompleted.Kind.REJUDGED);
        assertThat(rejudged.scanId()).isEqualTo("periodic-2");
        assertThat(rejudged.reportKey()).isEqualTo(StoreKeys.imageReport(digest, db1));
        assertThat(rejudged.verdict()).isEqualTo("BLOCKED");
        assertThat(rejudged.previousVerdict()).isEqualTo("ALLOWED");
        assertThat(rejudged.completedAt()).isEqualTo(clock.instant());
        if (stack.aws().supportsObjectTagging()) {
            assertThat(context.store().tags("incoming/app1.tar")).containsEntry(VerdictService.TAG, "BLOCKED");
        }
    }

    @Test
    void aScanThatFailsAfterItsVerdictIsRetriedAndStillAnnounced() {
        String completedQueue = stack.aws().createQueue();
        SqsCompletionQueue real = new SqsCompletionQueue(stack.aws().sqs(), completedQueue);
        int[] calls = new int[1];
        FunctionContext context = stack.context().withCompletions(c -> {
            if (calls[0]++ == 0) {
                throw new StoreException("injected failure sending " + c.scanId(), null, true);
            }
            real.send(c);
        });
        String etag = stack.push("incoming/alpine.tar", Corpus.image(ALPINE));

        assertThat(stack.eventSource().drain(new ScanHandler(context, stats), DRAIN)).isTrue();

        ScanRecord scan = context.table().scans().get(ScanService.pushScanId("incoming/alpine.tar", etag))
                .orElseThrow();
        assertThat(scan.status()).isEqualTo(ScanStatus.DONE);
        assertThat(scan.attempts()).isEqualTo(2);
        List<ScanCompleted> messages = completed(completedQueue, 1);
        assertThat(messages).extracting(ScanCompleted::scanId).containsExactly(scan.scanId());
        assertThat(messages.get(0).verdict()).isEqualTo(context.table().images().get(scan.imageDigest())
                .orElseThrow().verdict());
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
            return new dev.imagescan.scan.ImageScanner(dev.imagescan.scan.ScanOptions.defaults()).analyzerKey();
        }
    }
}
