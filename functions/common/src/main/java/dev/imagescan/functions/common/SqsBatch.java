package dev.imagescan.functions.common;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the SQS-triggered handlers share: one call per message of a batch and the partial batch response (only the
 * messages to be delivered again are listed, so one bad message never fails its batch), the message's receive count,
 * and the fields every message's log line starts with.
 */
public final class SqsBatch {
    private static final System.Logger LOG = System.getLogger(SqsBatch.class.getName());

    private SqsBatch() {}

    /**
     * Runs {@code handler} on each message of {@code event}; the response lists those it returned false for, and
     * those it threw on: an exception or an {@link Error} (out of memory, a stack overflow) in one message is that
     * message's failure, logged, and the rest of the batch goes on.
     *
     * @param handler true when the message is done with (deleted), false to have it delivered again
     */
    public static SQSBatchResponse handle(SQSEvent event, Predicate<SQSEvent.SQSMessage> handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            if (!test(handler, message)) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    private static boolean test(Predicate<SQSEvent.SQSMessage> handler, SQSEvent.SQSMessage message) {
        try {
            return handler.test(message);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "message " + message.getMessageId() + " failed; the batch goes on", e);
            return false;
        }
    }

    /** How many times SQS delivered {@code message} (its {@code ApproximateReceiveCount}), 1 when not stated. */
    public static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes();
        String value = attributes == null ? null : attributes.get("ApproximateReceiveCount");
        try {
            return value == null ? 1 : Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A {@code message} log line with the message id, its receive count and the milliseconds since {@code start}. */
    public static JsonLog.Line logLine(JsonLog log, SQSEvent.SQSMessage message, int receives, long startNanos) {
        return log.line("message").with("messageId", message.getMessageId()).with("receiveCount", receives)
                .with("ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
}
