package dev.imagescan.service;

import dev.imagescan.assess.Assessor;
import dev.imagescan.common.ImageScanException;
import dev.imagescan.image.Digest;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.LayerCache;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.JobOutcome.Status;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.vulndb.DatabaseProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the scan function does with one request, over the storage ports (docs/ARCHITECTURE.md, "The functions"):
 *
 * <ul>
 * <li><b>an archive</b> (a push, or a job naming an object): read it by ranges; once its manifest and config are read
 *     (its digest known, no layer read yet) claim (digest, database version, analyzer key); read each layer not in
 *     the bucket's layer cache and store what it kept; store the merged inventory at
 *     {@code images/<digest>/inventory.json} ({@link StoredInventories}); match;
 * <li><b>a re-match</b> (a job naming an image digest): claim; read the stored inventory and match, reading no layer;
 *     if the image was inventoried by other analyzers, scan its source archive again instead;
 * </ul>
 * then store the JSON report at {@code images/<digest>/report-<dbVersion>.json}, judge it by the policy in force
 * ({@link VerdictService}: the verdict JSON), update the image record with the results and the verdict (with the
 * revision check), tag the source archive, send a {@link ScanCompleted} ({@code SCANNED}) to the completion queue,
 * complete the claim and move the scan to DONE. Results are written before the records that point at them, and the
 * message is sent before the claim is completed: a job delivered again after a crash anywhere before that does the
 * work again and sends the message again (the publisher is idempotent), and once the claim is DONE the message is
 * out.
 *
 * <p>A {@code PERIODIC} job whose (image, database, analyzers) is already DONE still judges the image again: its
 * stored inventory is matched against the same database (no layer is read) and, when the decision or the policy
 * version differs from the image record's, the verdict JSON and the tag are rewritten, a {@code REJUDGED} message is
 * sent if the decision changed (an allow-list entry expired, the policy changed) and the image record is updated
 * last: a crash before that makes the next delivery judge, and send, again.
 *
 * <p>Idempotent: a scan that is already DONE or FAILED is not run again, and a claim that is DONE for the same
 * (image, database, analyzers) makes the scan DONE without work ({@link Status#SKIPPED}). A permanent problem of the
 * input ({@link ImageScanException}) fails the scan with its one-line reason, not retried; any other failure releases
 * the claim and asks for the message again, and on the last allowed delivery fails the scan with the reason.
 *
 * <p>Each attempt claims as an owner of its own (the scan id and a nonce), so two deliveries of the same message
 * running at once do the work once: the second finds the claim held and is retried. An {@link OutOfMemoryError} or
 * {@link StackOverflowError} inside a scan (a hostile image the limits did not catch) fails that scan, not retried,
 * and releases its claim; any other {@link Error} is a passing failure like an exception. Neither ends the
 * invocation, so the rest of the batch goes on.
 *
 * <p>A delivery that says when its invocation ends ({@link Delivery#invocationEnd()}) gives the scan a deadline
 * {@link #RECORD_MARGIN} before it, checked between steps and on every read of the archive. A scan that runs out
 * having had at least half the invocation's time fails, not retried: it would run out again. One
 * that started late in a batch is retried in a fresh invocation, and one with less than {@link #MIN_TIME_TO_START}
 * left is not started at all.
 */
public final class ScanService {
    /** Kept free at the end of an invocation to record a scan that ran out of time (fail it, release its claim). */
    public static final Duration RECORD_MARGIN = Duration.ofSeconds(15);
    /** The least time a scan is started with; with less, the job waits for a fresh invocation. */
    public static final Duration MIN_TIME_TO_START = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(ScanService.class.getName());

    private final ScanTable table;
    private final DatabaseProvider databases;
    private final Duration lease;
    private final Clock clock;
    private final ScanRun.Parts parts;

    /**
     * @param options     the scan options (platform, limits, analyzers, listener)
     * @param layerCache  where layers already read are found and stored (the bucket's: {@code ObjectStoreLayerCache})
     * @param lease       how long a claim holds (longer than a scan: the function's timeout)
     * @param verdicts    judges every scanned image
     * @param completions told of every finished scan and changed verdict ({@link CompletionQueue#NONE}: nobody)
     */
    public ScanService(ObjectStore store, ScanTable table, DatabaseProvider databases, ScanOptions options,
            LayerCache layerCache, Clock clock, Duration lease, VerdictService verdicts, CompletionQueue completions) {
        this(store, table, databases, options, layerCache, clock, lease, verdicts, completions, RegistryAccess.NONE);
    }

    /**
     * A scan service that also reads images from registries ({@link ScanJob#image()}, ECR pushes), as
     * {@code registries} allows.
     */
    public ScanService(ObjectStore store, ScanTable table, DatabaseProvider databases, ScanOptions options,
            LayerCache layerCache, Clock clock, Duration lease, VerdictService verdicts, CompletionQueue completions,
            RegistryAccess registries) {
        this.table = table;
        this.databases = databases;
        this.lease = lease;
        this.clock = clock;
        Objects.requireNonNull(layerCache, "layerCache");
        ImageScanner scanner = new ImageScanner(options.withLayerCache(layerCache));
        String analyzerKey = scanner.analyzerKey();
        Objects.requireNonNull(verdicts, "verdicts");
        Objects.requireNonNull(completions, "completions");
        StoredInventories inventories = new StoredInventories(store);
        ScanResults results = new ScanResults(store, table, new Assessor(clock), verdicts, completions, clock,
                analyzerKey);
        this.parts = new ScanRun.Parts(new StoredArchives(store, scanner), new RegistryImages(registries, scanner),
                inventories, results,
                new Rejudgement(table, inventories, results, verdicts, completions, clock, analyzerKey), table,
                analyzerKey);
    }

    /** The analyzer key of this scanner: part of every claim, and of the image records it writes. */
    public String analyzerKey() {
        return parts.analyzerKey();
    }

    /**
     * The scan id of a pushed archive: the same for the same object key and etag, so a notification delivered twice
     * finds the scan the first made.
     */
    public static String pushScanId(String objectKey, String etag) {
        return "push-" + Digest.sha256Of(objectKey + "\n" + (etag == null ? "" : etag)).hex().substring(0, 32);
    }

    /** An archive that arrived under {@code incoming/}: makes (or finds) its PUSH scan and runs it. */
    public JobOutcome scanPushed(String objectKey, String etag, Delivery delivery) {
        if (!StoreKeys.isIncoming(objectKey)) {
            return new JobOutcome(Status.FAILED, null, null, objectKey + " is not under " + StoreKeys.INCOMING);
        }
        String scanId = pushScanId(objectKey, etag);
        ScanRecord scan = table.scans().get(scanId).orElseGet(() -> create(scanId, ScanTrigger.PUSH, null, objectKey));
        return run(scan, delivery, null);
    }

    /**
     * The scan id of an image pushed to a registry (an ECR push event): the same for the same event and image, so an
     * event delivered twice finds the scan the first made.
     */
    public static String imagePushScanId(String eventId, String image) {
        return "push-" + Digest.sha256Of((eventId == null ? "" : eventId) + "\n" + image).hex().substring(0, 32);
    }

    /**
     * An image pushed to a registry ({@code image}: {@code host/repository[:tag]@digest}): makes (or finds) its PUSH
     * scan and runs it.
     */
    public JobOutcome scanImagePushed(String eventId, String image, Delivery delivery) {
        String scanId = imagePushScanId(eventId, image);
        ScanRecord scan = table.scans().get(scanId)
                .orElseGet(() -> create(scanId, ScanTrigger.PUSH, null, null, image));
        return run(scan, delivery, null);
    }

    /** A job from the queue: runs its scan (made now if the sender made none). */
    public JobOutcome run(ScanJob job, Delivery delivery) {
        ScanRecord scan = table.scans().get(job.scanId())
                .orElseGet(() -> create(job.scanId(), job.trigger(), job.imageDigest(), job.objectKey(),
                        job.image()));
        return run(scan, delivery, job.authorization());
    }

    private ScanRecord create(String scanId, ScanTrigger trigger, String digest, String objectKey) {
        return create(scanId, trigger, digest, objectKey, null);
    }

    private ScanRecord create(String scanId, ScanTrigger trigger, String digest, String objectKey, String image) {
        try {
            return table.scans().create(scanId, trigger, digest, objectKey, image);
        } catch (ConditionFailedException e) {
            return table.scans().get(scanId).orElseThrow(() -> e);
        }
    }

    /**
     * Starts the scan, runs it, and decides what its failure means: FAILED, retried, or given up. {@code authorization}
     * is the credential the job carried for its registry (Harbor's), held in memory for this run only; null when none.
     */
    private JobOutcome run(ScanRecord scan, Delivery delivery, String authorization) {
        String scanId = scan.scanId();
        if (scan.status().isFinal()) {
            return new JobOutcome(Status.SKIPPED, scanId, scan.imageDigest(), "scan is already " + scan.status());
        }
        Deadline deadline = deadlineOf(delivery);
        if (deadline.remaining().compareTo(MIN_TIME_TO_START) < 0) {
            String reason = "not started: " + deadline.remaining().toSeconds() + " s left in this invocation";
            if (delivery.isLast()) { // the message goes to the dead-letter queue: the scan must not stay open
                failScan(scanId, "gave up after " + delivery.receiveCount() + " deliveries: " + reason);
                return new JobOutcome(Status.GAVE_UP, scanId, scan.imageDigest(), reason);
            }
            return new JobOutcome(Status.RETRY, scanId, scan.imageDigest(), reason);
        }
        Duration budget = deadline.remaining();
        try {
            table.scans().start(scanId);
        } catch (ConditionFailedException e) {
            return new JobOutcome(Status.SKIPPED, scanId, scan.imageDigest(), e.getMessage());
        }
        ScanRun run = new ScanRun(scan, parts, new ClaimKeeper(table.claims(), scanId, lease), deadline,
                authorization);
        try {
            return run.run(databases.current());
        } catch (ClaimKeeper.ClaimHeldException e) {
            if (e.sameScan()) {
                // another delivery of this scan is running it: it finishes or fails the scan; never fail it here
                return new JobOutcome(Status.RETRY, scanId, run.digest(), oneLine(e));
            }
            return passingFailure(run, scanId, delivery, oneLine(e), e);
        } catch (ImageScanException e) {
            if (deadline.passed()) {
                return outOfTime(run, scanId, delivery, budget);
            }
            return failed(run, scanId, oneLine(e));
        } catch (RuntimeException e) {
            if (deadline.passed()) {
                return outOfTime(run, scanId, delivery, budget);
            }
            return passingFailure(run, scanId, delivery, oneLine(e), e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // the image exhausted the scanner (the limits did not catch it): it would again, so not retried
            String kind = e instanceof OutOfMemoryError ? "ran out of memory" : "overflowed its stack";
            LOG.log(System.Logger.Level.WARNING, "scan " + scanId + " " + kind, e);
            return failed(run, scanId, "the scan " + kind + " (" + oneLine(e) + ")");
        } catch (Error e) {
            LOG.log(System.Logger.Level.ERROR, "scan " + scanId + " hit an error", e);
            return passingFailure(run, scanId, delivery, e.getClass().getSimpleName() + ": " + oneLine(e), e);
        }
    }

    private Deadline deadlineOf(Delivery delivery) {
        return delivery.invocationEnd() == null ? Deadline.NONE
                : new Deadline(delivery.invocationEnd().minus(RECORD_MARGIN), clock);
    }

    /** A permanent failure: the claim released, the scan FAILED with {@code reason}, the message done with. */
    private JobOutcome failed(ScanRun run, String scanId, String reason) {
        run.releaseClaim();
        failScan(scanId, reason);
        return new JobOutcome(Status.FAILED, scanId, run.digest(), reason);
    }

    /** A passing failure: the claim released, the message asked for again (or, on the last delivery, given up). */
    private JobOutcome passingFailure(ScanRun run, String scanId, Delivery delivery, String reason, Throwable e) {
        run.releaseClaim();
        if (delivery.isLast()) {
            failScan(scanId, "gave up after " + delivery.receiveCount() + " attempts: " + reason);
            return new JobOutcome(Status.GAVE_UP, scanId, run.digest(), reason);
        }
        LOG.log(System.Logger.Level.DEBUG, "scan " + scanId + " will be retried", e);
        return new JobOutcome(Status.RETRY, scanId, run.digest(), reason);
    }

    /**
     * The scan ran out of time: failed for good when it had at least half the invocation's time (it would run out
     * again), else retried in a fresh invocation.
     */
    private JobOutcome outOfTime(ScanRun run, String scanId, Delivery delivery, Duration budget) {
        String reason = "the scan did not finish in the " + budget.toSeconds() + " s it had (the function's time"
                + " less " + RECORD_MARGIN.toSeconds() + " s to record it)";
        if (budget.compareTo(delivery.invocationTime().dividedBy(2)) >= 0) {
            return failed(run, scanId, reason);
        }
        return passingFailure(run, scanId, delivery, reason + "; started late in its batch", null);
    }

    private void failScan(String scanId, String reason) {
        try {
            table.scans().fail(scanId, reason);
        } catch (ConditionFailedException e) {
            LOG.log(System.Logger.Level.WARNING, "scan " + scanId + " could not be marked FAILED: " + e.getMessage());
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        String line = newline >= 0 ? message.substring(0, newline) : message;
        return line.length() > 1000 ? line.substring(0, 1000) + "…" : line;
    }
}
