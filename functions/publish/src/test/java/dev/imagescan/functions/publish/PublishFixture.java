package dev.imagescan.functions.publish;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.testing.LocalStack;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.Delivery;
import dev.imagescan.service.JobOutcome;
import dev.imagescan.service.PolicyService;
import dev.imagescan.service.ScanService;
import dev.imagescan.service.VerdictService;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.EventBus;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.aws.EventBridgeEventBus;
import dev.imagescan.store.aws.SqsCompletionQueue;
import dev.imagescan.store.backed.ObjectStoreLayerCache;
import dev.imagescan.testing.Corpus;
import dev.imagescan.testing.aws.LocalEventBus;
import dev.imagescan.vulndb.BundledDatabase;
import dev.imagescan.vulndb.VulnDatabase;
import dev.imagescan.vulndb.artifact.VulnDatabases;
import dev.imagescan.vulndb.testing.Databases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deployment on the local servers with an event bus, and real scans of the committed alpine image by
 * {@link ScanService} (the bundled database, or an empty one) that give the messages the scan function would send.
 */
final class PublishFixture {
    static final String ALPINE = "alpine-3.20.3.oci.tar";
    static final Duration DRAIN = Duration.ofSeconds(30);

    final LocalStack stack = new LocalStack();
    final String bus = stack.aws().createEventBus();
    private final AtomicReference<VulnDatabase> database = new AtomicReference<>(BundledDatabase.load());

    FunctionContext context() {
        return stack.context();
    }

    EventBus eventBus() {
        return new EventBridgeEventBus(stack.aws().eventBridge(), bus);
    }

    /** The events the bus took so far. */
    List<LocalEventBus.Entry> events() {
        return stack.aws().events(bus);
    }

    /** Later scans match against an empty database (no findings). */
    void useEmptyDatabase() {
        try {
            database.set(VulnDatabases.load(Databases.empty(Instant.parse("2026-05-01T00:00:00Z"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void useBundledDatabase() {
        database.set(BundledDatabase.load());
    }

    /** Pushes the alpine archive and scans it as the scan function does; the message it would send. */
    ScanCompleted scanPushed(String previousReportKey, String verdict, String previousVerdict) {
        FunctionContext context = context();
        try {
            String key = "incoming/alpine.tar";
            String etag = context.store().put(key, Files.readAllBytes(Corpus.image(ALPINE)), PutOptions.BINARY);
            JobOutcome outcome = scanner(context).scanPushed(key, etag, new Delivery(1, LocalStack.MAX_RECEIVES));
            return completed(context, outcome, ScanTrigger.PUSH, previousReportKey, verdict, previousVerdict);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Pushes the alpine archive and scans it as the scan function does, telling the completion queue (the one the
     * publish handler drains) as the deployed scan function would: the real message, with the real verdict.
     */
    JobOutcome scanPushedAnnounced() {
        FunctionContext context = context();
        try {
            String key = "incoming/alpine-announced.tar";
            String etag = context.store().put(key, Files.readAllBytes(Corpus.image(ALPINE)), PutOptions.BINARY);
            CompletionQueue queue = new SqsCompletionQueue(stack.aws().sqs(), stack.queueUrl());
            return scanner(context, queue).scanPushed(key, etag, new Delivery(1, LocalStack.MAX_RECEIVES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scans the image again by digest (a periodic re-scan); the message the scan function would send. */
    ScanCompleted rescan(String scanId, ScanCompleted previous, String verdict) {
        FunctionContext context = context();
        JobOutcome outcome = scanner(context).run(new ScanJob(scanId, previous.imageDigest(), null,
                ScanTrigger.PERIODIC, 1), new Delivery(1, LocalStack.MAX_RECEIVES));
        return completed(context, outcome, ScanTrigger.PERIODIC, previous.reportKey(), verdict, previous.verdict());
    }

    /** Sends {@code message} to the completion queue. */
    void send(ScanCompleted message) {
        stack.aws().sqs().sendMessage(b -> b.queueUrl(stack.queueUrl()).messageBody(message.toJson()));
    }

    byte[] read(String key) {
        try (InputStream in = context().store().get(key)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The content type the bucket holds for {@code key}. */
    String contentType(String key) {
        return stack.aws().s3().headObject(b -> b.bucket(stack.bucket()).key(key)).contentType();
    }

    private ScanService scanner(FunctionContext context) {
        // the tests send the messages they need (with the verdicts they need) themselves
        return scanner(context, CompletionQueue.NONE);
    }

    private ScanService scanner(FunctionContext context, CompletionQueue completions) {
        Clock clock = Clock.systemUTC();
        VerdictService verdicts = new VerdictService(context.store(), context.table().images(),
                new PolicyService(context.policies(), Duration.ZERO, clock), clock);
        return new ScanService(context.store(), context.table(), database::get, ScanOptions.defaults(),
                new ObjectStoreLayerCache(context.store(), context.table().layers(), clock), clock,
                Duration.ofMinutes(15), verdicts, completions);
    }

    private static ScanCompleted completed(FunctionContext context, JobOutcome outcome, ScanTrigger trigger,
            String previousReportKey, String verdict, String previousVerdict) {
        if (outcome.status() != JobOutcome.Status.DONE) {
            throw new IllegalStateException("the scan did not complete: " + outcome);
        }
        ImageRecord image = context.table().images().get(outcome.imageDigest()).orElseThrow();
        return new ScanCompleted(ScanCompleted.Kind.SCANNED, outcome.scanId(), outcome.imageDigest(), trigger,
                image.dbVersion(), StoreKeys.imageReport(outcome.imageDigest(), image.dbVersion()), previousReportKey,
                verdict, previousVerdict, verdict == null ? null : "3", image.lastScanAt());
    }
}
