package dev.imagescan.service;

/**
 * How often the message asking for a scan has been delivered, and how often it may be: a failure on the last allowed
 * delivery marks the scan FAILED before the message goes to the dead-letter queue.
 *
 * @param receiveCount the message's receive count (SQS {@code ApproximateReceiveCount}), from 1
 * @param maxReceives  the queue's redrive {@code maxReceiveCount}
 */
public record Delivery(int receiveCount, int maxReceives) {
    public Delivery {
        if (receiveCount < 1 || maxReceives < 1) {
            throw new IllegalArgumentException("receive count " + receiveCount + " and max receives " + maxReceives
                    + " start at 1");
        }
    }

    /** Whether this is the last delivery the queue makes before the dead-letter queue. */
    public boolean isLast() {
        return receiveCount >= maxReceives;
    }
}
