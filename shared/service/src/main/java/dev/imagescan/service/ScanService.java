package dev.imagescan.service;

import dev.imagescan.common.ImageScanException;
import dev.imagescan.image.Image;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.match.MatchResult;
import dev.imagescan.match.Matcher;
import dev.imagescan.policy.Verdict;
import dev.imagescan.report.JsonInventoryReader;
import dev.imagescan.report.JsonInventoryWriter;
import dev.imagescan.report.JsonReportWriter;
import dev.imagescan.report.ReportBuilder;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.scan.ImageScanner;
import dev.imagescan.scan.ScanOptions;
import dev.imagescan.service.ScanOutcome.Status;
import dev.imagescan.store.ClaimResult;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ConditionFailedException;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.NotFoundException;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanKey;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.SeverityCounts;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.store.backed.ObjectStoreLayerCache;
import dev.imagescan.store.backed.ObjectStoreRandomAccessSource;
import dev.imagescan.vulndb.DatabaseProvider;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the scan function does with one request, over the storage ports (docs/ARCHITECTURE.md, "The functions"):
 *
 * <ul>
 * <li><b>an archive</b> (a push, or a job naming an object): read it by ranges; once its manifest and config are read
 *     (its digest known, no layer read yet) claim (digest, database version, analyzer key); read each layer not in
 *     the bucket's layer cache and store what it kept; store the merged inventory at
 *     {@code images/<digest>/inventory.json}; match;
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

    private final ObjectStore store;
    private final ScanTable table;
    private final DatabaseProvider databases;
    private final ImageScanner scanner;
    private final String analyzerKey;
    private final Clock clock;
    private final Duration lease;
    private final Matcher matcher;
    private final VerdictService verdicts;
    private final CompletionQueue completions;

    /**
     * @param options the scan options (platform, limits, analyzers, listener); the layer cache is the bucket's
     * @param lease       how long a claim holds (longer than a scan: the function's timeout)
     * @param verdicts    judges every scanned image
     * @param completions told of every finished scan and changed verdict ({@link CompletionQueue#NONE}: nobody)
     */
    public ScanService(ObjectStore store, ScanTable table, DatabaseProvider databases, ScanOptions options,
            Clock clock, Duration lease, VerdictService verdicts, CompletionQueue completions) {
        this.store = store;
        this.table = table;
        this.databases = databases;
        this.scanner = new ImageScanner(options.withLayerCache(new ObjectStoreLayerCache(store, table.layers(), clock)));
        this.analyzerKey = scanner.layerCacheKey();
        this.clock = clock;
        this.lease = lease;
        this.matcher = new Matcher(clock);
        this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
        this.completions = Objects.requireNonNull(completions, "completions");
    }

    /** The analyzer key of this scanner: part of every claim, and of the image records it writes. */
    public String analyzerKey() {
        return analyzerKey;
    }

    /**
     * The scan id of a pushed archive: the same for the same object key and etag, so a notification delivered twice
     * finds the scan the first made.
     */
    public static String pushScanId(String objectKey, String etag) {
        byte[] sha = sha256(objectKey + "\n" + (etag == null ? "" : etag));
        return "push-" + HexFormat.of().formatHex(sha, 0, 16);
    }

    /** An archive that arrived under {@code incoming/}: makes (or finds) its PUSH scan and runs it. */
    public ScanOutcome scanPushed(String objectKey, String etag, Delivery delivery) {
        if (!StoreKeys.isIncoming(objectKey)) {
            return new ScanOutcome(Status.FAILED, null, null, objectKey + " is not under " + StoreKeys.INCOMING);
        }
        String scanId = pushScanId(objectKey, etag);
        ScanRecord scan = table.scans().get(scanId).orElseGet(() -> create(scanId, ScanTrigger.PUSH, null, objectKey));
        return run(scan, delivery);
    }

    /** A job from the queue: runs its scan (made now if the sender made none). */
    public ScanOutcome run(ScanJob job, Delivery delivery) {
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

    private ScanOutcome run(ScanRecord scan, Delivery delivery) {
        String scanId = scan.scanId();
        if (scan.status().isFinal()) {
            return new ScanOutcome(Status.SKIPPED, scanId, scan.imageDigest(), "scan is already " + scan.status());
        }
        try {
            table.scans().start(scanId);
        } catch (ConditionFailedException e) {
            return new ScanOutcome(Status.SKIPPED, scanId, scan.imageDigest(), e.getMessage());
        }
        Work work = new Work(scan);
        try {
            return work.run();
        } catch (ImageScanException e) {
            work.releaseClaim();
            String reason = oneLine(e);
            failScan(scanId, reason);
            return new ScanOutcome(Status.FAILED, scanId, work.digest, reason);
        } catch (RuntimeException e) {
            work.releaseClaim();
            String reason = oneLine(e);
            if (delivery.isLast()) {
                failScan(scanId, "gave up after " + delivery.receiveCount() + " attempts: " + reason);
                return new ScanOutcome(Status.GAVE_UP, scanId, work.digest, reason);
            }
            LOG.log(System.Logger.Level.DEBUG, "scan " + scanId + " will be retried", e);
            return new ScanOutcome(Status.RETRY, scanId, work.digest, reason);
        }
    }

    private void failScan(String scanId, String reason) {
        try {
            table.scans().fail(scanId, reason);
        } catch (ConditionFailedException e) {
            LOG.log(System.Logger.Level.WARNING, "scan " + scanId + " could not be marked FAILED: " + e.getMessage());
        }
    }

    /** One scan's run: what it learnt, and the claim it holds (to release on failure). */
    private final class Work {
        final ScanRecord scan;
        String digest;
        ScanKey claimed;

        Work(ScanRecord scan) {
            this.scan = scan;
            this.digest = scan.imageDigest();
        }

        ScanOutcome run() {
            VulnDatabase db = databases.current();
            String dbVersion = db.info().digest();
            if (scan.objectKey() != null) {
                return scanArchive(db, dbVersion);
            }
            return rematch(db, dbVersion);
        }

        private ScanOutcome scanArchive(VulnDatabase db, String dbVersion) {
            ImageNames[] names = new ImageNames[1];
            ScanClaim[] doneClaim = new ScanClaim[1];
            Optional<Inventory> inventory = scanSource(scan.objectKey(), image -> {
                digest = digestOf(image);
                if (scan.imageDigest() != null && !scan.imageDigest().equals(digest)) {
                    throw new ImageScanException(scan.objectKey() + " holds image " + digest + ", not "
                            + scan.imageDigest());
                }
                names[0] = ImageNames.of(image.tags());
                doneClaim[0] = claim(new ScanKey(digest, dbVersion, analyzerKey));
                return doneClaim[0] == null;
            });
            if (inventory.isEmpty()) {
                recordSource(names[0]);
                return skipped(doneClaim[0], db, dbVersion);
            }
            putInventory(inventory.get());
            return finish(inventory.get(), db, dbVersion, names[0]);
        }

        private ScanOutcome rematch(VulnDatabase db, String dbVersion) {
            ImageRecord image = table.images().get(digest)
                    .orElseThrow(() -> new ImageScanException("image " + digest + " is not stored"));
            ScanClaim done = claim(new ScanKey(digest, dbVersion, analyzerKey));
            if (done != null) {
                return skipped(done, db, dbVersion);
            }
            Optional<Inventory> stored = analyzerKey.equals(image.analyzerVersion()) ? storedInventory() : Optional.empty();
            if (stored.isPresent()) {
                return finish(stored.get(), db, dbVersion, null);
            }
            if (image.sourceKey() == null) {
                throw new ImageScanException("image " + digest + " has no inventory by analyzers " + analyzerKey
                        + " and no source archive to scan again");
            }
            Inventory inventory = scanSource(image.sourceKey(), img -> {
                String found = digestOf(img);
                if (!found.equals(digest)) {
                    throw new ImageScanException(image.sourceKey() + " now holds image " + found + ", not " + digest);
                }
                return true;
            }).orElseThrow();
            putInventory(inventory);
            return finish(inventory, db, dbVersion, null);
        }

        private Optional<Inventory> scanSource(String key, Predicate<Image> gate) {
            try (ObjectStoreRandomAccessSource source = ObjectStoreRandomAccessSource.open(store, key)) {
                return scanner.scan(source, gate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Optional<Inventory> storedInventory() {
            try (InputStream in = store.get(StoreKeys.imageInventory(digest))) {
                return Optional.of(new JsonInventoryReader().read(in));
            } catch (NotFoundException e) {
                return Optional.empty();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "stored inventory of " + digest + " unreadable, scanning again: "
                        + e.getMessage());
                return Optional.empty();
            }
        }

        /** Claims {@code key}: null when this scan now holds it, else the DONE claim of the scan that did the work. */
        private ScanClaim claim(ScanKey key) {
            ClaimResult result = table.claims().claim(key, scan.scanId(), lease);
            switch (result.outcome()) {
                case ACQUIRED -> {
                    claimed = key;
                    return null;
                }
                case ALREADY_DONE -> {
                    return result.claim();
                }
                default -> {
                    if (result.claim().owner().equals(scan.scanId())) {
                        // this scan's earlier attempt died holding it: carry on, with a fresh lease
                        table.claims().renew(key, scan.scanId(), lease);
                        claimed = key;
                        return null;
                    }
                    throw new ClaimHeldException("scan " + result.claim().owner() + " is doing the same work (lease until "
                            + result.claim().leaseUntil() + ")");
                }
            }
        }

        void releaseClaim() {
            if (claimed == null) {
                return;
            }
            try {
                table.claims().release(claimed, scan.scanId());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "releasing the claim of scan " + scan.scanId() + ": "
                        + e.getMessage());
            }
            claimed = null;
        }

        private void putInventory(Inventory inventory) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            try {
                new JsonInventoryWriter().write(inventory, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store.put(StoreKeys.imageInventory(digest), out.toByteArray(), PutOptions.JSON);
        }

        private ScanOutcome finish(Inventory inventory, VulnDatabase db, String dbVersion, ImageNames names) {
            VulnerabilityReport report = report(inventory, db);
            ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
            try {
                new JsonReportWriter().write(report, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String reportKey = StoreKeys.imageReport(digest, dbVersion);
            store.put(reportKey, out.toByteArray(), PutOptions.JSON);
            Verdict verdict = verdicts.evaluate(report);
            verdicts.putVerdict(digest, verdict);
            String decision = verdict.decision().name();
            SeverityCounts counts = new SeverityCounts(report.counts().high(), report.counts().medium(),
                    report.counts().low(), report.counts().unknown());
            Instant now = clock.instant();
            String[] before = new String[2]; // the previous report's key and verdict, as the record had them
            ImageRecord saved = table.images().update(digest, r -> {
                ImageRecord next = withSource(r, names);
                before[0] = r.dbVersion() == null || r.dbVersion().equals(dbVersion) ? null
                        : StoreKeys.imageReport(digest, r.dbVersion());
                before[1] = r.verdict();
                if (next.lastScanAt() != null && next.lastScanAt().isAfter(now)) {
                    return next; // a later scan already recorded its results, and its verdict
                }
                return next.withScan(scan.scanId(), now, dbVersion, analyzerKey, counts)
                        .withVerdict(decision, verdict.policyVersion());
            });
            verdicts.tagSource(saved.sourceKey(), verdict);
            completions.send(new ScanCompleted(ScanCompleted.Kind.SCANNED, scan.scanId(), digest, scan.trigger(),
                    dbVersion, reportKey, before[0], decision, before[1], verdict.policyVersion(), now));
            try {
                table.claims().complete(claimed, scan.scanId(), scan.scanId());
            } catch (ConditionFailedException e) {
                LOG.log(System.Logger.Level.WARNING, "scan " + scan.scanId() + " lost its claim before completing it: "
                        + e.getMessage());
            }
            claimed = null;
            table.scans().finish(scan.scanId(), digest, dbVersion);
            return new ScanOutcome(Status.DONE, scan.scanId(), digest, counts.total() + " findings (" + counts.high()
                    + " High) against " + dbVersion + ", " + decision + " by policy " + verdict.policyVersion());
        }

        /** The report to store and judge: every finding ({@link ReportFilter#ALL}). */
        private VulnerabilityReport report(Inventory inventory, VulnDatabase db) {
            MatchResult matches = matcher.match(inventory, db);
            return new ReportBuilder(clock).build(inventory, matches, db.info(), ReportFilter.ALL);
        }

        private ImageRecord withSource(ImageRecord r, ImageNames names) {
            if (scan.objectKey() == null || names == null) {
                return r;
            }
            String repository = names.repository() != null ? names.repository() : r.repository();
            return r.withSource(repository, names.mergedWith(r.tags()), scan.objectKey());
        }

        /**
         * The image is known and already done: note where it came from, if this was an archive, and tag that archive
         * with the image's verdict.
         */
        private void recordSource(ImageNames names) {
            if (names != null) {
                ImageRecord saved = table.images().update(digest, r -> r.isNew() ? r : withSource(r, names));
                if (scan.objectKey().equals(saved.sourceKey())) {
                    verdicts.tagSource(saved.sourceKey(), saved.verdict());
                }
            }
        }

        private ScanOutcome skipped(ScanClaim done, VulnDatabase db, String dbVersion) {
            String judged = scan.trigger() == ScanTrigger.PERIODIC ? "; " + judgeAgain(db, dbVersion) : "";
            table.scans().finish(scan.scanId(), digest, dbVersion);
            return new ScanOutcome(Status.SKIPPED, scan.scanId(), digest, "already scanned with database " + dbVersion
                    + " by scan " + done.scanId() + judged);
        }

        /**
         * A periodic run of an image already scanned with this database: judges its stored inventory again, and
         * keeps and announces a verdict that changed (see the class). Returns what happened, for the outcome.
         */
        private String judgeAgain(VulnDatabase db, String dbVersion) {
            ImageRecord image = table.images().get(digest).orElse(null);
            if (image == null || !analyzerKey.equals(image.analyzerVersion())) {
                return "not judged again: the image has no results by analyzers " + analyzerKey;
            }
            Optional<Inventory> inventory = storedInventory();
            if (inventory.isEmpty()) {
                return "not judged again: no stored inventory";
            }
            Verdict verdict = verdicts.evaluate(report(inventory.get(), db));
            VerdictService.Judgement judgement = verdicts.compare(digest, verdict);
            if (!judgement.recordChanged()) {
                return "verdict still " + judgement.decision() + " by policy " + verdict.policyVersion();
            }
            verdicts.putVerdict(digest, verdict);
            verdicts.tagSource(image.sourceKey(), verdict);
            if (judgement.decisionChanged()) {
                completions.send(new ScanCompleted(ScanCompleted.Kind.REJUDGED, scan.scanId(), digest,
                        scan.trigger(), dbVersion, StoreKeys.imageReport(digest, dbVersion), null,
                        judgement.decision(), judgement.previousVerdict(), verdict.policyVersion(), clock.instant()));
            }
            verdicts.record(digest, verdict); // last: until it is written, a delivery again judges and sends again
            return "verdict now " + judgement.decision() + " by policy " + verdict.policyVersion() + " (was "
                    + judgement.previousVerdict() + " by policy " + judgement.previousPolicy() + ")";
        }
    }

    /** Another worker holds the claim: a passing condition, retried. */
    static final class ClaimHeldException extends RuntimeException {
        ClaimHeldException(String message) {
            super(message);
        }
    }

    /** The image's key: its manifest digest, or its config digest when the archive has no manifest blob. */
    static String digestOf(Image image) {
        return (image.manifestDigest() != null ? image.manifestDigest() : image.configDigest()).toString();
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        String line = newline >= 0 ? message.substring(0, newline) : message;
        return line.length() > 1000 ? line.substring(0, 1000) + "…" : line;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
