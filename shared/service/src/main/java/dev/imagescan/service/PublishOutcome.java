package dev.imagescan.service;

/**
 * How publishing one scan-completed message ended, and so what becomes of the message.
 *
 * @param scanId      the scan, null when the message could not be read
 * @param imageDigest the image, null when the message could not be read
 * @param message     one line for the log: what was published, the reason of a failure, or why nothing was done
 */
public record PublishOutcome(Status status, String scanId, String imageDigest, String message) {

    /** Where a message ended. */
    public enum Status {
        /** Reports written, events put, marker written. */
        PUBLISHED(true),
        /** Nothing to do: already published (its marker exists), or nothing to announce. */
        SKIPPED(true),
        /** A permanent problem of the message or its report (unreadable, missing): nothing published, not retried. */
        FAILED(true),
        /** A passing failure (a store or the bus): the message is delivered again. */
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
