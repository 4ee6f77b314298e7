package dev.imagescan.store.memory;

import dev.imagescan.store.FailedJob;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.ScanJob;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@link JobQueue} in memory: each job is sent as its JSON ({@link ScanJob#toJson}), as {@code SqsJobQueue} sends
 * it, and a test takes it back with {@link #receive} and {@link ScanJob#fromJson}, with the receive counts,
 * redelivery after the visibility timeout and dead letters of {@link InMemoryQueue}. Every job is taken: nothing is
 * ever returned as failed.
 */
public final class InMemoryJobQueue extends InMemoryQueue implements JobQueue {
    /** A queue with SQS's default visibility timeout and the deployment's default max receives. */
    public InMemoryJobQueue(Clock clock) {
        this(clock, DEFAULT_VISIBILITY_TIMEOUT, DEFAULT_MAX_RECEIVES);
    }

    /** See {@link InMemoryQueue#InMemoryQueue}. */
    public InMemoryJobQueue(Clock clock, Duration visibilityTimeout, int maxReceives) {
        super(clock, visibilityTimeout, maxReceives);
    }

    @Override
    public List<FailedJob> sendAll(List<ScanJob> jobs) {
        for (ScanJob job : jobs) {
            sendBody(job.toJson());
        }
        return List.of();
    }
}
