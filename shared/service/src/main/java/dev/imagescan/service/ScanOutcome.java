package dev.imagescan.service;

/**
 * How handling one scan request ended, and so what becomes of its message.
 *
 * @param scanId      the scan, null when the request named none that could be made
 * @param imageDigest the image, null when it was not learnt
 * @param message     one line for the log: the reason of a failure, or why nothing was done
 */
public record ScanOutcome(Status status, String scanId, String imageDigest, String message) {

    /** Where a request ended. */
    public enum Status {
        /** Scanned or re-matched; results stored and the scan DONE. */
        DONE(true),
        /** Nothing to do: the scan was already final, or the same (image, database, analyzers) was done by another. */
        SKIPPED(true),
        /** A permanent problem of the input (not an image, truncated…): the scan is FAILED; not retried. */
        FAILED(true),
        /** A passing failure: the message is delivered again. */
        RETRY(false),
        /** A failure on the last allowed delivery: the scan is FAILED and the message goes to the dead-letter queue. */
        GAVE_UP(false);

        private final boolean acknowledged;

        Status(boolean acknowledged) {
            this.acknowledged = acknowledged;
        }

        /** Whether the message is done with (deleted); false: reported as a batch item failure. */
        public boolean acknowledged() {
            return acknowledged;
        }
    }
}
