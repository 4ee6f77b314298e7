package dev.imagescan.service;

import dev.imagescan.store.ScanRecord;
import dev.imagescan.store.ScanStatus;
import dev.imagescan.store.Scans;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When the sweep tries again an image whose sweep scan FAILED: after {@link #BACKOFF} (1 h, 6 h, then 24 h after the
 * failed attempt finished), each retry a scan of its own, {@code <sweep scan id>-r1}, {@code -r2}, {@code -r3}, so the
 * chain of scan records is the image's retry history (nothing else is written). A failure that cannot pass is not
 * retried: the image is gone from the registry (HTTP 404), or its manifest is one the scanner refuses (Docker schema
 * 1, not a container image). After the last retry failed the image waits for the next database or analyzer key,
 * which gives it a new sweep scan id and so a fresh chain. The records expire with the table's retention (finished
 * scans have a TTL), after which a still failing image starts a fresh chain too.
 */
final class SweepRetries {
    /** How long after a failed attempt finished the next is made: the first retry, the second, the third. */
    static final List<Duration> BACKOFF = List.of(Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24));
    /** Failure reasons that do not pass with time: the image is gone, or its manifest is refused. */
    private static final List<String> PERMANENT = List.of("not found (HTTP 404", "manifest v2 schema 1",
            "is not a container image");

    private final Scans scans;
    private final Clock clock;

    SweepRetries(Scans scans, Clock clock) {
        this.scans = scans;
        this.clock = clock;
    }

    /** What the sweep does with an image whose sweep scan exists already. */
    enum Kind {
        /** A scan of the chain is queued, running or done: nothing to do. */
        KNOWN,
        /** The last attempt failed and its backoff has not passed. */
        WAITING,
        /** The last attempt failed for good, or every retry failed. */
        GIVEN_UP,
        /** Make and enqueue {@link Decision#scanId()}. */
        RETRY
    }

    /**
     * The decision for one image.
     *
     * @param kind   what to do
     * @param scanId the retry's scan id, for {@link Kind#RETRY}; else the last scan of the chain (null if none)
     * @param reason why, for the sweep's log (null for {@link Kind#KNOWN})
     */
    record Decision(Kind kind, String scanId, String reason) {}

    /** The scan id of retry {@code n} (from 1) of the sweep scan {@code sweepScanId}. */
    static String retryId(String sweepScanId, int n) {
        return sweepScanId + "-r" + n;
    }

    /** Reads the chain of {@code sweepScanId} (at most {@code 1 + BACKOFF.size()} records) and decides. */
    Decision next(String sweepScanId) {
        ScanRecord last = null;
        int n = 0;
        for (; n <= BACKOFF.size(); n++) {
            String id = n == 0 ? sweepScanId : retryId(sweepScanId, n);
            Optional<ScanRecord> scan = scans.get(id);
            if (scan.isEmpty()) {
                break;
            }
            if (scan.get().status() != ScanStatus.FAILED) {
                return new Decision(Kind.KNOWN, id, null);
            }
            last = scan.get();
        }
        if (last == null) { // the sweep scan expired since the sweep tried to make it: the next sweep makes it
            return new Decision(Kind.KNOWN, null, null);
        }
        String error = last.error() == null ? "" : last.error();
        for (String permanent : PERMANENT) {
            if (error.contains(permanent)) {
                return new Decision(Kind.GIVEN_UP, last.scanId(), "not retried, it cannot pass: " + error);
            }
        }
        if (n > BACKOFF.size()) {
            return new Decision(Kind.GIVEN_UP, last.scanId(), "failed " + n + " times, the last: " + error);
        }
        Instant finished = last.finishedAt() == null ? last.createdAt() : last.finishedAt();
        Instant due = finished.plus(BACKOFF.get(n - 1));
        if (clock.instant().isBefore(due)) {
            return new Decision(Kind.WAITING, last.scanId(), "retried from " + due + " (" + error + ")");
        }
        return new Decision(Kind.RETRY, retryId(sweepScanId, n), "retry " + n + " of " + BACKOFF.size() + " after: "
                + error);
    }
}
