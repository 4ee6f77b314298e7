package dev.imagescan.store;

import java.util.List;

/** The queue of scan jobs the scan function consumes. Delivery is at least once: consumers must be idempotent. */
public interface JobQueue {
    /** The most messages one batch request carries (SQS's limit). */
    int MAX_BATCH = 10;

    /**
     * Sends every job, in batches of at most {@link #MAX_BATCH}; entries the service failed to take are sent again
     * a few times. Returns the jobs that were still not taken, empty when all were sent. A job may be delivered
     * twice (a retried entry that had been taken after all).
     *
     * @throws StoreException when the service failed a whole request: jobs of earlier batches may have been sent
     */
    List<FailedJob> sendAll(List<ScanJob> jobs);
}
