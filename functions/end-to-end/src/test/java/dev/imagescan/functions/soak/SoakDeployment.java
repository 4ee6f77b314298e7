package dev.imagescan.functions.soak;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.store.aws.ScanTableSchema;
import dev.imagescan.testing.aws.Fault;
import dev.imagescan.testing.aws.FaultProxy;
import dev.imagescan.testing.aws.LocalAws;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fresh deployment for the soak on the local servers: bucket, table, the scan queue and the completion queue, each
 * with its dead-letter queue (redrive after {@link #MAX_RECEIVES}), an event bus, and a {@link FaultProxy} in front of
 * each of S3, DynamoDB and SQS. The functions' clients go through the proxies; the soak's own set-up, its Lambda
 * pollers and its checks use the servers directly.
 */
final class SoakDeployment implements AutoCloseable {
    static final int MAX_RECEIVES = 3;
    /** The queues' own visibility timeout: longer than any invocation (the pollers shorten it for re-deliveries). */
    private static final int VISIBILITY_SECONDS = 600;

    final LocalAws aws = LocalAws.get();
    final String bucket = aws.createBucket();
    final String table = aws.createTable((db, name) -> ScanTableSchema.create(db, name, Duration.ofSeconds(30)),
            (db, name) -> db.updateTimeToLive(ScanTableSchema.timeToLiveRequest(name)));
    final String scanDeadLetters = aws.createQueue();
    final String scanQueue = queueWithDeadLetters(scanDeadLetters);
    final String completedDeadLetters = aws.createQueue();
    final String completedQueue = queueWithDeadLetters(completedDeadLetters);
    final String bus = aws.createEventBus();
    final FaultProxy s3;
    final FaultProxy dynamoDb;
    final FaultProxy sqs;

    /** Proxies failing {@code rate} of each service's calls, kinds drawn from {@code seed}. */
    SoakDeployment(double rate, long seed) {
        s3 = FaultProxy.start(FaultProxy.Service.S3, aws.s3Endpoint(), rate, Fault.of(FaultProxy.Service.S3), seed);
        dynamoDb = FaultProxy.start(FaultProxy.Service.DYNAMODB, aws.dynamoDbEndpoint(), rate,
                Fault.of(FaultProxy.Service.DYNAMODB), seed + 1);
        sqs = FaultProxy.start(FaultProxy.Service.SQS, aws.sqsEndpoint(), rate, List.of(Fault.SQS_INTERNAL_ERROR,
                Fault.SQS_THROTTLING), seed + 2);
    }

    private String queueWithDeadLetters(String deadLetterUrl) {
        String arn = aws.sqs().getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        return aws.createQueue(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(VISIBILITY_SECONDS),
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}"));
    }

    /** The functions' environment, as the template sets it. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("IMAGESCAN_BUCKET", bucket);
        env.put("IMAGESCAN_TABLE", table);
        env.put("IMAGESCAN_QUEUE_URL", scanQueue);
        env.put("IMAGESCAN_COMPLETED_QUEUE_URL", completedQueue);
        env.put("IMAGESCAN_MAX_RECEIVES", Integer.toString(MAX_RECEIVES));
        env.put("IMAGESCAN_DB_CHECK_SECONDS", "0");
        return env;
    }

    /** The clients a function builds, through the fault proxies (EventBridge directly). */
    AwsClients faultyClients() {
        return new AwsClients(Region.of(aws.region()), s3.endpoint(), dynamoDb.endpoint(), sqs.endpoint(),
                aws.eventsEndpoint(), true, aws.credentials());
    }

    /** The stores a function of this deployment uses, through the fault proxies. */
    FunctionContext faultyContext() {
        return FunctionContext.of(FunctionSettings.fromEnvironment(environment(), true), faultyClients());
    }

    /** The same stores without faults: the soak's set-up and checks. */
    FunctionContext directContext() {
        AwsClients direct = new AwsClients(Region.of(aws.region()), aws.s3Endpoint(), aws.dynamoDbEndpoint(),
                aws.sqsEndpoint(), aws.eventsEndpoint(), true, aws.credentials());
        return FunctionContext.of(FunctionSettings.fromEnvironment(environment(), true), direct);
    }

    /** Turns the faults on (at {@code rate}) or off (0). */
    void faults(double rate) {
        s3.rate(rate);
        dynamoDb.rate(rate);
        sqs.rate(rate);
    }

    List<FaultProxy> proxies() {
        return List.of(s3, dynamoDb, sqs);
    }

    @Override
    public void close() {
        proxies().forEach(FaultProxy::close);
    }
}
