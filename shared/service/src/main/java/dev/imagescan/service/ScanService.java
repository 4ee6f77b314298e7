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
 */
public final class ScanService {
    private static final System.Logger LOG = System.getLogger(ScanService.class.getName());

    private final ScanTable table;
    private final DatabaseProvider databases;
    private final Duration lease;
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
        this.table = table;
        this.databases = databases;
        this.lease = lease;
        Objects.requireNonNull(layerCache, "layerCache");
        ImageScanner scanner = new ImageScanner(options.withLayerCache(layerCache));
        String analyzerKey = scanner.analyzerKey();
        Objects.requireNonNull(verdicts, "verdicts");
        Objects.requireNonNull(completions, "completions");
        StoredInventories inventories = new StoredInventories(store);
        ScanResults results = new ScanResults(store, table, new Assessor(clock), verdicts, completions, clock,
                analyzerKey);
        this.parts = new ScanRun.Parts(new StoredArchives(store, scanner), inventories, results,
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
        return run(scan, delivery);
    }

    /** A job from the queue: runs its scan (made now if the sender made none). */
    public JobOutcome run(ScanJob job, Delivery delivery) {
        ScanRecord scan = table.scans().get(job.scanId())
                .orElseGet(() -> create(job.scanId(), job.trigger(), job.imageDigest(), job.objectKey()));
        return run(scan, delivery);
    }

    private ScanRecord create(String scanId, ScanTrigger trigger, String digest, String objectKey) {
        try {
            return table.scans().create(scanId, trigger, digest, objectKey);
        } catch (ConditionFailedException e) {
            return table.scans().get(scanId).orElseThrow(() -> e);
        }
    }

    /** Starts the scan, runs it, and decides what its failure means: FAILED, retried, or given up. */
    private JobOutcome run(ScanRecord scan, Delivery delivery) {
        String scanId = scan.scanId();
        if (scan.status().isFinal()) {
            return new JobOutcome(Status.SKIPPED, scanId, scan.imageDigest(), "scan is already " + scan.status());
        }
        try {
            table.scans().start(scanId);
        } catch (ConditionFailedException e) {
            return new JobOutcome(Status.SKIPPED, scanId, scan.imageDigest(), e.getMessage());
        }
        ScanRun run = new ScanRun(scan, parts, new ClaimKeeper(table.claims(), scanId, lease));
        try {
            return run.run(databases.current());
        } catch (ImageScanException e) {
            run.releaseClaim();
            String reason = oneLine(e);
            failScan(scanId, reason);
            return new JobOutcome(Status.FAILED, scanId, run.digest(), reason);
        } catch (RuntimeException e) {
            run.releaseClaim();
            String reason = oneLine(e);
            if (delivery.isLast()) {
                failScan(scanId, "gave up after " + delivery.receiveCount() + " attempts: " + reason);
                return new JobOutcome(Status.GAVE_UP, scanId, run.digest(), reason);
            }
            LOG.log(System.Logger.Level.DEBUG, "scan " + scanId + " will be retried", e);
            return new JobOutcome(Status.RETRY, scanId, run.digest(), reason);
        }
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
