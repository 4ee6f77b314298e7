package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagescan.store.ScanCompleted;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.store.StoreException;
import dev.imagescan.store.StoreKeys;
import dev.imagescan.testing.aws.LocalAws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** {@link SqsCompletionQueue} against a real SQS API (LocalStack or ElasticMQ), a fresh queue per test. */
class SqsCompletionQueueTest {
    private final LocalAws aws = LocalAws.get();

    private static ScanCompleted completed(String scanId, ScanCompleted.Kind kind, String verdict, String previous) {
        String digest = Digests.of(scanId);
        String db = Digests.of("db");
        return new ScanCompleted(kind, scanId, digest, ScanTrigger.PERIODIC, db, StoreKeys.imageReport(digest, db),
                null, verdict, previous, "7", Instant.parse("2026-11-27T12:00:00.123Z"));
    }

    @Test
    void sentMessagesArriveAsTheirJson() {
        String queue = aws.createQueue();
        SqsCompletionQueue completions = new SqsCompletionQueue(aws.sqs(), queue);
        ScanCompleted scanned = completed("scan-1", ScanCompleted.Kind.SCANNED, "ALLOWED", null);
        ScanCompleted rejudged = completed("scan-2", ScanCompleted.Kind.REJUDGED, "BLOCKED", "ALLOWED");

        completions.send(scanned);
        completions.send(rejudged);

        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 10 && messages.size() < 2; i++) {
            messages.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages());
        }
        assertThat(messages).extracting(m -> ScanCompleted.fromJson(m.body()))
                .containsExactlyInAnyOrder(scanned, rejudged);
        assertThat(messages).extracting(Message::body).contains(rejudged.toJson());
    }

    @Test
    void aQueueThatIsNotThereIsAStoreFailureNamingTheScan() {
        String queue = aws.createQueue();
        aws.sqs().deleteQueue(b -> b.queueUrl(queue));
        SqsCompletionQueue completions = new SqsCompletionQueue(aws.sqs(), queue);

        assertThatThrownBy(() -> completions.send(completed("scan-3", ScanCompleted.Kind.SCANNED, "ALLOWED", null)))
                .isInstanceOf(StoreException.class).hasMessageContaining("scan-3");
    }
}
