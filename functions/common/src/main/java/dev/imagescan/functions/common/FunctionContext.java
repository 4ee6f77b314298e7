package dev.imagescan.functions.common;

import dev.imagescan.store.JobQueue;
import dev.imagescan.store.ObjectStore;
import dev.imagescan.store.ScanTable;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.store.aws.DynamoScanTable;
import dev.imagescan.store.aws.S3ObjectStore;
import dev.imagescan.store.aws.SqsJobQueue;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a function's container holds for its life: its settings and the stores over SDK clients built once. Building
 * it opens no connection (clients connect on first use), so it can run in a handler's static initialiser and be
 * snapshotted by SnapStart.
 *
 * @param queue null for a function that sends no jobs and was given no queue
 */
public record FunctionContext(FunctionSettings settings, ObjectStore store, ScanTable table, JobQueue queue) {

    /** The stores of the environment's settings ({@link FunctionSettings}, {@link AwsClients#fromEnvironment}). */
    public static FunctionContext fromEnvironment(Map<String, String> env, boolean needsQueue) {
        return of(FunctionSettings.fromEnvironment(env, needsQueue), AwsClients.fromEnvironment(env));
    }

    /** The stores of {@code settings} over clients built by {@code clients} (tests pass the local servers'). */
    public static FunctionContext of(FunctionSettings settings, AwsClients clients) {
        ObjectStore store = new S3ObjectStore(clients.s3(), settings.bucket());
        ScanTable table = new DynamoScanTable(clients.dynamoDb(), settings.table());
        JobQueue queue = settings.queueUrl() == null ? null : new SqsJobQueue(clients.sqs(), settings.queueUrl());
        return new FunctionContext(settings, store, table, queue);
    }

    /** This context with its object store wrapped (tests and benchmarks count or fail its calls). */
    public FunctionContext withStore(UnaryOperator<ObjectStore> wrap) {
        return new FunctionContext(settings, wrap.apply(store), table, queue);
    }
}
