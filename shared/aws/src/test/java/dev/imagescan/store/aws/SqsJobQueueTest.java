package dev.imagescan.store.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagescan.store.FailedJob;
import dev.imagescan.store.ScanJob;
import dev.imagescan.store.ScanTrigger;
import dev.imagescan.testing.aws.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** {@link SqsJobQueue} against a real SQS API (LocalStack or ElasticMQ), a fresh queue per test. */
class SqsJobQueueTest {
    private final LocalAws aws = LocalAws.get();

    @Test
    void sendsTwentyFiveJobsInBatchesAndAllArrive() {
        String queue = aws.createQueue();
        List<ScanJob> jobs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            jobs.add(i % 2 == 0
                    ? new ScanJob("scan-" + i, Digests.of("image-" + i), null, ScanTrigger.PERIODIC, 1)
                    : new ScanJob("scan-" + i, null, "incoming/image-" + i + ".tar", ScanTrigger.PUSH, 1));
        }

        List<FailedJob> failed = new SqsJobQueue(aws.sqs(), queue).sendAll(jobs);

        assertThat(failed).isEmpty();
        assertThat(receiveAll(queue, 25)).containsExactlyInAnyOrderElementsOf(jobs);
    }

    @Test
    void objectKeysWithAnyCharacterTravel() {
        // U+FFFF is legal in an S3 key, refused by SQS in a message body (ElasticMQ even fails the whole request)
        String queue = aws.createQueue();
        List<ScanJob> jobs = List.of(
                new ScanJob("scan-1", null, "incoming/caf\u00e9 \uD83D\uDE00.tar", ScanTrigger.PUSH, 1),
                new ScanJob("scan-2", null, "incoming/odd\uFFFF\uFFFE.tar", ScanTrigger.PUSH, 2));

        assertThat(new SqsJobQueue(aws.sqs(), queue).sendAll(jobs)).isEmpty();
        assertThat(receiveAll(queue, 2)).containsExactlyInAnyOrderElementsOf(jobs);
    }

    @Test
    void entriesTheQueueRefusesAreReportedNotRetried() {
        // a FIFO queue refuses each entry without a message group, as the sender's fault (code MissingParameter)
        String queue = aws.sqs().createQueue(b -> b.queueName(LocalAws.uniqueName("jobs") + ".fifo")
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
                        QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
        List<ScanJob> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(new ScanJob("scan-" + i, Digests.of("image-" + i), null, ScanTrigger.MANUAL, 1));
        }

        long start = System.nanoTime();
        List<FailedJob> failed = new SqsJobQueue(aws.sqs(), queue).sendAll(jobs);

        assertThat(failed).extracting(FailedJob::job).containsExactlyElementsOf(jobs);
        assertThat(failed).allSatisfy(f -> {
            assertThat(f.senderFault()).isTrue();
            assertThat(f.code()).isEqualTo("MissingParameter");
            assertThat(f.message()).contains("MessageGroupId");
        });
        assertThat(System.nanoTime() - start).as("no retry pauses").isLessThan(2_000_000_000L);
        assertThat(aws.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()).isEmpty();
    }

    @Test
    void nothingToSendSendsNothing() {
        assertThat(new SqsJobQueue(aws.sqs(), aws.createQueue()).sendAll(List.of())).isEmpty();
    }

    private List<ScanJob> receiveAll(String queue, int expected) {
        List<ScanJob> received = new ArrayList<>();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (received.size() < expected && System.nanoTime() < deadline) {
            List<Message> messages = aws.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            for (Message m : messages) {
                received.add(ScanJob.fromJson(m.body()));
                aws.sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        List<Message> extra = aws.sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
        assertThat(extra).as("no message beyond those sent").isEmpty();
        return received;
    }
}
