package dev.imagescan.store;

/**
 * A job the queue did not take.
 *
 * @param code        the service's error code for it
 * @param message     the service's explanation
 * @param senderFault true when the job itself was refused (sending it again will not help), false when the service
 *                    failed to take it and further retries were given up
 */
public record FailedJob(ScanJob job, String code, String message, boolean senderFault) {}
