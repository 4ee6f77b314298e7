package dev.imagescan.service;

import dev.imagescan.assess.Assessment;
import dev.imagescan.assess.Assessor;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.policy.Verdict;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.report.JsonReportWriter;
import dev.imagescan.report.ReportFilter;
import dev.imagescan.report.SeverityCounts;
import dev.imagescan.report.VulnerabilityReport;
import dev.imagescan.service.JobOutcome.Status;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.vulndb.VulnDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Records what a scan found, in the order that makes a crash anywhere safe to repeat: the JSON report at
 * {@code images/<digest>/report-<dbVersion>.json} and the verdict JSON first, then the image record that points at
 * them (with its revision check), the source archive's tag, the {@code SCANNED} message to the completion queue, and
 * only then the claim (DONE) and the scan (DONE). A delivery again after a crash before the claim is completed does the
 * work again and sends the message again (the publisher is idempotent); once the claim is DONE the message is out.
 */
final class ScanResults {
    private final ObjectStore store;
    private final ScanTable table;
    private final Assessor assessor;
    private final VerdictService verdicts;
    private final CompletionQueue completions;
    private final Clock clock;
    private final String analyzerKey;

    ScanResults(ObjectStore store, ScanTable table, Assessor assessor, VerdictService verdicts,
            CompletionQueue completions, Clock clock, String analyzerKey) {
        this.store = store;
        this.table = table;
        this.assessor = assessor;
        this.verdicts = verdicts;
        this.completions = completions;
        this.clock = clock;
        this.analyzerKey = analyzerKey;
    }

    /**
     * Assesses {@code inventory} (every finding, by the policy in force) and records it as the result of
     * {@code scan}, which holds {@code claim}.
     *
     * @param names the names the scanned archive gave the image; null for a re-match
     */
    JobOutcome record(ScanRecord scan, String digest, Inventory inventory, VulnDatabase db, ImageNames names,
            ClaimKeeper claim) {
        String dbVersion = db.info().digest();
        Assessment assessment = assess(inventory, db);
        VulnerabilityReport report = assessment.report();
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            new JsonReportWriter().write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String reportKey = StoreKeys.imageReport(digest, dbVersion);
        store.put(reportKey, out.toByteArray(), PutOptions.JSON);
        Verdict verdict = assessment.verdict();
        verdicts.putVerdict(digest, verdict);
        String decision = verdict.decision().name();
        SeverityCounts counts = report.counts();
        Instant now = clock.instant();
        String[] before = new String[2]; // the previous report's key and verdict, as the record had them
        ImageRecord saved = table.images().update(digest, r -> {
            ImageRecord next = withSource(r, scan, names);
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
        if (scan.objectKey() != null && !scan.objectKey().equals(saved.sourceKey())) {
            verdicts.tagSource(scan.objectKey(), verdict); // another copy of the image: it carries the verdict too
        }
        completions.send(new ScanCompleted(ScanCompleted.Kind.SCANNED, scan.scanId(), digest, scan.trigger(),
                dbVersion, reportKey, before[0], decision, before[1], verdict.policyVersion(), now));
        claim.complete();
        table.scans().finish(scan.scanId(), digest, dbVersion);
        return new JobOutcome(Status.DONE, scan.scanId(), digest, counts.total() + " findings (" + counts.high()
                + " High) against " + dbVersion + ", " + decision + " by policy " + verdict.policyVersion());
    }

    /** The report to store and judge (every finding: {@link ReportFilter#ALL}), and the policy in force's verdict. */
    Assessment assess(Inventory inventory, VulnDatabase db) {
        return assessor.assess(inventory, db, ReportFilter.ALL, verdicts.policy());
    }

    /**
     * The image is known and already done: note where it came from, if this was an archive, and tag that archive with
     * the image's verdict.
     */
    void recordSource(ScanRecord scan, String digest, ImageNames names) {
        if (names != null) {
            ImageRecord saved = table.images().update(digest, r -> r.isNew() ? r : withSource(r, scan, names));
            verdicts.tagSource(scan.objectKey(), saved.verdict());
        }
    }

    /**
     * The image with the names of the archive {@code scan} read. The first archive an image was scanned from stays
     * its source: a later upload of the same image (under another key, perhaps by someone else) only adds its tags,
     * up to {@link ImageNames#MAX_TAGS}, and never replaces the record's {@code repository} or {@code sourceKey}
     * (docs/storage.md, "Images").
     */
    private static ImageRecord withSource(ImageRecord r, ScanRecord scan, ImageNames names) {
        if (scan.objectKey() == null && scan.image() != null && names != null) {
            return withRegistry(r, scan.image(), names);
        }
        if (scan.objectKey() == null || names == null) {
            return r;
        }
        List<String> tags = names.mergedWith(r.tags());
        if (r.sourceKey() != null && !r.sourceKey().equals(scan.objectKey())) {
            return r.withSource(r.repository(), tags, r.sourceKey());
        }
        String repository = r.repository() != null ? r.repository() : names.repository();
        return r.withSource(repository, tags, scan.objectKey());
    }

    /**
     * The image with the registry and repository it was read from and the tag it was read by, added to the tags it
     * had (up to {@link ImageNames#MAX_TAGS}); a registry or repository already recorded stays.
     */
    private static ImageRecord withRegistry(ImageRecord r, String image, ImageNames names) {
        String registry = r.registry() != null ? r.registry() : ImageReference.parse(image).registry();
        String repository = r.repository() != null ? r.repository() : names.repository();
        return r.withRegistry(registry, repository, names.mergedWith(r.tags()));
    }
}
