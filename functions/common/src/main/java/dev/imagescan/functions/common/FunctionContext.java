package dev.imagescan.functions.common;

import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.JobQueue;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.PolicyStore;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.store.aws.DynamoScanTable;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.S3PolicyStore;
import dev.imagescan.store.aws.SqsCompletionQueue;
import dev.imagescan.store.aws.SqsJobQueue;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a function's container holds for its life: its settings and the stores over SDK clients built once. Building
 * it opens no connection (clients connect on first use), so it can run in a handler's static initialiser and be
 * snapshotted by SnapStart.
 *
 * @param queue       null for a function that sends no jobs and was given no queue
 * @param policies    the blocking policy's revisions (in the bucket and the table)
 * @param completions the queue of finished scans, {@link CompletionQueue#NONE} without
 *                    {@code IMAGESCAN_COMPLETED_QUEUE_URL}
 */
public record FunctionContext(FunctionSettings settings, ObjectStore store, ScanTable table, JobQueue queue,
        PolicyStore policies, CompletionQueue completions) {

    /** The stores of the environment's settings ({@link FunctionSettings}, {@link AwsClients#fromEnvironment}). */
    public static FunctionContext fromEnvironment(Map<String, String> env, boolean needsQueue) {
        return of(FunctionSettings.fromEnvironment(env, needsQueue), AwsClients.fromEnvironment(env));
    }

    /** The stores of {@code settings} over clients built by {@code clients} (tests pass the local servers'). */
    public static FunctionContext of(FunctionSettings settings, AwsClients clients) {
        ObjectStore store = new S3ObjectStore(clients.s3(), settings.bucket());
        ScanTable table = new DynamoScanTable(clients.dynamoDb(), settings.table());
        JobQueue queue = settings.queueUrl() == null ? null : new SqsJobQueue(clients.sqs(), settings.queueUrl());
        PolicyStore policies = new S3PolicyStore(store, clients.dynamoDb(), settings.table(), Clock.systemUTC());
        CompletionQueue completions = settings.completedQueueUrl() == null ? CompletionQueue.NONE
                : new SqsCompletionQueue(clients.sqs(), settings.completedQueueUrl());
        return new FunctionContext(settings, store, table, queue, policies, completions);
    }

    /**
     * This context with its object store wrapped (tests and benchmarks count or fail its calls); the policy store
     * keeps the unwrapped one.
     */
    public FunctionContext withStore(UnaryOperator<ObjectStore> wrap) {
        return new FunctionContext(settings, wrap.apply(store), table, queue, policies, completions);
    }

    /** This context telling {@code queue} of finished scans (tests). */
    public FunctionContext withCompletions(CompletionQueue queue) {
        return new FunctionContext(settings, store, table, this.queue, policies, queue);
    }
}
