package dev.imagescan.service;

import dev.imagescan.common.ImageScanException;
import dev.imagescan.inventory.Inventory;
import dev.imagescan.registry.ImageReference;
import dev.imagescan.service.JobOutcome.Status;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ScanClaim;
import dev.imagescan.store.ScanKey;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.vulndb.VulnDatabase;
import java.util.List;
import java.util.Optional;

/**
 * One run of one scan, in the order of {@link ScanService}'s class comment: an archive is read up to its manifest and
 * config, the image claimed, then its layers read; a re-match claims and reads the stored inventory (or the source
 * archive again, when the analyzers changed); either way the results are recorded ({@link ScanResults}). A claim
 * that is already DONE makes the run a skip (a periodic one judges the image again: {@link Rejudgement}). It learns the image
 * digest as it goes, and holds the claim it must release should it fail.
 */
final class ScanRun {
    private static final System.Logger LOG = System.getLogger(ScanRun.class.getName());

    private final ScanRecord scan;
    private final Parts parts;
    private final ClaimKeeper claim;
    private final Deadline deadline;
    private final String authorization;
    private String digest;

    /** What every run uses; made once by {@link ScanService}. */
    record Parts(StoredArchives archives, RegistryImages registries, StoredInventories inventories,
            ScanResults results, Rejudgement rejudgement, ScanTable table, String analyzerKey) {}

    /**
     * @param deadline      checked between steps and on every read of an archive
     * @param authorization the credential the job carried for the image's registry, null when none (never stored)
     */
    ScanRun(ScanRecord scan, Parts parts, ClaimKeeper claim, Deadline deadline, String authorization) {
        this.authorization = authorization;
        this.scan = scan;
        this.parts = parts;
        this.claim = claim;
        this.deadline = deadline;
        this.digest = scan.imageDigest();
    }

    /** The image digest, as far as it is known. */
    String digest() {
        return digest;
    }

    /** Gives up the claim this run holds, if any (the run failed). */
    void releaseClaim() {
        claim.release();
    }

    JobOutcome run(VulnDatabase db) {
        String dbVersion = db.info().digest();
        if (scan.objectKey() != null) {
            return scanArchive(db, dbVersion);
        }
        return scan.image() != null ? scanImage(db, dbVersion) : rematch(db, dbVersion);
    }

    /** An image in a registry: its manifest and config fetched, then claimed, then its new layers fetched. */
    private JobOutcome scanImage(VulnDatabase db, String dbVersion) {
        ImageReference reference = ImageReference.parse(scan.image());
        ImageNames names = ImageNames.of(List.of(reference.tag() != null ? reference.taggedName()
                : reference.repositoryName()));
        ScanClaim[] doneClaim = new ScanClaim[1];
        Optional<Inventory> inventory = parts.registries().scan(scan.image(), authorization, image -> {
            digest = StoredArchives.digestOf(image);
            if (scan.imageDigest() != null && !scan.imageDigest().equals(digest)) {
                throw new ImageScanException(scan.image() + " is image " + digest + ", not " + scan.imageDigest());
            }
            doneClaim[0] = claim.claim(new ScanKey(digest, dbVersion, parts.analyzerKey())).orElse(null);
            return doneClaim[0] == null;
        }, deadline);
        if (inventory.isEmpty()) {
            parts.results().recordSource(scan, digest, names);
            return skipped(doneClaim[0], db, dbVersion);
        }
        deadline.check("recording the results of " + digest);
        parts.inventories().put(digest, inventory.get());
        return parts.results().record(scan, digest, inventory.get(), db, names, claim);
    }

    private JobOutcome scanArchive(VulnDatabase db, String dbVersion) {
        ImageNames[] names = new ImageNames[1];
        ScanClaim[] doneClaim = new ScanClaim[1];
        Optional<Inventory> inventory = parts.archives().scan(scan.objectKey(), image -> {
            digest = StoredArchives.digestOf(image);
            if (scan.imageDigest() != null && !scan.imageDigest().equals(digest)) {
                throw new ImageScanException(scan.objectKey() + " holds image " + digest + ", not "
                        + scan.imageDigest());
            }
            names[0] = ImageNames.of(image.tags());
            names[0].warnings().forEach(w -> LOG.log(System.Logger.Level.WARNING, scan.objectKey() + ": " + w));
            deadline.check("claiming " + digest);
            doneClaim[0] = claim.claim(new ScanKey(digest, dbVersion, parts.analyzerKey())).orElse(null);
            return doneClaim[0] == null;
        }, deadline);
        if (inventory.isEmpty()) {
            parts.results().recordSource(scan, digest, names[0]);
            return skipped(doneClaim[0], db, dbVersion);
        }
        deadline.check("recording the results of " + digest);
        parts.inventories().put(digest, inventory.get());
        return parts.results().record(scan, digest, inventory.get(), db, names[0], claim);
    }

    private JobOutcome rematch(VulnDatabase db, String dbVersion) {
        String analyzerKey = parts.analyzerKey();
        ImageRecord image = parts.table().images().get(digest)
                .orElseThrow(() -> new ImageScanException("image " + digest + " is not stored"));
        Optional<ScanClaim> done = claim.claim(new ScanKey(digest, dbVersion, analyzerKey));
        if (done.isPresent()) {
            return skipped(done.get(), db, dbVersion);
        }
        Optional<Inventory> stored = analyzerKey.equals(image.analyzerKey()) ? parts.inventories().get(digest)
                : Optional.empty();
        deadline.check("matching " + digest);
        if (stored.isPresent()) {
            return parts.results().record(scan, digest, stored.get(), db, null, claim);
        }
        if (image.sourceKey() == null && image.registry() != null && image.repository() != null) {
            return rescanFromRegistry(image, db);
        }
        if (image.sourceKey() == null) {
            throw new ImageScanException("image " + digest + " has no inventory by analyzers " + analyzerKey
                    + " and no source archive to scan again");
        }
        Inventory inventory = parts.archives().scan(image.sourceKey(), img -> {
            String found = StoredArchives.digestOf(img);
            if (!found.equals(digest)) {
                throw new ImageScanException(image.sourceKey() + " now holds image " + found + ", not " + digest);
            }
            return true;
        }, deadline).orElseThrow();
        deadline.check("recording the results of " + digest);
        parts.inventories().put(digest, inventory);
        return parts.results().record(scan, digest, inventory, db, null, claim);
    }

    /** An image read from a registry, inventoried by other analyzers: read again from there, by digest. */
    private JobOutcome rescanFromRegistry(ImageRecord image, VulnDatabase db) {
        String reference = image.repository() + "@" + digest;
        Inventory inventory = parts.registries().scan(reference, authorization, img -> {
            String found = StoredArchives.digestOf(img);
            if (!found.equals(digest)) {
                throw new ImageScanException(reference + " is image " + found + ", not " + digest);
            }
            return true;
        }, deadline).orElseThrow();
        deadline.check("recording the results of " + digest);
        parts.inventories().put(digest, inventory);
        return parts.results().record(scan, digest, inventory, db, null, claim);
    }

    private JobOutcome skipped(ScanClaim done, VulnDatabase db, String dbVersion) {
        String judged = scan.trigger() == ScanTrigger.PERIODIC
                ? "; " + parts.rejudgement().judgeAgain(scan, digest, db) : "";
        parts.table().scans().finish(scan.scanId(), digest, dbVersion);
        return new JobOutcome(Status.SKIPPED, scan.scanId(), digest, "already scanned with database " + dbVersion
                + " by scan " + done.scanId() + judged);
    }
}
