package dev.imagescan.functions.testing;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Plays Lambda's SQS event source mapping against a real queue: receives up to a batch of messages, builds the
 * {@code SQSEvent} JSON the way Lambda does (messageId, receiptHandle, body, attributes with ApproximateReceiveCount,
 * md5OfBody, eventSource {@code aws:sqs}, eventSourceARN, awsRegion), deserializes it with the Lambda runtime's own
 * serializer, invokes the handler, and deletes the messages not listed in {@code batchItemFailures} (all of them
 * stay when the handler throws). Failed messages reappear after the queue's visibility timeout; the queue's redrive
 * policy moves them to its dead-letter queue.
 */
public final class SqsEventSource {
    private static final JsonFactory JSON = new JsonFactory();
    private static final PojoSerializer<SQSEvent> SERIALIZER =
            LambdaEventSerializers.serializerFor(SQSEvent.class, SqsEventSource.class.getClassLoader());

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;
    private int invocations;

    public SqsEventSource(SqsClient sqs, String queueUrl, String region, int batchSize) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.region = region;
        this.batchSize = batchSize;
        this.queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().getOrDefault(QueueAttributeName.QUEUE_ARN,
                        "arn:aws:sqs:" + region + ":000000000000:" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
    }

    /** How many times a handler was invoked. */
    public int invocations() {
        return invocations;
    }

    /** One poll: receives up to a batch and, if any arrived, invokes the handler once; returns how many arrived. */
    public int pollOnce(RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                .waitTimeSeconds(0).messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        if (messages.isEmpty()) {
            return 0;
        }
        SQSEvent event = event(messages);
        invocations++;
        SQSBatchResponse response;
        try {
            response = handler.handleRequest(event, null);
        } catch (RuntimeException e) {
            return messages.size(); // the whole batch fails: every message reappears
        }
        Set<String> failed = new HashSet<>();
        if (response != null && response.getBatchItemFailures() != null) {
            response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
        }
        for (Message m : messages) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
        return messages.size();
    }

    /**
     * Polls until the queue holds no message, visible or in flight, or {@code timeout} passes; returns whether it
     * drained.
     */
    public boolean drain(RequestHandler<SQSEvent, SQSBatchResponse> handler, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pollOnce(handler) > 0) {
                continue;
            }
            Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            if ("0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    && "0".equals(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The event Lambda would build for {@code messages}, read by the Lambda runtime's own serializer. */
    public SQSEvent event(List<Message> messages) {
        return SERIALIZER.fromJson(eventJson(messages));
    }

    /** The event Lambda would build for these messages. */
    private String eventJson(List<Message> messages) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("Records");
            for (Message m : messages) {
                g.writeStartObject();
                g.writeStringField("messageId", m.messageId());
                g.writeStringField("receiptHandle", m.receiptHandle());
                g.writeStringField("body", m.body());
                g.writeObjectFieldStart("attributes");
                for (Map.Entry<MessageSystemAttributeName, String> a : m.attributes().entrySet()) {
                    g.writeStringField(a.getKey().toString(), a.getValue());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("messageAttributes");
                g.writeEndObject();
                g.writeStringField("md5OfBody", m.md5OfBody());
                g.writeStringField("eventSource", "aws:sqs");
                g.writeStringField("eventSourceARN", queueArn);
                g.writeStringField("awsRegion", region);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
