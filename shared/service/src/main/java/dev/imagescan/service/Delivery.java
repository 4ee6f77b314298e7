package dev.imagescan.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How often the message asking for a scan has been delivered, and how often it may be: a failure on the last allowed
 * delivery marks the scan FAILED before the message goes to the dead-letter queue. It also carries when the
 * invocation handling it ends, so that a scan stops (and records why) before the function is timed out.
 *
 * @param receiveCount the message's receive count (SQS {@code ApproximateReceiveCount}), from 1
 * @param maxReceives  the queue's redrive {@code maxReceiveCount}
 * @param invocationEnd  when the invocation handling the message is timed out (Lambda's
 *                       {@code getRemainingTimeInMillis()} from its start); null: no limit
 * @param invocationTime the whole invocation's time, as it had at its start (so a scan knows whether it ran out
 *                       having had most of it, or because it started late in a batch); null with no limit
 */
public record Delivery(int receiveCount, int maxReceives, Instant invocationEnd, Duration invocationTime) {
    public Delivery {
        if (receiveCount < 1 || maxReceives < 1) {
            throw new IllegalArgumentException("receive count " + receiveCount + " and max receives " + maxReceives
                    + " start at 1");
        }
        if ((invocationEnd == null) != (invocationTime == null)) {
            throw new IllegalArgumentException("an invocation's end and its time come together");
        }
    }

    /** A delivery with no time limit. */
    public Delivery(int receiveCount, int maxReceives) {
        this(receiveCount, maxReceives, null, null);
    }

    /** Whether this is the last delivery the queue makes before the dead-letter queue. */
    public boolean isLast() {
        return receiveCount >= maxReceives;
    }
}
