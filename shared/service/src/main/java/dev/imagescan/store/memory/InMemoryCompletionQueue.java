package dev.imagescan.store.memory;

import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ScanCompleted;
import java.time.Clock;
import java.time.Duration;

/**
 * {@link CompletionQueue} in memory: each message is sent as its JSON ({@link ScanCompleted#toJson}), one message
 * each, as {@code SqsCompletionQueue} sends it; a test takes it back with {@link #receive} and
 * {@link ScanCompleted#fromJson}, with the receive counts, redelivery and dead letters of {@link InMemoryQueue}.
 */
public final class InMemoryCompletionQueue extends InMemoryQueue implements CompletionQueue {
    /** A queue with SQS's default visibility timeout and the deployment's default max receives. */
    public InMemoryCompletionQueue(Clock clock) {
        this(clock, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_MAX_RECEIVES);
    }

    /** See {@link InMemoryQueue#InMemoryQueue}. */
    public InMemoryCompletionQueue(Clock clock, Duration visibilityTimeout, int maxReceives) {
        super(clock, visibilityTimeout, maxReceives);
    }

    @Override
    public void send(ScanCompleted completed) {
        sendBody(completed.toJson());
    }
}
