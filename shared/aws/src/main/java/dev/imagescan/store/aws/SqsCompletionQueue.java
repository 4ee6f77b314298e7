package dev.imagescan.store.aws;

import dev.imagescan.store.CompletionQueue;
import dev.imagescan.store.ScanCompleted;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link CompletionQueue} over one SQS queue: each {@link ScanCompleted} is one SendMessage of its ASCII JSON
 * ({@link ScanCompleted#toJson}). A message not taken, after the SDK's own retries, is a
 * {@link dev.imagescan.store.StoreException}.
 */
public final class SqsCompletionQueue implements CompletionQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    /** @param sqs a client built once and shared; this queue does not close it */
    public SqsCompletionQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void send(ScanCompleted completed) {
        String body = completed.toJson();
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        } catch (SdkException e) {
            throw AwsErrors.failure("sending the completion of scan " + completed.scanId() + " to " + queueUrl, e);
        }
    }
}
