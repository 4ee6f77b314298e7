package dev.imagescan.service;

/**
 * How handling one queued job (a scan request, a scan-completed message to publish) ended, and so what becomes of
 * its message.
 *
 * @param scanId      the scan, null when the job named none that could be made or read
 * @param imageDigest the image, null when it was not learnt
 * @param message     one line for the log: what was done, the reason of a failure, or why nothing was done
 */
public record JobOutcome(Status status, String scanId, String imageDigest, String message) {

    /** Where a job ended. */
    public enum Status {
        /** Done: scanned or re-matched (results stored, the scan DONE), or published (reports, events, marker). */
        DONE(true),
        /**
         * Nothing to do: the scan was already final, the same (image, database, analyzers) was done by another, or
         * the message was already published or has nothing to announce.
         */
        SKIPPED(true),
        /** A permanent problem of the input (not an image, truncated, an unreadable message…): not retried. */
        FAILED(true),
        /** A passing failure (a store, the bus, a held claim): the message is delivered again. */
        RETRY(false),
        /** A passing failure on the last allowed delivery: the message goes to the dead-letter queue. */
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
