package dev.imagescan.service;

import dev.imagescan.inventory.Inventory;
import dev.imagescan.policy.Verdict;
import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ImageRecord;
import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.vulndb.VulnDatabase;
import java.time.Clock;
import java.util.Optional;

/**
 * A periodic run of an image already scanned with the current database judges it again: its stored inventory is
 * matched against the same database (no layer is read) and, when the decision or the policy version differs from the
 * image record's, the verdict JSON and the tag are rewritten, a {@code REJUDGED} message is sent if the decision
 * changed (an allow-list entry expired, the policy changed) and the image record is updated last: a crash before that
 * makes the next delivery judge, and send, again.
 */
final class Rejudgement {
    private final ScanTable table;
    private final StoredInventories inventories;
    private final ScanResults results;
    private final VerdictService verdicts;
    private final CompletionQueue completions;
    private final Clock clock;
    private final String analyzerKey;

    Rejudgement(ScanTable table, StoredInventories inventories, ScanResults results, VerdictService verdicts,
            CompletionQueue completions, Clock clock, String analyzerKey) {
        this.table = table;
        this.inventories = inventories;
        this.results = results;
        this.verdicts = verdicts;
        this.completions = completions;
        this.clock = clock;
        this.analyzerKey = analyzerKey;
    }

    /** Judges {@code digest} again for {@code scan}; returns what happened, for the outcome's message. */
    String judgeAgain(ScanRecord scan, String digest, VulnDatabase db) {
        ImageRecord image = table.images().get(digest).orElse(null);
        if (image == null || !analyzerKey.equals(image.analyzerKey())) {
            return "not judged again: the image has no results by analyzers " + analyzerKey;
        }
        Optional<Inventory> inventory = inventories.get(digest);
        if (inventory.isEmpty()) {
            return "not judged again: no stored inventory";
        }
        Verdict verdict = results.assess(inventory.get(), db).verdict();
        VerdictService.Judgement judgement = verdicts.compare(digest, verdict);
        if (!judgement.recordChanged()) {
            return "verdict still " + judgement.decision() + " by policy " + verdict.policyVersion();
        }
        verdicts.putVerdict(digest, verdict);
        verdicts.tagSource(image.sourceKey(), verdict);
        String dbVersion = db.info().digest();
        if (judgement.decisionChanged()) {
            completions.send(new ScanCompleted(ScanCompleted.Kind.REJUDGED, scan.scanId(), digest, scan.trigger(),
                    dbVersion, StoreKeys.imageReport(digest, dbVersion), null, judgement.decision(),
                    judgement.previousVerdict(), verdict.policyVersion(), clock.instant()));
        }
        verdicts.record(digest, verdict); // last: until it is written, a delivery again judges and sends again
        return "verdict now " + judgement.decision() + " by policy " + verdict.policyVersion() + " (was "
                + judgement.previousVerdict() + " by policy " + judgement.previousPolicy() + ")";
    }
}
