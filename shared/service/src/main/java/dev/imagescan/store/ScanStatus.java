package dev.imagescan.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a scan is: QUEUED → RUNNING → DONE or FAILED. RUNNING may be entered again (the job was delivered again
 * after its worker died; each start counts an attempt) and a QUEUED scan may fail without starting (a job that
 * cannot be run). DONE and FAILED are final.
 */
public enum ScanStatus {
    QUEUED,
    RUNNING,
    DONE,
    FAILED;

    /** The states a scan may be in to move to this one. */
    public Set<ScanStatus> allowedFrom() {
        return switch (this) {
            case QUEUED -> EnumSet.noneOf(ScanStatus.class);
            case RUNNING, FAILED -> EnumSet.of(QUEUED, RUNNING);
            case DONE -> EnumSet.of(RUNNING);
        };
    }

    /** Whether a scan in this state may move to {@code next}. */
    public boolean canMoveTo(ScanStatus next) {
        return next.allowedFrom().contains(this);
    }

    /** Whether nothing follows this state. */
    public boolean isFinal() {
        return this == DONE || this == FAILED;
    }
}
