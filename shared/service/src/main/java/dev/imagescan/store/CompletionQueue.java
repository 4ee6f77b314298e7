package dev.imagescan.store;

/**
 * The queue the scan function tells of every finished scan (and of every verdict a periodic run changed), for the
 * publish function. Delivery is at least once: the publisher must be idempotent.
 */
public interface CompletionQueue {
    /**
     * Sends one message.
     *
     * @throws StoreException when the service did not take it (after the SDK's own retries)
     */
    void send(ScanCompleted completed);

    /** A queue that drops every message: for deployments (and tests) without a publish function. */
    CompletionQueue NONE = completed -> {};
}
