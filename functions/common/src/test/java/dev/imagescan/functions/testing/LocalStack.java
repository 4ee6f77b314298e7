package dev.imagescan.functions.testing;

import dev.imagescan.functions.common.FunctionContext;
import dev.imagescan.functions.common.FunctionSettings;
import dev.imagescan.store.PutOptions;
import dev.imagescan.store.aws.AwsClients;
import dev.imagescan.store.aws.ScanTableSchema;
import dev.imagescan.testing.aws.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A fresh deployment on the local servers ({@link LocalAws}): a bucket, a table, a scan queue with a dead-letter
 * queue (redrive maxReceiveCount 3, visibility timeout 1 s so retries come back fast), and the environment the
 * functions would get from the template.
 */
public final class LocalStack {
    public static final int MAX_RECEIVES = 3;

    private final LocalAws aws = LocalAws.get();
    private final String bucket = aws.createBucket();
    private final String table = aws.createTable((db, name) -> ScanTableSchema.create(db, name, Duration.ofSeconds(30)),
            (db, name) -> db.updateTimeToLive(ScanTableSchema.timeToLiveRequest(name)));
    private final String deadLetterUrl = aws.createQueue();
    private final String queueUrl;

    public LocalStack() {
        String dlqArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        queueUrl = aws.createQueue(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVES + "\"}"));
    }

    public LocalAws aws() {
        return aws;
    }

    public String bucket() {
        return bucket;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterUrl() {
        return deadLetterUrl;
    }

    /** The functions' environment, as the template sets it, with the endpoints of the local servers. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(aws.environment());
        env.put("IMAGESCAN_BUCKET", bucket);
        env.put("IMAGESCAN_TABLE", table);
        env.put("IMAGESCAN_QUEUE_URL", queueUrl);
        env.put("IMAGESCAN_MAX_RECEIVES", Integer.toString(MAX_RECEIVES));
        env.put("IMAGESCAN_DB_CHECK_SECONDS", "0");
        return env;
    }

    /** The stores a function of this deployment uses. */
    public FunctionContext context() {
        return FunctionContext.of(FunctionSettings.fromEnvironment(environment(), true), settings());
    }

    /** Settings for code that builds its own clients: the servers' endpoints, region and credentials. */
    public AwsClients settings() {
        return new AwsClients(Region.of(aws.region()), aws.s3Endpoint(), aws.dynamoDbEndpoint(), aws.sqsEndpoint(),
                aws.eventsEndpoint(), true, aws.credentials());
    }

    /** The event source mapping of the scan queue (batch size 10). */
    public SqsEventSource eventSource() {
        return new SqsEventSource(aws.sqs(), queueUrl, aws.environment().get("AWS_REGION"), 10);
    }

    /** Uploads {@code archive} under {@code key} and sends the notification S3 would send; returns the etag. */
    public String push(String key, Path archive) {
        try {
            return push(key, Files.readAllBytes(archive));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String push(String key, byte[] bytes) {
        String etag = context().store().put(key, bytes, PutOptions.BINARY);
        notify(key, bytes.length, etag);
        return etag;
    }

    /** Sends the ObjectCreated notification of an object already stored. */
    public void notify(String key, long size, String etag) {
        String body = S3Notifications.objectCreated(aws.environment().get("AWS_REGION"), bucket, key, size, etag);
        aws.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    /** Messages now in the dead-letter queue. */
    public int deadLetters() {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
